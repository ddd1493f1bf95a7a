// What "in step" means, read straight from both simulators' state (not through the engine).
import { expect } from 'vitest';
import { tfsoData, type World } from './harness';

export const busyProjects = (w: World) => [...w.busy.state.projects.values()];
export const busyClients = (w: World) => [...w.busy.state.clients.values()];
export const busyTags = (w: World) => [...w.busy.state.tags.values()];
export const busyTasks = (w: World) => [...w.busy.state.tasks.values()];

export function tfsoActive(w: World, statusId: number): boolean {
  return tfsoData(w).statuses.find((s) => s.id === statusId)?.active ?? true;
}

/** Busy user id of a 24SO contact, by the seed's ground truth (employeeCode = EmployeeId). */
export function busyUserOf(w: World, contactId: number): string | undefined {
  const u = tfsoData(w).users.find((x) => x.contactId === contactId);
  return u ? [...w.busy.state.users.values()].find((b) => b.employeeCode === String(u.employeeId))?.id : undefined;
}
export function contactOf(w: World, busyUserId: string): number | undefined {
  const b = w.busy.state.users.get(busyUserId);
  return tfsoData(w).users.find((u) => b && String(u.employeeId) === b.employeeCode)?.contactId;
}

export function countBy<T>(xs: T[], key: (x: T) => string | null): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of xs) {
    const k = key(x);
    if (k !== null) m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

/** Links one-to-one per kind. */
export async function expectLinksOneToOne(w: World): Promise<void> {
  for (const kind of ['customer', 'project', 'workType', 'task'] as const) {
    const ls = await w.store.links.all(kind);
    expect(new Set(ls.map((l) => l.busyId)).size, `${kind} links per Busy id`).toBe(ls.length);
    expect(new Set(ls.map((l) => l.tfsoId)).size, `${kind} links per 24SO id`).toBe(ls.length);
  }
}

export function expectNoDuplicates(w: World): void {
  const dup = (m: Map<string, number>) => [...m].filter(([, n]) => n > 1).map(([k]) => k);
  expect(dup(countBy(busyProjects(w), (p) => p.externalId)), 'Busy projects per externalId').toEqual([]);
  expect(dup(countBy(busyProjects(w), (p) => p.number)), 'Busy projects per number').toEqual([]);
  expect(dup(countBy(busyClients(w), (c) => c.externalId)), 'Busy clients per externalId').toEqual([]);
  expect(dup(countBy(busyTags(w), (t) => t.externalId)), 'Busy tags per externalId').toEqual([]);
  expect(dup(countBy(busyTasks(w), (t) => t.externalId)), 'Busy tasks per externalId').toEqual([]);
  const d = tfsoData(w);
  expect(dup(countBy(d.projects, (p) => p.name)), '24SO projects per name').toEqual([]);
  expect(dup(countBy(d.workTypes, (x) => x.name)), '24SO work types per name').toEqual([]);
  expect(dup(countBy(d.tasks, (t) => `${t.projectId}/${t.name}`)), '24SO tasks per project and name').toEqual([]);
}

/** R3/R6/R10/R12: every 24SO customer, project and work type mirrored once, status mapped. */
export function expectMirrored(w: World): void {
  const d = tfsoData(w);
  const clients = new Map(busyClients(w).map((c) => [c.externalId, c]));
  for (const c of d.companies) {
    const b = clients.get(String(c.id));
    if (c.active) {
      expect(b, `customer ${c.name}`).toBeDefined();
      expect(b!.isActive, `customer ${c.name} active`).toBe(true);
    } else if (b) expect(b.isActive, `deleted customer ${c.name} archived`).toBe(false);
  }
  const projects = new Map(busyProjects(w).map((p) => [p.externalId, p]));
  for (const p of d.projects) {
    const b = projects.get(String(p.id));
    expect(b, `project ${p.id} ${p.name}`).toBeDefined();
    expect(b!.number, `project ${p.name} number`).toBe(String(p.id));
    expect(b!.isActive, `project ${p.name} status`).toBe(tfsoActive(w, p.statusId));
    expect(b!.name).toBe(p.name);
    const client = b!.clientId ? w.busy.state.clients.get(b!.clientId) : null;
    expect(client?.externalId ?? null, `project ${p.name} customer`).toBe(p.customerId === null ? null : String(p.customerId));
  }
  for (const b of busyProjects(w)) expect(b.number, `Busy project ${b.name} has 24SO's number`).toMatch(/^\d+$/);
  const tags = new Map(busyTags(w).map((t) => [t.externalId, t]));
  for (const x of d.workTypes) {
    const t = tags.get(String(x.id));
    if (x.active) {
      expect(t, `work type ${x.name}`).toBeDefined();
      expect(t!.name).toBe(x.name);
      expect(t!.isActive).toBe(true);
    } else if (t) expect(t.isActive, `inactive work type ${x.name} archived`).toBe(false);
  }
  for (const t of busyTags(w).filter((x) => x.type === 'work' && x.isActive)) expect(t.externalId, `tag ${t.name} linked`).toMatch(/^\d+$/);
}

/** R14/R15: Busy tasks ↔ 24SO tasks that have a participant who is a Busy member of the project. */
export function expectTasksMirrored(w: World): void {
  const d = tfsoData(w);
  const onActive = (t: { projectId: string }) => w.busy.state.projects.get(t.projectId)?.isActive === true;
  for (const bt of busyTasks(w).filter((t) => t.isActive && onActive(t))) {
    expect(bt.externalId, `Busy task ${bt.name} linked`).toMatch(/^\d+$/);
    const t = d.tasks.find((x) => String(x.id) === bt.externalId)!;
    expect(t, `24SO task of ${bt.name}`).toBeDefined();
    expect(t.name).toBe(bt.name);
    const members = new Set(w.busy.state.membersOf(bt.projectId).keys());
    const want = t.participants
      .map((c) => busyUserOf(w, c))
      .filter((u): u is string => !!u && members.has(u))
      .sort();
    // Busy users with no 24SO user cannot be 24SO participants: they stay Busy's own business.
    const mapped = [...w.busy.state.assigneesOf(bt.id).keys()].filter((u) => contactOf(w, u) !== undefined).sort();
    expect(mapped, `assignees of ${bt.name}`).toEqual(want);
  }
  for (const t of d.tasks) {
    const bp = busyProjects(w).find((p) => p.externalId === String(t.projectId));
    if (!bp?.isActive) continue;
    const members = new Set(w.busy.state.membersOf(bp.id).keys());
    const eligible = t.participants.some((c) => {
      const u = busyUserOf(w, c);
      return u && members.has(u);
    });
    const bt = busyTasks(w).find((x) => x.externalId === String(t.id));
    if (eligible) expect(bt, `24SO task ${t.name} (assigned) in Busy`).toBeDefined();
  }
}

/** Members: the 24SO participants who are Busy users = the Busy members who are 24SO users. */
export function expectMembersMirrored(w: World): void {
  const d = tfsoData(w);
  for (const p of d.projects) {
    const bp = busyProjects(w).find((x) => x.externalId === String(p.id));
    if (!bp?.isActive || !tfsoActive(w, p.statusId)) continue;
    const fromTfso = p.participants
      .map((c) => busyUserOf(w, c))
      .filter((u): u is string => !!u)
      .sort();
    const fromBusy = [...w.busy.state.membersOf(bp.id).keys()].filter((u) => contactOf(w, u) !== undefined).sort();
    expect(fromBusy, `members of ${p.name}`).toEqual(fromTfso);
  }
}
