// SyncStore over a directory, for the Node CLI (`npm run sync -- --state DIR`). Never imported by
// the extension (it uses node:fs).
//
// Layout: `state.json` (a snapshot) + `log.jsonl` (one line per write call, appended and synced).
// A write call (put, putMany, commit, …) is ONE appended line, so it is atomic: a crash while
// appending leaves a torn last line without its newline, which the next open drops — the state
// is then exactly what it was before that call. When the log grows past a threshold it is folded
// into a new snapshot, written to a temp file, synced and renamed over `state.json`; then the log
// is emptied. Replaying a log over a snapshot that already contains it gives the same state (every
// op sets or deletes one key), so a crash between the rename and the truncation is harmless.
// One process per directory (no lock): the CLI runs one sync at a time.
import { mkdir, open, readFile, rename, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
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
  StoreName,
  SyncStore,
  TransferLogEntry,
  Warning,
} from '../utils/store/types';
import { UNSETTLED_HOUR_STATES } from '../utils/store/hours-types';
import { StoreConflictError, StoreCorruptError, StoreSchemaError } from '../utils/store/errors';
import {
  assertCount,
  byJournalOrder,
  byStartedAt,
  checkWrite,
  cmp,
  defaultOnCorrupt,
  keyOf,
  keyText,
  lastByTrigger,
  readLenient,
  readRecord,
  runsToPrune,
  sortWarnings,
  type CorruptHandler,
  type RecordKey,
} from '../utils/store/records';

export const FILE_FORMAT = 'busy-24so-sync-state';
/** Version of the file layout. Older snapshots are upgraded by FILE_MIGRATIONS[v] (v → v+1). */
export const FILE_SCHEMA_VERSION = 3;
const FILE_MIGRATIONS: Record<number, (stores: Record<string, unknown>) => Record<string, unknown>> = {
  // v2: the hour transfer's sections, empty.
  1: (stores) => ({ ...stores, hourLedger: [], orderLedger: [], transferLog: [], hourCursors: [] }),
  // v3: named values (SyncStore.meta), empty.
  2: (stores) => ({ ...stores, meta: [] }),
};

const STORES: StoreName[] = [
  'links',
  'cursors',
  'journal',
  'runs',
  'warnings',
  'hourLedger',
  'orderLedger',
  'transferLog',
  'hourCursors',
  'meta',
];

export interface FileStoreOptions {
  onCorrupt?: CorruptHandler;
  /** Fold the log into the snapshot once it is this large. */
  compactAfterBytes?: number;
}

type Op = { op: 'put'; s: StoreName; k: RecordKey; v: unknown } | { op: 'del'; s: StoreName; k: RecordKey };
interface Entry {
  key: RecordKey;
  value: unknown;
}

export async function createFileStore(dir: string, opts: FileStoreOptions = {}): Promise<SyncStore> {
  const onCorrupt = opts.onCorrupt ?? defaultOnCorrupt;
  const compactAfter = opts.compactAfterBytes ?? 8 * 1024 * 1024;
  const snapPath = join(dir, 'state.json');
  const logPath = join(dir, 'log.jsonl');
  await mkdir(dir, { recursive: true });

  const data = new Map<StoreName, Map<string, Entry>>(STORES.map((s) => [s, new Map()]));
  const tfsoIndex = new Map<string, string>(); // JSON [kind, tfsoId] → JSON link key
  let logBytes = 0;
  let closed = false;

  const tfsoKeyOf = (v: unknown): string | undefined => {
    const l = v as Partial<Link> | null;
    return l && typeof l.kind === 'string' && typeof l.tfsoId === 'string' ? JSON.stringify([l.kind, l.tfsoId]) : undefined;
  };
  function apply(o: Op): void {
    const m = data.get(o.s)!;
    const k = JSON.stringify(o.k);
    if (o.s === 'links') {
      const old = m.get(k);
      const ot = old && tfsoKeyOf(old.value);
      if (ot && tfsoIndex.get(ot) === k) tfsoIndex.delete(ot);
      if (o.op === 'put') {
        const nt = tfsoKeyOf(o.v);
        if (nt) tfsoIndex.set(nt, k);
      }
    }
    if (o.op === 'put') m.set(k, { key: o.k, value: o.v });
    else m.delete(k);
  }

  // ---- load ----
  const snapText = await readFile(snapPath, 'utf8').catch(notFound);
  if (snapText !== undefined) {
    let snap: { format?: unknown; schema?: unknown; stores?: Record<string, unknown> };
    try {
      snap = JSON.parse(snapText);
    } catch {
      throw new StoreCorruptError('state.json', '(file)', 'not valid JSON');
    }
    if (!snap || snap.format !== FILE_FORMAT || typeof snap.schema !== 'number' || typeof snap.stores !== 'object' || !snap.stores) {
      throw new StoreSchemaError(snapPath, 'not a sync-state snapshot of this program');
    }
    if (snap.schema > FILE_SCHEMA_VERSION)
      throw new StoreSchemaError(snapPath, `made by a newer version (schema ${snap.schema}; this one knows ${FILE_SCHEMA_VERSION})`);
    let stores = snap.stores;
    for (let v = snap.schema; v < FILE_SCHEMA_VERSION; v++) {
      const m = FILE_MIGRATIONS[v];
      if (!m) throw new StoreSchemaError(snapPath, `no migration from schema ${v}`);
      stores = m(stores);
    }
    for (const s of STORES) {
      const rows = stores[s] ?? [];
      if (!Array.isArray(rows)) throw new StoreCorruptError(s, '(all)', 'snapshot section is not a list');
      rows.forEach((row, i) => {
        if (!Array.isArray(row) || row.length !== 2 || !validKey(row[0]))
          throw new StoreCorruptError(s, `(row ${i})`, 'snapshot row is not [key, record]');
        apply({ op: 'put', s, k: row[0], v: row[1] });
      });
    }
  }
  const logText = await readFile(logPath, 'utf8').catch(notFound);
  if (logText !== undefined) {
    const end = logText.lastIndexOf('\n') + 1;
    const complete = logText.slice(0, end);
    // torn tail = an interrupted write call: drop it
    if (end < logText.length) await truncate(logPath, Buffer.byteLength(complete));
    logBytes = Buffer.byteLength(complete);
    complete
      .split('\n')
      .slice(0, -1)
      .forEach((line, i) => {
        let ops: Op[];
        try {
          ops = (JSON.parse(line) as { ops: Op[] }).ops;
          if (!Array.isArray(ops) || !ops.every(isOp)) throw new Error();
        } catch {
          throw new StoreCorruptError('log.jsonl', `line ${i + 1}`, 'not a valid log entry');
        }
        ops.forEach(apply);
      });
  }
  // a migrated snapshot is written back at once
  if (snapText !== undefined && JSON.parse(snapText).schema !== FILE_SCHEMA_VERSION) await compact();

  // ---- writes ----
  let chain: Promise<unknown> = Promise.resolve();
  function locked<T>(fn: () => Promise<T>): Promise<T> {
    const p = chain.then(() => {
      if (closed) throw new Error('sync state store is closed');
      return fn();
    });
    chain = p.catch(() => undefined);
    return p;
  }

  async function write(ops: Op[]): Promise<void> {
    if (ops.length === 0) return;
    const line = `${JSON.stringify({ ops })}\n`;
    const fh = await open(logPath, 'a');
    try {
      await fh.writeFile(line, 'utf8');
      await fh.datasync();
    } catch (e) {
      await fh.close().catch(() => undefined);
      await truncate(logPath, logBytes).catch(() => undefined); // no torn line left behind
      throw e;
    }
    await fh.close();
    logBytes += Buffer.byteLength(line);
    ops.forEach(apply);
    if (logBytes > compactAfter) await compact();
  }

  async function compact(): Promise<void> {
    const stores: Record<string, [RecordKey, unknown][]> = {};
    for (const s of STORES) stores[s] = [...data.get(s)!.values()].map((e) => [e.key, e.value]);
    const tmp = `${snapPath}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify({ format: FILE_FORMAT, schema: FILE_SCHEMA_VERSION, stores }));
    const fh = await open(tmp, 'r+');
    await fh.sync();
    await fh.close();
    await rename(tmp, snapPath);
    await syncDir(dir);
    await truncate(logPath, 0).catch(notFound);
    logBytes = 0;
  }

  /** Check links against the one-to-one rule, taking earlier links of the same call into account. */
  function linkOps(links: Link[]): Op[] {
    const recs = new Map<string, unknown>();
    const idx = new Map<string, string | null>();
    return links.map((l) => {
      const key: RecordKey = [l.kind, l.busyId];
      const pk = JSON.stringify(key);
      const prev = recs.has(pk) ? recs.get(pk) : data.get('links')!.get(pk)?.value;
      const pt = tfsoKeyOf(prev);
      if (pt) idx.set(pt, null);
      const tk = JSON.stringify([l.kind, l.tfsoId]);
      const owner = idx.has(tk) ? idx.get(tk) : tfsoIndex.get(tk);
      if (owner && owner !== pk) {
        throw new StoreConflictError('links', keyText(key), `24SO id ${l.tfsoId} is already linked to another Busy ${l.kind}`);
      }
      idx.set(tk, pk);
      recs.set(pk, l);
      return { op: 'put', s: 'links', k: key, v: l } as Op;
    });
  }
  const putOp = (s: StoreName, v: unknown): Op => ({ op: 'put', s, k: keyOf(s, v), v });
  const get = (s: StoreName, key: RecordKey) => data.get(s)!.get(JSON.stringify(key));
  /** In key order, as IndexedDB returns them. */
  const sortedValues = (s: StoreName) => [...data.get(s)!.values()].sort((a, b) => cmp(String(a.key), String(b.key)));
  /** The log in IDB's byAt index order: time, then id. */
  const logByAt = () =>
    [...data.get('transferLog')!.values()].sort((a, b) => {
      const at = (e: Entry) => String((e.value as { at?: unknown } | null)?.at ?? '');
      return cmp(at(a), at(b)) || cmp(String(a.key), String(b.key));
    });
  const assertOpen = () => {
    if (closed) throw new Error('sync state store is closed');
  };

  return {
    links: {
      async get(kind: EntityKind, side: Side, id: string) {
        assertOpen();
        const pk = side === 'busy' ? JSON.stringify([kind, id]) : tfsoIndex.get(JSON.stringify([kind, id]));
        const e = pk === undefined ? undefined : data.get('links')!.get(pk);
        return e ? readRecord('links', e.key, e.value) : undefined;
      },
      async getMany(kind: EntityKind, side: Side, ids: readonly string[]) {
        assertOpen();
        const out = new Map<string, Link>();
        for (const id of ids) {
          if (out.has(id)) continue;
          const pk = side === 'busy' ? JSON.stringify([kind, id]) : tfsoIndex.get(JSON.stringify([kind, id]));
          const e = pk === undefined ? undefined : data.get('links')!.get(pk);
          if (e) out.set(id, readRecord('links', e.key, e.value));
        }
        return out;
      },
      put: (l: Link) => locked(() => write(linkOps([checkWrite('links', l)]))),
      putMany: (ls: Link[]) => locked(async () => write(linkOps(ls.map((l) => checkWrite('links', l))))),
      delete: (kind: EntityKind, busyId: string) => locked(() => write([{ op: 'del', s: 'links', k: [kind, busyId] }])),
      async all(kind: EntityKind) {
        assertOpen();
        return [...data.get('links')!.values()]
          .filter((e) => (e.key as string[])[0] === kind)
          .sort((a, b) => cmp((a.key as string[])[1]!, (b.key as string[])[1]!))
          .map((e) => readRecord('links', e.key, e.value));
      },
      async count(kind: EntityKind) {
        assertOpen();
        let n = 0;
        for (const e of data.get('links')!.values()) if ((e.key as string[])[0] === kind) n++;
        return n;
      },
    },
    cursors: {
      async get(kind: EntityKind, side: Side) {
        assertOpen();
        const e = get('cursors', [kind, side]);
        return e ? readRecord('cursors', e.key, e.value) : undefined;
      },
      put: (c: Cursor) => locked(() => write([putOp('cursors', checkWrite('cursors', c))])),
    },
    journal: {
      put: (e: JournalEntry) => locked(() => write([putOp('journal', checkWrite('journal', e))])),
      async pending() {
        assertOpen();
        return [...data.get('journal')!.values()]
          .map((e) => readRecord('journal', e.key, e.value))
          .filter((e) => e.state === 'pending')
          .sort(byJournalOrder);
      },
      delete: (id: string) => locked(() => write([{ op: 'del', s: 'journal', k: id }])),
    },
    runs: {
      put: (r: RunRecord) =>
        locked(async () => {
          const checked = checkWrite('runs', r);
          const after = new Map(data.get('runs')!);
          after.set(JSON.stringify(checked.id), { key: checked.id, value: checked });
          const pruneIds = after.size > 0 ? runsToPrune([...after.values()].map((e) => runShape(e))) : [];
          await write([putOp('runs', checked), ...pruneIds.map((id): Op => ({ op: 'del', s: 'runs', k: id }))]);
        }),
      async recent(n: number) {
        assertOpen();
        assertCount(n);
        const rows = [...data.get('runs')!.values()].sort((a, b) => byStartedAt(runShape(b), runShape(a)));
        const out: RunRecord[] = [];
        for (const e of rows) {
          if (out.length >= n) break;
          const r = readLenient('runs', e.key, e.value, onCorrupt);
          if (r) out.push(r);
        }
        return out;
      },
      async lastByTrigger() {
        assertOpen();
        const runs = [...data.get('runs')!.values()].flatMap((e) => readLenient('runs', e.key, e.value, onCorrupt) ?? []);
        return lastByTrigger(runs);
      },
    },
    warnings: {
      put: (w: Warning) => locked(() => write([putOp('warnings', checkWrite('warnings', w))])),
      resolve: (key: string) => locked(() => write([{ op: 'del', s: 'warnings', k: key }])),
      async open() {
        assertOpen();
        return sortWarnings([...data.get('warnings')!.values()].flatMap((e) => readLenient('warnings', e.key, e.value, onCorrupt) ?? []));
      },
    },
    hours: {
      async get(busyEntryId: string) {
        assertOpen();
        const e = get('hourLedger', busyEntryId);
        return e ? readRecord('hourLedger', e.key, e.value) : undefined;
      },
      async getMany(busyEntryIds: readonly string[]) {
        assertOpen();
        const out = new Map<string, HourLedgerRecord>();
        for (const id of busyEntryIds) {
          const e = out.has(id) ? undefined : get('hourLedger', id);
          if (e) out.set(id, readRecord('hourLedger', e.key, e.value));
        }
        return out;
      },
      put: (rec: HourLedgerRecord, log?: TransferLogEntry) =>
        locked(() =>
          write([
            putOp('hourLedger', checkWrite('hourLedger', rec)),
            ...(log ? [putOp('transferLog', checkWrite('transferLog', log))] : []),
          ]),
        ),
      delete: (busyEntryId: string) => locked(() => write([{ op: 'del', s: 'hourLedger', k: busyEntryId }])),
      async all() {
        assertOpen();
        return sortedValues('hourLedger').map((e) => readRecord('hourLedger', e.key, e.value));
      },
      async unsettled() {
        assertOpen();
        const states: readonly string[] = UNSETTLED_HOUR_STATES;
        // parse every record: one with a corrupt state might be a pending send
        return sortedValues('hourLedger')
          .map((e) => readRecord('hourLedger', e.key, e.value))
          .filter((r) => states.includes(r.state));
      },
    },
    orders: {
      async get(busyOrderId: string) {
        assertOpen();
        const e = get('orderLedger', busyOrderId);
        return e ? readRecord('orderLedger', e.key, e.value) : undefined;
      },
      put: (rec: OrderLedgerRecord, log?: TransferLogEntry) =>
        locked(() =>
          write([
            putOp('orderLedger', checkWrite('orderLedger', rec)),
            ...(log ? [putOp('transferLog', checkWrite('transferLog', log))] : []),
          ]),
        ),
      async all() {
        assertOpen();
        return sortedValues('orderLedger').map((e) => readRecord('orderLedger', e.key, e.value));
      },
    },
    transferLog: {
      async all() {
        assertOpen();
        return logByAt().flatMap((e) => readLenient('transferLog', e.key, e.value, onCorrupt) ?? []);
      },
      async recent(n: number) {
        assertOpen();
        assertCount(n);
        const out: TransferLogEntry[] = [];
        for (const e of logByAt().reverse()) {
          if (out.length >= n) break;
          const r = readLenient('transferLog', e.key, e.value, onCorrupt);
          if (r) out.push(r);
        }
        return out;
      },
    },
    hourCursors: {
      async get(name: string) {
        assertOpen();
        const e = get('hourCursors', name);
        return e ? readRecord('hourCursors', e.key, e.value) : undefined;
      },
      put: (c: HoursCursor) => locked(() => write([putOp('hourCursors', checkWrite('hourCursors', c))])),
    },
    meta: {
      async get(key: string) {
        assertOpen();
        const e = get('meta', key);
        return e ? readRecord('meta', e.key, e.value).value : undefined;
      },
      put: (key: string, value: unknown) => locked(() => write([putOp('meta', checkWrite('meta', { key, value }))])),
    },
    commit: (ops: CommitOps) =>
      locked(async () => {
        // validate everything before anything is written; all of it goes out as one log line
        const links = (ops.links ?? []).map((l) => checkWrite('links', l));
        const cursors = (ops.cursors ?? []).map((c) => checkWrite('cursors', c));
        const warnings = (ops.warnings ?? []).map((w) => checkWrite('warnings', w));
        const out: Op[] = linkOps(links);
        for (const id of ops.journalDone ?? []) {
          const e = get('journal', id);
          if (!e) continue; // already removed: done is idempotent
          out.push(putOp('journal', { ...readRecord('journal', e.key, e.value), state: 'done' }));
        }
        out.push(...cursors.map((c) => putOp('cursors', c)));
        out.push(...warnings.map((w) => putOp('warnings', w)));
        out.push(...(ops.resolveWarnings ?? []).map((k): Op => ({ op: 'del', s: 'warnings', k })));
        await write(out);
      }),
    close() {
      closed = true;
    },
  };
}

function runShape(e: Entry): RunRecord {
  const v = (e.value ?? {}) as Partial<RunRecord>;
  return { id: String(e.key), trigger: String(v.trigger), startedAt: typeof v.startedAt === 'string' ? v.startedAt : '' };
}

function validKey(k: unknown): k is RecordKey {
  return typeof k === 'string' || (Array.isArray(k) && k.length === 2 && k.every((x) => typeof x === 'string'));
}

function isOp(o: unknown): o is Op {
  const x = o as (Partial<Op> & { v?: unknown }) | null;
  return !!x && (x.op === 'put' || x.op === 'del') && STORES.includes(x.s as StoreName) && validKey(x.k) && (x.op === 'del' || 'v' in x);
}

function notFound(e: unknown): undefined {
  if ((e as { code?: string }).code === 'ENOENT') return undefined;
  throw e;
}

async function syncDir(dir: string): Promise<void> {
  try {
    const fh = await open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    /* not supported on every platform (Windows); the rename itself is atomic */
  }
}
