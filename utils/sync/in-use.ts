// Projects "in use": hours logged on them or the project changed in the last days. Their tasks and
// members are looked at on every push (Busy → 24SO within a minute) and every hourly run (24SO →
// Busy), while the other projects are looked at in rotation (scope.ts). Kept in the store as Busy
// project id → the last time seen in use, fed by the hour transfer (every hour entry it reads) and
// by the sync runs (the projects they touch, and the hour entries changed since, when no transfer
// is reading them).
import { z } from 'zod';
import { readMeta, type SyncStore } from '../store/types';

const KEY = 'inUse.projects';
const InUseSchema = z.record(z.string().regex(/^\d+$/), z.iso.datetime({ offset: true }));
/** How long a project stays "in use" after its last hour or change. */
export const IN_USE_DAYS = 3;
/** At most this many projects count as in use (the most recent first): bounds the push's cost. */
export const IN_USE_MAX = 50;

async function read(store: Pick<SyncStore, 'meta'>): Promise<Record<string, string>> {
  return (await readMeta(store, KEY, InUseSchema).catch(() => undefined)) ?? {};
}

/** Notes projects seen in use at `at` (ISO); forgets those idle for longer than IN_USE_DAYS. */
export async function noteInUse(
  store: Pick<SyncStore, 'meta'>,
  seen: Iterable<[busyProjectId: string, at: string]>,
  now: Date,
): Promise<void> {
  const m = await read(store);
  let changed = false;
  for (const [id, at] of seen) {
    if (!/^\d+$/.test(id)) continue;
    if (!m[id] || m[id]! < at) {
      m[id] = at;
      changed = true;
    }
  }
  const oldest = new Date(now.getTime() - IN_USE_DAYS * 86_400_000).toISOString();
  for (const [id, at] of Object.entries(m))
    if (at < oldest) {
      delete m[id];
      changed = true;
    }
  if (changed) await store.meta.put(KEY, m);
}

/** Busy ids of the projects in use now, most recent first (at most IN_USE_MAX). */
export async function projectsInUse(store: Pick<SyncStore, 'meta'>, now: Date): Promise<string[]> {
  const oldest = new Date(now.getTime() - IN_USE_DAYS * 86_400_000).toISOString();
  return Object.entries(await read(store))
    .filter(([, at]) => at >= oldest)
    .sort((a, b) => (a[1] < b[1] ? 1 : -1))
    .slice(0, IN_USE_MAX)
    .map(([id]) => id);
}

/** When the in-use list was last fed from the hour entries (meta), to know if the sync must. */
const FED_KEY = 'inUse.hoursReadAt';
export async function hoursReadAt(store: Pick<SyncStore, 'meta'>): Promise<string | null> {
  return (await readMeta(store, FED_KEY, z.iso.datetime({ offset: true })).catch(() => undefined)) ?? null;
}
export async function noteHoursRead(store: Pick<SyncStore, 'meta'>, at: string): Promise<void> {
  await store.meta.put(FED_KEY, at);
}
