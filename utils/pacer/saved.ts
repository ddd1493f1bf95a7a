// What the pacer keeps in the store (SyncStore.meta), so a worker stopped and started again (or a
// browser restart, or the next command line run) remembers what it spent: our 24SO requests per
// minute of the last hour, the server's view, and a Busy pause. Written ahead of the requests it
// covers (Pacer reserves a block, writes, then sends): what is stored is never less than what went.
import { z } from 'zod';
import { readMeta, type SyncStore } from '../store/types';

export const PACER_META_KEY = 'pacer.budget';

const ms = z.number().int().min(0);

export const SavedBudgetSchema = z.strictObject({
  v: z.literal(1),
  /** [epoch minute, our 24SO requests in it], the last hour (reservations counted as sent). */
  tfsoMinutes: z.array(z.tuple([z.number().int().min(0), z.number().int().min(0)])).max(240),
  /** The server's view (left after our reservation, its reset in our clock), or null (local count). */
  tfsoServer: z.strictObject({ left: z.number().int(), resetAt: ms }).nullable(),
  /** Busy: nothing before this (ours, ms). */
  busyPausedUntil: ms,
});
export type SavedBudget = z.infer<typeof SavedBudgetSchema>;

export type MetaStore = Pick<SyncStore, 'meta'>;

/** The saved budget; undefined when there is none. A value that does not fit throws, naming the key. */
export function readSavedBudget(store: MetaStore): Promise<SavedBudget | undefined> {
  return readMeta(store, PACER_META_KEY, SavedBudgetSchema);
}

export async function writeSavedBudget(store: MetaStore, v: SavedBudget): Promise<void> {
  await store.meta.put(PACER_META_KEY, SavedBudgetSchema.parse(v));
}
