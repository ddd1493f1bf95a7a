// A shared register in Busy: the one place every installation of a company can read and write
// without a server of our own. It is an archived Busy tag of type `ignore` (no work type, never
// offered when logging time, hidden among the archived tags of Busy's settings) whose
// `externalId` holds the value: `b24so:<name>:v1 <JSON>`. Two registers exist: `runner` (which
// installation runs the schedule) and `lock` (which installation may create records right now).
//
// Finding it: the tag id is remembered in the store (meta); when that tag is gone or no longer
// ours, the archived tags are listed and the one whose externalId starts with the register's
// prefix is used. None → one is created. Two installations may create it at the same moment: each
// creates, waits `settleMs`, lists again and uses the LOWEST id carrying the prefix (a later
// creator sees the earlier one; the earlier one sees both and picks itself); the others are
// voided. A person who deletes or edits the tag by hand costs the next run one re-discovery.
import { z } from 'zod';
import type { BusyClient } from '../busy/client';
import type { BusyTag } from '../busy/schemas';
import { createTag, getTag, listTags, patchTag } from '../busy/tags';
import { RemoteFaultError } from '../core/errors';
import { readMeta, type SyncStore } from '../store/types';

export type RegisterName = 'runner' | 'lock';

/** What a register holds: who holds it, for how long they may believe so, and what to show. */
export const HolderSchema = z.strictObject({
  /** The installation (utils/coordination/installation.ts). */
  holder: z.string().min(1).max(40),
  /** This run of that installation's code (a restarted worker is a new session). */
  session: z.string().min(1).max(40),
  /** Changes at every write of the holder: a reader that sees it change knows the holder lives. */
  nonce: z.string().min(1).max(40),
  /** +1 at every acquisition: a fencing token, shown in diagnostics. */
  token: z.number().int().min(0),
  /** Browser and person, for the popup of the others. */
  label: z.string().max(80),
  /** Holder's own clock, for display only (never compared with another clock). */
  since: z.iso.datetime({ offset: true }),
  at: z.iso.datetime({ offset: true }),
});
export type Holder = z.infer<typeof HolderSchema>;

export interface RegisterRead {
  tagId: string;
  /** null: free (or unreadable, which counts as free: a person may have edited the tag). */
  value: Holder | null;
  /** The externalId as read: a change of it is a sign of life. */
  raw: string;
  /** Busy's stamp of the last write to the tag (server clock). */
  updatedAt: string;
  /** Busy's clock when it answered (Date header), if it sent one. */
  serverNow: number | null;
}

const VOID = 'b24so:void';
const prefix = (name: RegisterName) => `b24so:${name}:v1`;
const TAG_NAMES: Record<RegisterName, string> = {
  runner: '24SO-synk: hvem kjører (ikke endre)',
  lock: '24SO-synk: skrivelås (ikke endre)',
};
const TagIdsSchema = z.record(z.string(), z.string().regex(/^\d+$/));
const META_KEY = 'coordination.tags';

export function encodeRegister(name: RegisterName, v: Holder | null): string {
  return `${prefix(name)} ${v ? JSON.stringify(v) : 'free'}`;
}

export function decodeRegister(name: RegisterName, raw: string | null): Holder | null {
  if (!raw?.startsWith(`${prefix(name)} `)) return null;
  const body = raw.slice(prefix(name).length + 1);
  if (body === 'free') return null;
  try {
    const r = HolderSchema.safeParse(JSON.parse(body));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

const ours = (name: RegisterName, t: BusyTag) => !!t.externalId?.startsWith(prefix(name));

export interface RegisterTiming {
  /** Wait between creating the tag and choosing the canonical one (see the header). */
  settleMs: number;
}

export class BusyRegister {
  private tagId?: string;

  constructor(
    readonly name: RegisterName,
    private readonly busy: BusyClient,
    private readonly store: Pick<SyncStore, 'meta'>,
    private readonly sleep: (ms: number) => Promise<void>,
    private readonly timing: RegisterTiming,
  ) {}

  async read(): Promise<RegisterRead> {
    const tag = await this.tag();
    return this.view(tag);
  }

  /** Writes the value; returns the register as Busy answered the write. */
  async write(v: Holder | null): Promise<RegisterRead> {
    // The tag was read just before (every protocol step reads first): its id is known.
    const id = this.tagId ?? (await this.tag()).id;
    let tag: BusyTag;
    try {
      tag = await patchTag(this.busy, id, { externalId: encodeRegister(this.name, v) });
    } catch (e) {
      if (!(e instanceof RemoteFaultError && e.status === 404)) throw e;
      this.tagId = undefined; // deleted by hand since: found again (or made) and written there
      tag = await patchTag(this.busy, (await this.tag()).id, { externalId: encodeRegister(this.name, v) });
    }
    return this.view(tag);
  }

  private view(tag: BusyTag): RegisterRead {
    const raw = tag.externalId ?? '';
    return { tagId: tag.id, value: decodeRegister(this.name, raw), raw, updatedAt: tag.updatedAt, serverNow: this.busy.serverTime() };
  }

  /** The register's tag, read fresh. */
  private async tag(): Promise<BusyTag> {
    const id = this.tagId ?? (await readMeta(this.store, META_KEY, TagIdsSchema).catch(() => undefined))?.[this.name];
    if (id) {
      try {
        const t = await getTag(this.busy, id);
        if (ours(this.name, t)) {
          this.tagId = id;
          return t;
        }
      } catch (e) {
        if (!(e instanceof RemoteFaultError && e.status === 404)) throw e;
      }
    }
    const t = await this.discover();
    this.tagId = t.id;
    const known = (await readMeta(this.store, META_KEY, TagIdsSchema).catch(() => undefined)) ?? {};
    await this.store.meta.put(META_KEY, { ...known, [this.name]: t.id });
    return t;
  }

  private async discover(): Promise<BusyTag> {
    const found = await this.canonical();
    if (found) return found;
    const made = await createTag(this.busy, {
      name: TAG_NAMES[this.name],
      type: 'ignore',
      externalId: encodeRegister(this.name, null),
      defaultHourlyRate: null,
    });
    await patchTag(this.busy, made.id, { isActive: false });
    // Someone else may be creating theirs right now: let both become visible, then take the lowest.
    await this.sleep(this.timing.settleMs);
    return (await this.canonical()) ?? made;
  }

  /** The lowest-id tag carrying the prefix; the others (and any left active) are put right. */
  private async canonical(): Promise<BusyTag | undefined> {
    const all = (await listTags(this.busy, { isActive: 'all' }))
      .filter((t) => ours(this.name, t))
      .sort((a, b) => Number(a.id) - Number(b.id));
    const [first, ...rest] = all;
    if (!first) return undefined;
    for (const t of rest) await patchTag(this.busy, t.id, { externalId: VOID, isActive: false });
    if (first.isActive) return patchTag(this.busy, first.id, { isActive: false });
    return first;
  }
}
