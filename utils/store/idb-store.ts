// SyncStore over IndexedDB (the extension's service worker; Node tests pass fake-indexeddb).
// Every write is validated before a transaction opens; every read is parsed with zod.
import type {
  CommitOps,
  Cursor,
  EntityKind,
  HourLedgerRecord,
  HoursCursor,
  JournalEntry,
  Link,
  OrderLedgerRecord,
  RunRecord,
  Side,
  SyncStore,
  TransferLogEntry,
  Warning,
} from './types';
import { UNSETTLED_HOUR_STATES } from './hours-types';
import { openSyncDb, type Migration, type SyncDb } from './db';
import { StoreConflictError } from './errors';
import {
  byJournalOrder,
  checkWrite,
  defaultOnCorrupt,
  keyText,
  lastByTrigger,
  readLenient,
  readRecord,
  runsToPrune,
  sortWarnings,
  assertCount,
  MAX_RUNS,
  PRUNE_SLACK,
  type CorruptHandler,
} from './records';

export interface IdbStoreOptions {
  indexedDB?: IDBFactory;
  /** Where skipped corrupt runs/warnings are reported (see records.ts). Default console.warn. */
  onCorrupt?: CorruptHandler;
  /** Tests of the migration machinery only. */
  migrations?: readonly Migration[];
}

export async function createIdbStore(name: string, opts: IdbStoreOptions = {}): Promise<SyncStore> {
  const db = await openSyncDb(name, { indexedDB: opts.indexedDB, migrations: opts.migrations });
  const onCorrupt = opts.onCorrupt ?? defaultOnCorrupt;

  async function writeLinks(links: Link[]): Promise<void> {
    if (links.length === 0) return;
    const checked = links.map((l) => checkWrite('links', l));
    await commitChecked(db, { links: checked, journalDone: [], cursors: [], warnings: [], resolveWarnings: [] });
  }

  const store: SyncStore = {
    links: {
      async get(kind: EntityKind, side: Side, id: string) {
        const key: [string, string] = [kind, id];
        if (side === 'busy') {
          const raw = await db.get('links', key);
          return raw === undefined ? undefined : readRecord('links', key, raw);
        }
        const index = db.transaction('links').store.index('byTfso');
        const [raw, pk] = await Promise.all([index.get(key), index.getKey(key)]);
        return raw === undefined ? undefined : readRecord('links', pk, raw);
      },
      async getMany(kind: EntityKind, side: Side, ids: readonly string[]) {
        const out = new Map<string, Link>();
        const unique = [...new Set(ids)];
        if (!unique.length) return out;
        // One transaction, every request issued at once (IDB queues them; no round trip each).
        const store = db.transaction('links').store;
        if (side === 'busy') {
          const raws = await Promise.all(unique.map((id) => store.get([kind, id])));
          raws.forEach((raw, i) => {
            if (raw !== undefined) out.set(unique[i]!, readRecord('links', [kind, unique[i]!], raw));
          });
          return out;
        }
        const index = store.index('byTfso');
        const found = await Promise.all(unique.map((id) => Promise.all([index.get([kind, id]), index.getKey([kind, id])])));
        found.forEach(([raw, pk], i) => {
          if (raw !== undefined) out.set(unique[i]!, readRecord('links', pk, raw));
        });
        return out;
      },
      put: (l: Link) => writeLinks([l]),
      putMany: (ls: Link[]) => writeLinks(ls),
      async delete(kind: EntityKind, busyId: string) {
        await db.delete('links', [kind, busyId]);
      },
      async all(kind: EntityKind) {
        const index = db.transaction('links').store.index('byKind');
        // values and primary keys come in the same order; the keys name a corrupt record.
        // (getAll, not a cursor: one request instead of one per record)
        const [values, keys] = await Promise.all([index.getAll(kind), index.getAllKeys(kind)]);
        return values.map((v, i) => readRecord('links', keys[i], v));
      },
      count: (kind: EntityKind) => db.countFromIndex('links', 'byKind', kind),
    },
    cursors: {
      async get(kind: EntityKind, side: Side) {
        const raw = await db.get('cursors', [kind, side]);
        return raw === undefined ? undefined : readRecord('cursors', [kind, side], raw);
      },
      async put(c: Cursor) {
        await db.put('cursors', checkWrite('cursors', c));
      },
    },
    journal: {
      async put(e: JournalEntry) {
        await db.put('journal', checkWrite('journal', e));
      },
      async pending() {
        // Every entry is parsed, done ones too: an entry whose `state` is corrupt might be a
        // pending write, and losing one could mean a duplicate.
        const { values, keys } = await readAll(db, 'journal');
        return values
          .map((v, i) => readRecord('journal', keys[i], v))
          .filter((e) => e.state === 'pending')
          .sort(byJournalOrder);
      },
      async delete(id: string) {
        await db.delete('journal', id);
      },
    },
    runs: {
      async put(r: RunRecord) {
        const checked = checkWrite('runs', r);
        const tx = db.transaction('runs', 'readwrite');
        await tx.store.put(checked);
        const n = await tx.store.count();
        const prune = n > MAX_RUNS + PRUNE_SLACK ? runsToPrune(await allRunsRaw(tx.store)) : [];
        for (const id of prune) await tx.store.delete(id);
        await tx.done;
      },
      async recent(n: number) {
        assertCount(n);
        const out: RunRecord[] = [];
        if (n === 0) return out;
        // the history is capped (MAX_RUNS), so reading it whole is cheap
        const index = db.transaction('runs').store.index('byStartedAt');
        const [values, keys] = await Promise.all([index.getAll(), index.getAllKeys()]);
        for (let i = values.length - 1; i >= 0 && out.length < n; i--) {
          const r = readLenient('runs', keys[i], values[i], onCorrupt);
          if (r) out.push(r);
        }
        return out;
      },
      async lastByTrigger() {
        const { values, keys } = await readAll(db, 'runs');
        return lastByTrigger(values.flatMap((v, i) => readLenient('runs', keys[i], v, onCorrupt) ?? []));
      },
    },
    warnings: {
      async put(w: Warning) {
        await db.put('warnings', checkWrite('warnings', w));
      },
      async resolve(key: string) {
        await db.delete('warnings', key);
      },
      async open() {
        const { values, keys } = await readAll(db, 'warnings');
        return sortWarnings(values.flatMap((v, i) => readLenient('warnings', keys[i], v, onCorrupt) ?? []));
      },
    },
    hours: {
      async get(busyEntryId: string) {
        const raw = await db.get('hourLedger', busyEntryId);
        return raw === undefined ? undefined : readRecord('hourLedger', busyEntryId, raw);
      },
      async getMany(busyEntryIds: readonly string[]) {
        const out = new Map<string, HourLedgerRecord>();
        const unique = [...new Set(busyEntryIds)];
        if (!unique.length) return out;
        const store = db.transaction('hourLedger').store;
        const raws = await Promise.all(unique.map((id) => store.get(id)));
        raws.forEach((raw, i) => {
          if (raw !== undefined) out.set(unique[i]!, readRecord('hourLedger', unique[i]!, raw));
        });
        return out;
      },
      put: async (rec: HourLedgerRecord, log?: TransferLogEntry) =>
        putWithLog(db, 'hourLedger', checkWrite('hourLedger', rec), log && checkWrite('transferLog', log)),
      async delete(busyEntryId: string) {
        await db.delete('hourLedger', busyEntryId);
      },
      async all() {
        const store = db.transaction('hourLedger').store;
        const [values, keys] = await Promise.all([store.getAll(), store.getAllKeys()]);
        return values.map((v, i) => readRecord('hourLedger', keys[i], v));
      },
      async unsettled() {
        // Every record is parsed (not the byState index): one whose state is corrupt might be a
        // pending send, and skipping it could mean an hour sent twice.
        const states: readonly string[] = UNSETTLED_HOUR_STATES;
        return (await this.all()).filter((r) => states.includes(r.state));
      },
    },
    orders: {
      async get(busyOrderId: string) {
        const raw = await db.get('orderLedger', busyOrderId);
        return raw === undefined ? undefined : readRecord('orderLedger', busyOrderId, raw);
      },
      put: async (rec: OrderLedgerRecord, log?: TransferLogEntry) =>
        putWithLog(db, 'orderLedger', checkWrite('orderLedger', rec), log && checkWrite('transferLog', log)),
      async all() {
        const store = db.transaction('orderLedger').store;
        const [values, keys] = await Promise.all([store.getAll(), store.getAllKeys()]);
        return values.map((v, i) => readRecord('orderLedger', keys[i], v));
      },
    },
    transferLog: {
      async all() {
        const index = db.transaction('transferLog').store.index('byAt');
        const [values, keys] = await Promise.all([index.getAll(), index.getAllKeys()]);
        return values.flatMap((v, i) => readLenient('transferLog', keys[i], v, onCorrupt) ?? []);
      },
      async recent(n: number) {
        assertCount(n);
        const out: TransferLogEntry[] = [];
        if (n === 0) return out;
        const index = db.transaction('transferLog').store.index('byAt');
        for (let c = await index.openCursor(null, 'prev'); c && out.length < n; c = await c.continue()) {
          const e = readLenient('transferLog', c.primaryKey, c.value, onCorrupt);
          if (e) out.push(e);
        }
        return out;
      },
    },
    hourCursors: {
      async get(name: string) {
        const raw = await db.get('hourCursors', name);
        return raw === undefined ? undefined : readRecord('hourCursors', name, raw);
      },
      async put(c: HoursCursor) {
        await db.put('hourCursors', checkWrite('hourCursors', c));
      },
    },
    meta: {
      async get(key: string) {
        const raw = await db.get('meta', key);
        return raw === undefined ? undefined : readRecord('meta', key, raw).value;
      },
      async put(key: string, value: unknown) {
        await db.put('meta', checkWrite('meta', { key, value }));
      },
    },
    async commit(ops: CommitOps) {
      // Validate everything first: an invalid record rejects the whole commit before any write.
      await commitChecked(db, {
        links: (ops.links ?? []).map((l) => checkWrite('links', l)),
        journalDone: ops.journalDone ?? [],
        cursors: (ops.cursors ?? []).map((c) => checkWrite('cursors', c)),
        warnings: (ops.warnings ?? []).map((w) => checkWrite('warnings', w)),
        resolveWarnings: ops.resolveWarnings ?? [],
      });
    },
    close() {
      db.close();
    },
  };
  return store;
}

/** A ledger record and (optionally) its log entry in ONE transaction: the log never names a
 * write the ledger does not hold, and the other way round. */
async function putWithLog(
  db: SyncDb,
  name: 'hourLedger' | 'orderLedger',
  rec: HourLedgerRecord | OrderLedgerRecord,
  log?: TransferLogEntry,
): Promise<void> {
  const tx = db.transaction(log ? [name, 'transferLog'] : [name], 'readwrite');
  const writes: Promise<unknown>[] = [tx.objectStore(name).put(rec as never)];
  if (log) writes.push(tx.objectStore('transferLog').put(log));
  await Promise.all([...writes, tx.done]);
}

/** Values and their primary keys, in one read transaction (same order). */
async function readAll(db: SyncDb, name: 'journal' | 'runs' | 'warnings'): Promise<{ values: unknown[]; keys: IDBValidKey[] }> {
  const store = db.transaction(name).store;
  const [values, keys] = await Promise.all([store.getAll(), store.getAllKeys()]);
  return { values, keys };
}

async function allRunsRaw(runs: { getAll(): Promise<unknown[]> }): Promise<RunRecord[]> {
  // Pruning needs only id/trigger/startedAt; corrupt ones are pruned first (they sort as oldest).
  return (await runs.getAll()).map((r) => {
    const v = (r ?? {}) as Partial<RunRecord>;
    return { id: String(v.id), trigger: String(v.trigger), startedAt: typeof v.startedAt === 'string' ? v.startedAt : '' };
  });
}

/** All writes of a commit in ONE readwrite transaction over just the stores involved. Only IDB
 * requests are awaited inside, so the transaction cannot auto-commit half-way. */
async function commitChecked(db: SyncDb, ops: Required<CommitOps>): Promise<void> {
  const names = new Set<'links' | 'journal' | 'cursors' | 'warnings'>();
  if (ops.links.length) names.add('links');
  if (ops.journalDone.length) names.add('journal');
  if (ops.cursors.length) names.add('cursors');
  if (ops.warnings.length || ops.resolveWarnings.length) names.add('warnings');
  if (names.size === 0) return;

  const tx = db.transaction([...names], 'readwrite');
  const requests: Promise<unknown>[] = [];
  let failure: unknown;
  // handled from the start: an abort rejects it before the requests below settle
  const done = tx.done.catch((e: unknown) => {
    failure ??= e;
  });
  const fail = (e: unknown) => {
    failure ??= e;
    try {
      tx.abort();
    } catch {
      /* already aborting */
    }
  };

  for (const l of ops.links) {
    requests.push(
      tx
        .objectStore('links')
        .put(l)
        .catch((e: unknown) => {
          if ((e as { name?: string })?.name === 'ConstraintError') {
            fail(
              new StoreConflictError(
                'links',
                keyText([l.kind, l.busyId]),
                `24SO id ${l.tfsoId} is already linked to another Busy ${l.kind}`,
              ),
            );
          } else fail(e);
        }),
    );
  }
  if (ops.journalDone.length) {
    const journal = tx.objectStore('journal');
    requests.push(
      (async () => {
        for (const id of ops.journalDone) {
          const raw = await journal.get(id);
          if (raw === undefined) continue; // already removed: done is idempotent
          const e = readRecord('journal', id, raw);
          await journal.put({ ...e, state: 'done' });
        }
      })().catch(fail),
    );
  }
  for (const c of ops.cursors) requests.push(tx.objectStore('cursors').put(c).catch(fail));
  for (const w of ops.warnings) requests.push(tx.objectStore('warnings').put(w).catch(fail));
  for (const k of ops.resolveWarnings) requests.push(tx.objectStore('warnings').delete(k).catch(fail));

  await Promise.all(requests);
  await done;
  if (failure) throw failure;
}
