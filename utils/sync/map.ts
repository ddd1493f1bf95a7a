// Records of either side → the comparable model (model.ts), in 24SO's id space.
import type { BusyClientRecord, BusyProject, BusyTag, BusyTask } from '../busy/resources';
import type { TfsoCompany } from '../tfso/company';
import type { TfsoProject, TfsoProjectStatus, TfsoTask } from '../tfso/project';
import type { TfsoWorkType } from '../tfso/time';
import { sortedIds, type CustomerModel, type ProjectModel, type TaskModel, type WorkTypeModel } from './model';

export const busyCustomer = (c: BusyClientRecord): CustomerModel => ({ name: c.name, active: c.isActive });
/** Listed by GetCompanies = active; a deleted company is absent (archived in Busy). */
export const tfsoCustomer = (c: TfsoCompany): CustomerModel => ({ name: fitName(c.name, 2, 50), active: true });

/** `customerOf` maps a Busy client id to the linked 24SO company id (null: none / not linked). */
export function busyProject(p: BusyProject, customerOf: (clientId: string) => number | null): ProjectModel {
  return { name: p.name, customer: p.clientId === null ? null : customerOf(p.clientId), active: p.isActive };
}

export function tfsoProject(p: TfsoProject, active: boolean): ProjectModel {
  return { name: fitName(p.name, 1, 250), customer: p.customerId, active };
}

/** Active = its status is active; an unknown status counts as active (24SO lists it in GetProjectList). */
export function statusActive(statuses: readonly TfsoProjectStatus[], statusId: number | null): boolean {
  return statuses.find((s) => s.id === statusId)?.active ?? true;
}

export const busyWorkType = (t: BusyTag): WorkTypeModel => ({ name: t.name, active: t.isActive });
/** Read from GetWorkTypeList(Active=True): listed = active. */
export const tfsoWorkType = (w: TfsoWorkType): WorkTypeModel => ({ name: fitName(w.name, 1, 64), active: true });

export function busyTask(
  t: BusyTask,
  project: number,
  assigneeUserIds: readonly string[],
  contactOf: (userId: string) => number | undefined,
): TaskModel {
  return { name: t.name, project, assignees: sortedIds(assigneeUserIds.map(contactOf).filter((c): c is number => c !== undefined)) };
}

/** Only participants who are Busy users count: Busy cannot hold the others (they are kept in 24SO). */
export function tfsoTask(t: TfsoTask, isMapped: (contactId: number) => boolean): TaskModel {
  return { name: fitName(t.name, 2, 200), project: t.projectId, assignees: sortedIds(t.participants.filter(isMapped)) };
}

/** 24SO names as Busy can hold them (compared so, or they would differ forever). Busy's client name is 2–50 characters, a task's 2–200, a tag's 1–64, a project's 1–250. */
export function fitName(name: string, min: number, max: number): string {
  const n = name.trim().slice(0, max);
  return n.length >= min ? n : n.padEnd(min, '.');
}
