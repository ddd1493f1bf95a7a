// The fields the engine compares, per kind, in one id space: 24SO's. A Busy record is mapped into
// this shape (its client id → the linked 24SO company id, its users → 24SO contact ids) so that
// the two sides and the link's snapshots compare field by field.
//
// Deliberately left out: a customer's organisation number (Busy's API cannot write it, so it could
// never converge), a project's number/externalId (the link itself; checked as a marker instead),
// task dates and work-type prices (no Busy counterpart).
// Models are type aliases, not interfaces: they are stored as link snapshots (store/types.ts
// LinkSnapshot), and only an alias fits a type with an index signature.
import { z } from 'zod';
import { StoreCorruptError } from '../store/errors';
import type { EntityKind, LinkSnapshot } from '../store/types';

export type CustomerModel = {
  name: string;
  active: boolean;
};
export type ProjectModel = {
  name: string;
  customer: number | null;
  active: boolean;
};
export type WorkTypeModel = {
  name: string;
  active: boolean;
};
export type TaskModel = {
  name: string;
  project: number;
  assignees: number[];
};

export type SyncKind = 'customer' | 'workType' | 'project' | 'task';
/** The kinds paired one Busy record to one 24SO record by the generic loop (run-kind.ts). */
export type MasterKind = Exclude<SyncKind, 'task'>;
interface Models {
  customer: CustomerModel;
  project: ProjectModel;
  workType: WorkTypeModel;
  task: TaskModel;
}
export type ModelOf<K extends SyncKind> = Models[K];
export type AnyModel = ModelOf<SyncKind>;
/** A compared field of some kind. */
export type ModelField = 'name' | 'active' | 'customer' | 'project' | 'assignees';
/** Compared fields of any kind, some or all: what a decision writes, what a snapshot holds. */
export type Fields = Pick<LinkSnapshot, ModelField>;

/** Field order as compared and reported. */
export const FIELDS: { [K in SyncKind]: readonly (keyof ModelOf<K> & ModelField)[] } = {
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
export const BUSY_TO_TFSO: { [K in SyncKind]: readonly (keyof ModelOf<K> & ModelField)[] } = {
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

const MODEL_SCHEMAS: { [K in SyncKind]: z.ZodType<ModelOf<K>> } = {
  customer: z.object({ name: z.string(), active: z.boolean() }),
  project: z.object({ name: z.string(), customer: z.number().int().nullable(), active: z.boolean() }),
  workType: z.object({ name: z.string(), active: z.boolean() }),
  task: z.object({ name: z.string(), project: z.number().int(), assignees: z.array(z.number().int()) }),
};

/**
 * A side's snapshot as that side's record now, for a record this run did not read (nothing changed
 * there since the cursor). Every link written before this run holds the whole model of its kind;
 * one that does not is damaged, and said so with the link named.
 */
export function snapshotModel<K extends SyncKind>(kind: K, snapshot: LinkSnapshot, link: string): ModelOf<K> {
  const r = MODEL_SCHEMAS[kind].safeParse(snapshot);
  if (!r.success)
    throw new StoreCorruptError('links', link, `the ${kind} snapshot lacks ${r.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  return r.data;
}
