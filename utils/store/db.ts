// The IndexedDB schema of the sync state and its migrations. The database version is the number
// of migrations; MIGRATIONS[i] upgrades a database from version i to i+1, in order, inside the
// versionchange transaction (so a failed migration leaves the old version untouched).
// To change the schema: append a migration, never edit an old one, and update LAYOUT.
import { wrap, type DBSchema, type IDBPDatabase, type IDBPTransaction } from 'idb';
import type {
  Cursor,
  HourLedgerRecord,
  HoursCursor,
  JournalEntry,
  Link,
  OrderLedgerRecord,
  RunRecord,
  TransferLogEntry,
  Warning,
} from './types';
import { StoreSchemaError } from './errors';

export interface SyncDbSchema extends DBSchema {
  links: { key: [string, string]; value: Link; indexes: { byKind: string; byTfso: [string, string] } };
  cursors: { key: [string, string]; value: Cursor };
  journal: { key: string; value: JournalEntry };
  runs: { key: string; value: RunRecord; indexes: { byStartedAt: string } };
  warnings: { key: string; value: Warning };
  meta: { key: string; value: { key: string; value: unknown } };
  hourLedger: { key: string; value: HourLedgerRecord; indexes: { byState: string } };
  orderLedger: { key: string; value: OrderLedgerRecord };
  transferLog: { key: string; value: TransferLogEntry; indexes: { byAt: string } };
  hourCursors: { key: string; value: HoursCursor };
}
export type SyncDb = IDBPDatabase<SyncDbSchema>;

// Migrations see the database untyped: they run against older shapes than SyncDbSchema.
export type Migration = (db: IDBPDatabase<unknown>, tx: IDBPTransaction<unknown, string[], 'versionchange'>) => void | Promise<void>;

export const MIGRATIONS: readonly Migration[] = [
  // v1: the first schema.
  (db, tx) => {
    const links = db.createObjectStore('links', { keyPath: ['kind', 'busyId'] });
    links.createIndex('byKind', 'kind');
    // unique: a 24SO record is linked to at most one Busy record of the same kind (R11)
    links.createIndex('byTfso', ['kind', 'tfsoId'], { unique: true });
    db.createObjectStore('cursors', { keyPath: ['kind', 'side'] });
    db.createObjectStore('journal', { keyPath: 'id' });
    db.createObjectStore('runs', { keyPath: 'id' }).createIndex('byStartedAt', 'startedAt');
    db.createObjectStore('warnings', { keyPath: 'key' });
    db.createObjectStore('meta', { keyPath: 'key' });
    void tx.objectStore('meta').put({ key: 'createdAt', value: new Date().toISOString() });
  },
  // v2: the hour transfer (issue 4): ledgers of hours and orders sent to 24SO, the transfer log,
  // and the cursors of the Busy listings it polls.
  (db) => {
    db.createObjectStore('hourLedger', { keyPath: 'busyEntryId' }).createIndex('byState', 'state');
    db.createObjectStore('orderLedger', { keyPath: 'busyOrderId' });
    db.createObjectStore('transferLog', { keyPath: 'id' }).createIndex('byAt', 'at');
    db.createObjectStore('hourCursors', { keyPath: 'name' });
  },
];
export const DB_VERSION = MIGRATIONS.length;

/** The current layout, checked after every open: a database that has our name and version but
 * another shape (hand-made, a pre-release build) is refused with a clear error instead of
 * failing later inside a transaction. */
export const LAYOUT: Record<
  string,
  { keyPath: string | string[]; indexes: Record<string, { keyPath: string | string[]; unique: boolean }> }
> = {
  links: {
    keyPath: ['kind', 'busyId'],
    indexes: { byKind: { keyPath: 'kind', unique: false }, byTfso: { keyPath: ['kind', 'tfsoId'], unique: true } },
  },
  cursors: { keyPath: ['kind', 'side'], indexes: {} },
  journal: { keyPath: 'id', indexes: {} },
  runs: { keyPath: 'id', indexes: { byStartedAt: { keyPath: 'startedAt', unique: false } } },
  warnings: { keyPath: 'key', indexes: {} },
  meta: { keyPath: 'key', indexes: {} },
  hourLedger: { keyPath: 'busyEntryId', indexes: { byState: { keyPath: 'state', unique: false } } },
  orderLedger: { keyPath: 'busyOrderId', indexes: {} },
  transferLog: { keyPath: 'id', indexes: { byAt: { keyPath: 'at', unique: false } } },
  hourCursors: { keyPath: 'name', indexes: {} },
};

export interface OpenOptions {
  /** Defaults to the global `indexedDB` (browser / service worker). Node tests pass fake-indexeddb's. */
  indexedDB?: IDBFactory;
  /** For tests of the migration machinery only. */
  migrations?: readonly Migration[];
}

/** Opens (creating or upgrading) the database. idb's `openDB` always uses the global factory, so
 * this does the same thing over an injectable one with idb's `wrap`. */
export async function openSyncDb(name: string, opts: OpenOptions = {}): Promise<SyncDb> {
  const factory = opts.indexedDB ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (!factory) throw new StoreSchemaError(`IndexedDB "${name}"`, 'no IndexedDB in this environment');
  const migrations = opts.migrations ?? MIGRATIONS;
  const version = migrations.length;

  const request = factory.open(name, version);
  let migrationError: unknown;
  request.onupgradeneeded = (ev) => {
    const db = wrap(request.result) as unknown as IDBPDatabase<unknown>;
    const tx = wrap(request.transaction!) as unknown as IDBPTransaction<unknown, string[], 'versionchange'>;
    const from = ev.oldVersion;
    tx.done.catch(() => undefined); // an aborted upgrade is reported through the open request
    // Each step only awaits requests of the versionchange transaction, which keeps it alive.
    void (async () => {
      for (let v = from; v < version; v++) await migrations[v]!(db, tx);
    })().catch((e) => {
      migrationError = e;
      try {
        tx.abort();
      } catch {
        /* already finished */
      }
    });
  };
  let db: SyncDb;
  try {
    db = (await wrap(request)) as unknown as SyncDb;
  } catch (e) {
    if (migrationError)
      throw new StoreSchemaError(`IndexedDB "${name}"`, `migration to version ${version} failed: ${String(migrationError)}`, {
        cause: migrationError,
      });
    if ((e as { name?: string }).name === 'VersionError') {
      throw new StoreSchemaError(`IndexedDB "${name}"`, `made by a newer version of the extension (this one knows version ${version})`, {
        cause: e,
      });
    }
    throw e;
  }
  // Another context (a newer extension version) wants to upgrade: let it.
  db.addEventListener('versionchange', () => db.close());
  if (!opts.migrations) {
    try {
      verifyLayout(db, name);
    } catch (e) {
      db.close();
      throw e;
    }
  }
  return db;
}

function verifyLayout(db: SyncDb, name: string): void {
  const raw = db as unknown as IDBPDatabase<unknown>;
  const where = `IndexedDB "${name}" (version ${db.version})`;
  const names = Object.keys(LAYOUT);
  for (const s of names)
    if (!raw.objectStoreNames.contains(s))
      throw new StoreSchemaError(where, `object store "${s}" is missing; not a sync-state database of this version`);
  const tx = raw.transaction(names, 'readonly');
  for (const [s, want] of Object.entries(LAYOUT)) {
    const store = tx.objectStore(s);
    if (!sameKeyPath(store.keyPath, want.keyPath))
      throw new StoreSchemaError(
        where,
        `object store "${s}" has key ${JSON.stringify(store.keyPath)}, expected ${JSON.stringify(want.keyPath)}`,
      );
    for (const [i, spec] of Object.entries(want.indexes)) {
      if (!store.indexNames.contains(i)) throw new StoreSchemaError(where, `index "${s}.${i}" is missing`);
      const idx = store.index(i);
      if (!sameKeyPath(idx.keyPath, spec.keyPath) || idx.unique !== spec.unique)
        throw new StoreSchemaError(where, `index "${s}.${i}" has the wrong shape`);
    }
  }
}

function sameKeyPath(a: string | string[] | null, b: string | string[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
