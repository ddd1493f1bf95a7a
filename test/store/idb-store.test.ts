// idb checks `instanceof IDBRequest` etc. against the globals a browser has; `auto` installs
// fake-indexeddb's classes as those globals. Each test still gets its own fresh factory.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import { wrap, type IDBPDatabase } from 'idb';
import { storeContract, link } from './contract';
import { createIdbStore } from '../../utils/store/idb-store';
import { DB_VERSION, MIGRATIONS, openSyncDb, type Migration } from '../../utils/store/db';
import { StoreSchemaError } from '../../utils/store/errors';

// idb's openDB always uses the global factory; go through the per-test one instead.
async function rawOpen(factory: IDBFactory, name: string): Promise<IDBPDatabase<unknown>> {
  return (await wrap(factory.open(name))) as unknown as IDBPDatabase<unknown>;
}

let n = 0;
storeContract('IndexedDB (fake-indexeddb)', async () => {
  const factory = new IDBFactory();
  const name = `sync-state-${++n}`;
  return {
    open: (o) => createIdbStore(name, { indexedDB: factory, onCorrupt: o?.onCorrupt }),
    async writeRaw(store, key, value) {
      const db = await rawOpen(factory, name);
      const tx = db.transaction(store, 'readwrite');
      // inline keys: the value must carry its key fields
      await tx.store.put(value);
      await tx.done;
      db.close();
      expect(key).toBeDefined();
    },
  };
});

describe('IndexedDB schema and migrations', () => {
  it(`a new database is created at version ${DB_VERSION} with every object store`, async () => {
    const factory = new IDBFactory();
    const db = await openSyncDb('fresh', { indexedDB: factory });
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual([
      'cursors',
      'hourCursors',
      'hourLedger',
      'journal',
      'links',
      'meta',
      'orderLedger',
      'runs',
      'transferLog',
      'warnings',
    ]);
    db.close();
  });

  it('a database with our name and version but an older, foreign shape is refused with a StoreSchemaError naming what is missing', async () => {
    const factory = new IDBFactory();
    // a "v0" layout made by hand: one store of links keyed by a synthetic id
    const old = (await wrap(
      Object.assign(factory.open('legacy', 1), {
        onupgradeneeded(this: IDBOpenDBRequest) {
          this.result.createObjectStore('links', { keyPath: 'id' });
        },
      }),
    )) as unknown as IDBDatabase;
    old.close();
    const err = await createIdbStore('legacy', { indexedDB: factory }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreSchemaError);
    expect((err as Error).message).toMatch(/legacy.*"cursors" is missing|"links" has key/);
  });

  it('a database made by a newer version is refused with a StoreSchemaError, not opened', async () => {
    const factory = new IDBFactory();
    const future = await wrap(Object.assign(factory.open('future', DB_VERSION + 1), { onupgradeneeded() {} }));
    (future as unknown as IDBDatabase).close();
    const err = await createIdbStore('future', { indexedDB: factory }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreSchemaError);
    expect((err as Error).message).toMatch(/newer version/);
  });

  it('an appended migration upgrades an existing database in place and keeps (and transforms) its data', async () => {
    const factory = new IDBFactory();
    const s = await createIdbStore('upgrade', { indexedDB: factory });
    await s.links.putMany([link('project', 'b1', '1'), link('customer', 'c1', '9')]);
    s.close();
    // what a future v2 would look like: a new index, and every link rewritten
    const v2: Migration = async (db, tx) => {
      const links = tx.objectStore('links');
      links.createIndex('bySyncedAt', 'syncedAt');
      for (let c = await links.openCursor(); c; c = await c.continue()) {
        const v = c.value as { busy: Record<string, unknown> };
        await c.update({ ...v, busy: { ...v.busy, migrated: true } });
      }
      expect(db.objectStoreNames.contains('meta')).toBe(true);
    };
    const db = await openSyncDb('upgrade', { indexedDB: factory, migrations: [...MIGRATIONS, v2] });
    expect(db.version).toBe(DB_VERSION + 1);
    const all = (await (db as unknown as IDBPDatabase<unknown>).getAll('links')) as { busyId: string; busy: { migrated?: boolean } }[];
    expect(all.map((l) => [l.busyId, l.busy.migrated])).toEqual([
      ['c1', true],
      ['b1', true],
    ]);
    db.close();
  });

  it('a migration that fails leaves the database at its old version with its data', async () => {
    const factory = new IDBFactory();
    const s = await createIdbStore('failing', { indexedDB: factory });
    await s.links.put(link('project', 'b1', '1'));
    s.close();
    const bad: Migration = async (_db, tx) => {
      await tx.objectStore('links').clear();
      throw new Error('boom');
    };
    const err = await openSyncDb('failing', { indexedDB: factory, migrations: [...MIGRATIONS, bad] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreSchemaError);
    expect((err as Error).message).toMatch(/migration.*boom/);
    const again = await createIdbStore('failing', { indexedDB: factory });
    expect(await again.links.count('project')).toBe(1);
    again.close();
  });
});
