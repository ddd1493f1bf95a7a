// What the extension imports. The file store (node:fs) is deliberately not re-exported here:
// the Node CLI imports './file-store' directly.
export * from './types';
export * from './errors';
export { createIdbStore, type IdbStoreOptions } from './idb-store';
export { DB_VERSION, MIGRATIONS, openSyncDb } from './db';
export { MAX_RUNS, type CorruptHandler } from './records';
