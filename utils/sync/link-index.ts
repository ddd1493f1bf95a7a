// The links of one kind a phase works with, by either side's id: every link of the kind when the
// phase reads a side whole (absence then means gone), else only those of the records it read,
// looked up by id in one store read per batch, so the cost follows the changes. Shared by the
// master kinds (pairing.ts) and the tasks of each project (tasks.ts).
import type { EntityKind, Link, Side, SyncStore } from '../store/types';

export class LinkIndex {
  readonly byBusy = new Map<string, Link>();
  readonly byTfso = new Map<string, Link>();
  private readonly asked = { busy: new Set<string>(), tfso: new Set<string>() };

  private constructor(
    private readonly store: SyncStore,
    private readonly kind: EntityKind,
    /** Every link of the kind was read: `need` reads nothing. */
    readonly whole: boolean,
  ) {}

  static async open(store: SyncStore, kind: EntityKind, whole: boolean): Promise<LinkIndex> {
    const ix = new LinkIndex(store, kind, whole);
    if (whole) for (const l of await store.links.all(kind)) ix.add(l);
    return ix;
  }

  add(l: Link): void {
    this.byBusy.set(l.busyId, l);
    this.byTfso.set(l.tfsoId, l);
  }

  /** Reads the links of the ids on `side` not asked for before (one store read) and returns those
   * found; null when nothing was read (the index is whole, or every id was asked for already). */
  async need(side: Side, ids: readonly string[]): Promise<Link[] | null> {
    if (this.whole) return null;
    const missing = ids.filter((id) => !this.asked[side].has(id));
    if (!missing.length) return null;
    for (const id of missing) this.asked[side].add(id);
    const found = [...(await this.store.links.getMany(this.kind, side, missing)).values()];
    for (const l of found) this.add(l);
    return found;
  }
}
