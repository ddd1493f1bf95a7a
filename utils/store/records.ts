// Logic both store implementations share, so they behave the same: record keys, validation on
// write and on read, ordering, and the run-history pruning policy.
import { RECORD_SCHEMAS, type RunRecord, type StoreName, type Warning } from './types';
import { StoreCorruptError, StoreInvalidRecordError, describeIssues } from './errors';

export type RecordKey = string | [string, string];

/** The primary key of a record as stored (IDB keyPath of each object store). */
export function keyOf(store: StoreName, record: unknown): RecordKey {
  const v = record as Record<string, string>;
  switch (store) {
    case 'links':
      return [v.kind, v.busyId];
    case 'cursors':
      return [v.kind, v.side];
    case 'journal':
      return v.id;
    case 'runs':
      return v.id;
    case 'warnings':
      return v.key;
    case 'hourLedger':
      return v.busyEntryId;
    case 'orderLedger':
      return v.busyOrderId;
    case 'transferLog':
      return v.id;
    case 'hourCursors':
      return v.name;
    case 'meta':
      return v.key;
  }
}

export function keyText(key: unknown): string {
  if (Array.isArray(key)) return key.map((k) => String(k)).join('/');
  return String(key);
}

/** Validate before writing; the parsed copy is what gets stored. */
export function checkWrite<S extends StoreName>(store: S, value: unknown) {
  const r = RECORD_SCHEMAS[store].safeParse(value);
  if (!r.success) {
    let key = '(unknown)';
    try {
      key = keyText(keyOf(store, value));
    } catch {
      /* value not even an object */
    }
    throw new StoreInvalidRecordError(store, key, describeIssues(r.error));
  }
  return r.data as StoreRecord<S>;
}

export type StoreRecord<S extends StoreName> = import('zod').infer<(typeof RECORD_SCHEMAS)[S]>;

/** Parse a record read back; a misfit is a StoreCorruptError naming store and key. */
export function readRecord<S extends StoreName>(store: S, key: unknown, raw: unknown): StoreRecord<S> {
  const r = RECORD_SCHEMAS[store].safeParse(raw);
  if (!r.success) throw new StoreCorruptError(store, keyText(key), describeIssues(r.error));
  return r.data as StoreRecord<S>;
}

/**
 * Corruption policy:
 * - links, cursors, journal: a corrupt record STOPS the call with StoreCorruptError. Skipping one
 *   would make the engine think a record is unlinked / a write never started, and create a
 *   duplicate on the other side (R11) — the one thing that must never happen.
 * - hourLedger, orderLedger, hourCursors: the same (a lost ledger record = an hour sent twice).
 * - runs, warnings, transferLog: display-only history; a corrupt record is SKIPPED and reported through
 *   `onCorrupt` (default: console.warn), so one bad entry cannot block syncing or the popup.
 *   It disappears when resolved (warnings) or pruned (runs).
 */
export type CorruptHandler = (e: StoreCorruptError) => void;
export const defaultOnCorrupt: CorruptHandler = (e) => console.warn(e.message);

export function readLenient<S extends StoreName>(
  store: S,
  key: unknown,
  raw: unknown,
  onCorrupt: CorruptHandler,
): StoreRecord<S> | undefined {
  try {
    return readRecord(store, key, raw);
  } catch (e) {
    if (e instanceof StoreCorruptError) {
      onCorrupt(e);
      return undefined;
    }
    throw e;
  }
}

/** Run history is capped: above MAX_RUNS + PRUNE_SLACK records the oldest are deleted down to
 * MAX_RUNS, but the latest run of every trigger is always kept (the popup shows "last ran"). */
export const MAX_RUNS = 500;
export const PRUNE_SLACK = 50;

export function runsToPrune(runs: RunRecord[]): string[] {
  if (runs.length <= MAX_RUNS + PRUNE_SLACK) return [];
  const keep = new Set(Object.values(lastByTrigger(runs)).map((r) => r.id));
  const oldestFirst = [...runs].sort(byStartedAt);
  const out: string[] = [];
  let excess = runs.length - MAX_RUNS;
  for (const r of oldestFirst) {
    if (excess <= 0) break;
    if (keep.has(r.id)) continue;
    out.push(r.id);
    excess--;
  }
  return out;
}

/** Oldest first; ties by id (the order of the IDB index on startedAt). */
export function byStartedAt(a: { startedAt: string; id: string }, b: { startedAt: string; id: string }): number {
  return cmp(a.startedAt, b.startedAt) || cmp(a.id, b.id);
}

export function lastByTrigger(runs: RunRecord[]): Record<string, RunRecord> {
  const out: Record<string, RunRecord> = {};
  for (const r of runs) {
    const cur = out[r.trigger];
    if (!cur || byStartedAt(cur, r) < 0) out[r.trigger] = r;
  }
  return out;
}

export function sortWarnings(ws: Warning[]): Warning[] {
  return ws.sort((a, b) => cmp(a.createdAt, b.createdAt) || cmp(a.key, b.key));
}

/** Pending journal entries in the order they were started. */
export function byJournalOrder(a: { startedAt: string; id: string }, b: { startedAt: string; id: string }): number {
  return byStartedAt(a, b);
}

/** Code-unit order, as IndexedDB compares string keys. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function assertCount(n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`expected a non-negative integer, got ${n}`);
}
