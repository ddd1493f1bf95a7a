// The fields the engine compares, per kind, in one id space: 24SO's. A Busy record is mapped into
// this shape (its client id → the linked 24SO company id, its users → 24SO contact ids) so that
// the two sides and the link's snapshots compare field by field.
//
// Deliberately left out: a customer's organisation number (Busy's API cannot write it, so it could
// never converge), a project's number/externalId (the link itself; checked as a marker instead),
// task dates and work-type prices (no Busy counterpart).
import type { EntityKind } from '../store/types';

export interface CustomerModel {
  name: string;
  active: boolean;
}
export interface ProjectModel {
  name: string;
  customer: number | null;
  active: boolean;
}
export interface WorkTypeModel {
  name: string;
  active: boolean;
}
export interface TaskModel {
  name: string;
  project: number;
  assignees: number[];
}

export type SyncKind = 'customer' | 'workType' | 'project' | 'task';
export type ModelOf<K extends SyncKind> = K extends 'customer'
  ? CustomerModel
  : K extends 'project'
    ? ProjectModel
    : K extends 'workType'
      ? WorkTypeModel
      : TaskModel;
export type AnyModel = CustomerModel | ProjectModel | WorkTypeModel | TaskModel;

/** Field order as compared and reported. */
export const FIELDS: { [K in SyncKind]: readonly (keyof ModelOf<K> & string)[] } = {
  customer: ['name', 'active'],
  project: ['name', 'customer', 'active'],
  workType: ['name', 'active'],
  task: ['name', 'assignees'],
};

/**
 * Fields a change in Busy may carry to 24SO. Missing here = 24SO cannot take it through its API:
 * customers never flow Busy → 24SO (R4); a work type's active flag has no write path
 * (SaveWorkType is [A] and has no Active); a task moves between projects only in 24SO.
 */
export const BUSY_TO_TFSO: { [K in SyncKind]: readonly (keyof ModelOf<K> & string)[] } = {
  customer: [],
  project: ['name', 'customer', 'active'],
  workType: ['name'],
  task: ['name', 'assignees'],
};

export const STORE_KIND: Record<SyncKind, EntityKind> = { customer: 'customer', project: 'project', workType: 'workType', task: 'task' };

/** Equality of model field values (numbers, strings, booleans, null, sorted number lists). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}

export const sortedIds = (xs: Iterable<number>): number[] => [...new Set(xs)].sort((a, b) => a - b);

/** Names as people see them the same: trimmed, inner whitespace collapsed, NFC, case-folded. */
export function normName(s: string): string {
  return s.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('nb');
}
