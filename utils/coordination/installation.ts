// Each installation of the extension (and each state directory of the command line) has an id of
// its own, made once and kept in its store. The company's installations know each other by it
// through the registers in Busy (register.ts).
import { z } from 'zod';
import { readMeta, type SyncStore } from '../store/types';

const InstallationSchema = z.strictObject({ id: z.string().regex(/^[a-z0-9]{8,24}$/), createdAt: z.iso.datetime({ offset: true }) });
export type Installation = z.infer<typeof InstallationSchema>;
const KEY = 'installation';

export async function installationOf(store: Pick<SyncStore, 'meta'>, now: Date, random: () => number = Math.random): Promise<Installation> {
  // A value that does not fit (edited by hand) is replaced: the id only has to be unique.
  const known = await readMeta(store, KEY, InstallationSchema).catch(() => undefined);
  if (known) return known;
  const made: Installation = {
    id: Array.from({ length: 12 }, () => Math.floor(random() * 36).toString(36)).join(''),
    createdAt: now.toISOString(),
  };
  await store.meta.put(KEY, made);
  return made;
}
