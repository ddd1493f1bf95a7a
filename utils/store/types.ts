// What the sync engine keeps between runs, and the zod schemas every stored record is checked
// against when it is written and when it is read back. Engine-free: no idb, no node:fs here.
import { z } from 'zod';
import { HourLedgerRecordSchema, HoursCursorSchema, OrderLedgerRecordSchema, TransferLogEntrySchema, type HoursStore } from './hours-types';

export * from './hours-types';

export type EntityKind = 'customer' | 'project' | 'workType' | 'task' | 'user';
export type Side = 'busy' | 'tfso';

/**
 * What one side of a linked pair looked like at the last sync: the fields the engine compares
 * (utils/sync/model.ts, in 24SO's id space) and what the member and task phases note on a project
 * link. A link adopted this run starts with both empty.
 */
export interface LinkSnapshot {
  name?: string;
  active?: boolean;
  /** project: its customer's 24SO company id */
  customer?: number | null;
  /** task: its project's 24SO id */
  project?: number;
  /** task: assignees as 24SO contact ids */
  assignees?: number[];
  /** project: members as 24SO contact ids (members.ts) */
  members?: number[];
  /** project, Busy side: its members as Busy user ids, unmapped ones too (what the push's probe compares) */
  memberUsers?: string[];
  /** project, Busy side: the newest task stamp when its tasks were last compared (scope.ts probe) */
  tasksAt?: string;
  /** Fields of older or newer versions are kept as they are. */
  [field: string]: unknown;
}

export interface Link {
  kind: EntityKind;
  busyId: string;
  tfsoId: string;
  /** What each side looked like at the last sync (the fields the engine compares). */
  busy: LinkSnapshot;
  tfso: LinkSnapshot;
  syncedAt: string;
}
export interface Cursor {
  kind: EntityKind;
  side: Side;
  at: string /* ISO */;
  idsAtCursor: string[] /* ids seen with updatedAt == at, for de-dup */;
  /** This extension's own writes to that side that the cursor does not cover yet: the newest
   * stamp they got, and a local time by which they all existed (the engine settles the overlap
   * window early with it, utils/sync/cursors.ts). */
  ownWrites?: { upTo: string; seenAt: string };
}
export interface JournalEntry {
  id: string;
  kind: EntityKind;
  target: Side;
  op: 'create' | 'update' | 'archive';
  /** The source record's id on the other side (e.g. the Busy project id for a create in 24SO). */
  sourceId: string;
  payload: Record<string, unknown>;
  startedAt: string;
  state: 'pending' | 'done';
  resultId?: string;
}
export interface RunRecord {
  id: string;
  trigger: string /* 'full'|'incremental'|'push'|'customers'|… */;
  startedAt: string;
  finishedAt?: string;
  ok?: boolean;
  counts?: Record<string, number>;
  error?: { code: string; messageKey: string; substitutions: string[] };
  progress?: { done: number; total: number };
  /** The run stopped to keep within a request budget (utils/pacer) and goes on after this:
   * not a failure (`ok` is absent); the sync service runs the trigger again then. */
  pausedUntil?: string;
  /** Whose budget: 'tfso' | 'busy' (with pausedUntil). */
  pausedFor?: Side;
  /** When the run is expected to end, from the requests it still needs and the budget (utils/pacer). */
  etaAt?: string;
}
export interface Warning {
  key: string /* stable, e.g. 'busyOnlyCustomer:123' */;
  code: string;
  messageKey: string;
  substitutions: string[];
  createdAt: string;
  kind?: EntityKind;
}

export interface CommitOps {
  links?: Link[];
  journalDone?: string[];
  cursors?: Cursor[];
  warnings?: Warning[];
  resolveWarnings?: string[];
}

export interface SyncStore extends HoursStore {
  links: {
    get(kind: EntityKind, side: Side, id: string): Promise<Link | undefined>;
    /** The links of these ids on one side, read together (one IDB transaction): what a run looks
     * up for the records it read, instead of reading every link of the kind. Ids with no link are
     * absent from the map. */
    getMany(kind: EntityKind, side: Side, ids: readonly string[]): Promise<Map<string, Link>>;
    put(l: Link): Promise<void>;
    putMany(ls: Link[]): Promise<void>;
    delete(kind: EntityKind, busyId: string): Promise<void>;
    all(kind: EntityKind): Promise<Link[]>;
    count(kind: EntityKind): Promise<number>;
  };
  cursors: { get(kind: EntityKind, side: Side): Promise<Cursor | undefined>; put(c: Cursor): Promise<void> };
  journal: { put(e: JournalEntry): Promise<void>; pending(): Promise<JournalEntry[]>; delete(id: string): Promise<void> };
  runs: {
    put(r: RunRecord): Promise<void>;
    recent(n: number): Promise<RunRecord[]>;
    lastByTrigger(): Promise<Record<string, RunRecord>>;
  };
  warnings: { put(w: Warning): Promise<void>; resolve(key: string): Promise<void>; open(): Promise<Warning[]> };
  /**
   * Small named values of the modules around the engine (the installation's id, the detected
   * capabilities, the coordination state last seen). Stored as JSON; the module that owns a key
   * validates what it reads with its own zod schema (`readMeta`), so a bad value is that module's
   * clear error, never a crash elsewhere.
   */
  meta: { get(key: string): Promise<unknown>; put(key: string, value: unknown): Promise<void> };
  /** Several writes atomically (one IDB transaction): e.g. link + journal done + cursor. No awaits of
   * anything but store calls inside (never a fetch). */
  commit(ops: CommitOps): Promise<void>;
  close(): void;
}

/** The record stores (IDB object stores / file-store sections). */
export type StoreName =
  | 'links'
  | 'cursors'
  | 'journal'
  | 'runs'
  | 'warnings'
  // v2: the hour transfer (hours-types.ts)
  | 'hourLedger'
  | 'orderLedger'
  | 'transferLog'
  | 'hourCursors'
  // IDB: there from v1; file store: from its schema 3
  | 'meta';

// ---- schemas -------------------------------------------------------------------------------

const iso = z.iso.datetime({ offset: true });
const nonEmpty = z.string().min(1);
const plainRecord = z.record(z.string(), z.unknown());

export const EntityKindSchema = z.enum(['customer', 'project', 'workType', 'task', 'user']);
export const SideSchema = z.enum(['busy', 'tfso']);

const ids = z.array(z.number().int());
/** Typed where the engine reads it; any other field kept as it is (a later version's). */
export const LinkSnapshotSchema: z.ZodType<LinkSnapshot> = z.looseObject({
  name: z.string().optional(),
  active: z.boolean().optional(),
  customer: z.number().int().nullable().optional(),
  project: z.number().int().optional(),
  assignees: ids.optional(),
  members: ids.optional(),
  memberUsers: z.array(z.string()).optional(),
  tasksAt: z.string().optional(),
});

export const LinkSchema: z.ZodType<Link> = z.strictObject({
  kind: EntityKindSchema,
  busyId: nonEmpty,
  tfsoId: nonEmpty,
  busy: LinkSnapshotSchema,
  tfso: LinkSnapshotSchema,
  syncedAt: iso,
});

export const CursorSchema: z.ZodType<Cursor> = z.strictObject({
  kind: EntityKindSchema,
  side: SideSchema,
  at: iso,
  idsAtCursor: z.array(z.string()),
  ownWrites: z.strictObject({ upTo: iso, seenAt: iso }).optional(),
});

export const JournalEntrySchema: z.ZodType<JournalEntry> = z.strictObject({
  id: nonEmpty,
  kind: EntityKindSchema,
  target: SideSchema,
  op: z.enum(['create', 'update', 'archive']),
  sourceId: nonEmpty,
  payload: plainRecord,
  startedAt: iso,
  state: z.enum(['pending', 'done']),
  resultId: nonEmpty.optional(),
});

const ErrorDescriptionSchema = z.strictObject({
  code: z.string(),
  messageKey: z.string(),
  substitutions: z.array(z.string()),
});

export const RunRecordSchema: z.ZodType<RunRecord> = z.strictObject({
  id: nonEmpty,
  trigger: nonEmpty,
  startedAt: iso,
  finishedAt: iso.optional(),
  ok: z.boolean().optional(),
  counts: z.record(z.string(), z.number().int().min(0)).optional(),
  error: ErrorDescriptionSchema.optional(),
  progress: z.strictObject({ done: z.number().int().min(0), total: z.number().int().min(0) }).optional(),
  pausedUntil: iso.optional(),
  pausedFor: SideSchema.optional(),
  etaAt: iso.optional(),
});

export const WarningSchema: z.ZodType<Warning> = z.strictObject({
  key: nonEmpty,
  code: nonEmpty,
  messageKey: nonEmpty,
  substitutions: z.array(z.string()),
  createdAt: iso,
  kind: EntityKindSchema.optional(),
});

/** A named value: any JSON (its owner validates the value). */
export interface MetaRecord {
  key: string;
  value: unknown;
}
export const MetaRecordSchema: z.ZodType<MetaRecord> = z.strictObject({ key: nonEmpty, value: z.json() });

/** Reads a meta value through its owner's schema: undefined when absent; a value that does not
 * fit is a StoreCorruptError-like Error naming the key (the caller decides whether to reset it). */
export async function readMeta<T>(store: Pick<SyncStore, 'meta'>, key: string, schema: z.ZodType<T>): Promise<T | undefined> {
  const raw = await store.meta.get(key);
  if (raw === undefined) return undefined;
  const r = schema.safeParse(raw);
  if (!r.success)
    throw new Error(
      `stored value "${key}" is not valid: ${r.error.issues.map((i) => `${i.path.join('.') || '(value)'}: ${i.message}`).join('; ')}`,
    );
  return r.data;
}

export const RECORD_SCHEMAS = {
  links: LinkSchema,
  cursors: CursorSchema,
  journal: JournalEntrySchema,
  runs: RunRecordSchema,
  warnings: WarningSchema,
  hourLedger: HourLedgerRecordSchema,
  orderLedger: OrderLedgerRecordSchema,
  transferLog: TransferLogEntrySchema,
  hourCursors: HoursCursorSchema,
  meta: MetaRecordSchema,
} as const satisfies Record<StoreName, z.ZodType>;
