// Busy client id ↔ 24SO company id for the project kind (its `customer` field is 24SO's company
// id; Busy's project names its client): from the customer links, read once or as needed.
import type { Link } from '../store/types';
import type { ReadMode, RunCtx } from './context';

/**
 * Busy client id ↔ 24SO company id, from the customer links. Whole (every customer link, for runs
 * that read everything) or partial: only the ids `need` was given, looked up in one store read
 * each batch, so a run that read k projects reads the links of their customers, not all of them.
 * Asking a partial index about an id it was not given is a bug, and throws.
 */
export class CustomerIndex {
  private toTfso = new Map<string, number | null>();
  private toBusy = new Map<number, string | null>();
  private constructor(private readonly whole: boolean) {}
  static async load(ctx: RunCtx): Promise<CustomerIndex> {
    const ix = new CustomerIndex(true);
    for (const l of await ctx.store.links.all('customer')) ix.set(l.busyId, Number(l.tfsoId));
    return ix;
  }
  /** Whole for 'all' runs (they read every project anyway), partial otherwise. */
  static async forMode(ctx: RunCtx, mode: ReadMode): Promise<CustomerIndex> {
    return mode === 'all' ? CustomerIndex.load(ctx) : new CustomerIndex(false);
  }
  async need(ctx: RunCtx, busyIds: readonly (string | null)[], tfsoIds: readonly (number | null)[]): Promise<void> {
    if (this.whole) return;
    const b = [...new Set(busyIds.filter((x): x is string => x !== null && !this.toTfso.has(x)))];
    const t = [...new Set(tfsoIds.filter((x): x is number => x !== null && !this.toBusy.has(x)))];
    const [byB, byT] = await Promise.all([
      b.length ? ctx.store.links.getMany('customer', 'busy', b) : new Map<string, Link>(),
      t.length ? ctx.store.links.getMany('customer', 'tfso', t.map(String)) : new Map<string, Link>(),
    ]);
    for (const id of b) this.toTfso.set(id, null);
    for (const id of t) this.toBusy.set(id, null);
    for (const l of [...byB.values(), ...byT.values()]) this.set(l.busyId, Number(l.tfsoId));
  }
  set(busyId: string, tfsoId: number): void {
    this.toTfso.set(busyId, tfsoId);
    this.toBusy.set(tfsoId, busyId);
  }
  tfsoOf(busyId: string): number | null {
    return this.known(this.toTfso, busyId);
  }
  busyOf(tfsoId: number): string | null {
    return this.known(this.toBusy, tfsoId);
  }
  private known<K, V>(m: Map<K, V | null>, k: K): V | null {
    const v = m.get(k);
    if (v === undefined && !this.whole) throw new Error(`CustomerIndex: customer ${String(k)} was not looked up`);
    return v ?? null;
  }
}
