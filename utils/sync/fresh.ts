// Exactly once across installations (issue 13), for the master-data kinds. A phase reads both
// sides, pairs and decides without any lock (most runs create nothing). Before its first create
// it takes the company's write lock (utils/coordination); when the lock was taken after the
// phase's reads, another installation may have created since, so the records about to be made
// are looked for again, fresh, on the side they would be made on:
//   - a 24SO record about to be created in Busy: a Busy record carrying its id (externalId);
//   - a Busy record about to be created in 24SO: the Busy record itself again (another
//     installation may have written the 24SO id back) and a 24SO record whose Description
//     carries its origin marker (origin.ts).
// Found → the pair is adopted instead (linked, compared, 24SO wins). After the phase's creates,
// the same look is made once more (look-again): two copies carrying the same marker mean the
// lock failed somewhere (a request delayed past the lock's time, see shared-lock.ts). The lowest
// id stays. A Busy copy is archived and loses its marker (Busy cannot delete); a 24SO copy cannot
// be removed through the API, so it is named in a warning for a person to delete or merge.
import type { RunCtx } from './context';
import { type KindSpec, numeric } from './kind-spec';
import type { MasterKind } from './model';
import type { PlannedAction } from './pair-actions';
import type { Collected, Pair } from './pairing';

/** Changes since the read (server clock), with the engine's usual overlap; undefined = read whole. */
const sinceOf = (ctx: RunCtx, at: number | null) => (at === null ? undefined : new Date(at - ctx.overlapMs));

/**
 * Before a create: holds the write lock, and when it was taken after this phase's reads, looks
 * again (once per holding) and turns pairs whose record now exists into adoptions.
 */
export class FreshGate<K extends MasterKind> {
  private checkedAt: number;
  private pending?: Promise<void>;

  constructor(
    private readonly ctx: RunCtx,
    private readonly spec: KindSpec<K>,
    private readonly c: Collected<K>,
    private readonly actionOf: (p: Pair<K>) => PlannedAction,
  ) {
    this.checkedAt = c.stamp.mono;
  }

  async before(): Promise<void> {
    for (;;) {
      const since = await this.ctx.lock.ensure();
      if (since <= this.checkedAt) return;
      if (!this.pending) {
        const at = this.ctx.lock.now();
        this.pending = refreshPairs(this.ctx, this.spec, this.c, this.actionOf)
          .then(() => {
            this.checkedAt = at;
          })
          .finally(() => {
            this.pending = undefined;
          });
      }
      await this.pending;
    }
  }
}

type CreatePlan = 'createBusy' | 'createTfso';

async function refreshPairs<K extends MasterKind>(
  ctx: RunCtx,
  spec: KindSpec<K>,
  c: Collected<K>,
  actionOf: (p: Pair<K>) => PlannedAction,
): Promise<void> {
  const creating: [Pair<K>, CreatePlan][] = [];
  for (const p of c.pairs.values()) {
    const a = actionOf(p);
    if (a === 'createBusy' || a === 'createTfso') creating.push([p, a]);
  }
  if (!creating.length) return;
  const tfsoIds = creating.filter(([, a]) => a === 'createBusy').map(([p]) => spec.tfsoId(p.t!));
  const busyIds = creating.filter(([, a]) => a === 'createTfso').map(([p]) => p.b!.id);
  ctx.log('info', 'looking again before creating', { kind: spec.kind, tfsoIds: tfsoIds.length, busyIds: busyIds.length });
  const freshB = await spec.freshBusy({ tfsoIds, busyIds, since: sinceOf(ctx, c.stamp.busy) });
  const freshT = busyIds.length && spec.freshTfso ? await spec.freshTfso({ busyIds, since: sinceOf(ctx, c.stamp.tfso) }) : [];
  await spec.prepare?.(freshB, freshT);
  const byExt = lowestBy(
    freshB.filter((b) => b.externalId !== null),
    (b) => b.externalId!,
    (b) => Number(b.id),
  );
  const byId = new Map(freshB.map((b) => [b.id, b]));
  const byOrigin = lowestBy(
    freshT.filter((t) => spec.tfsoOrigin?.(t)),
    (t) => spec.tfsoOrigin!(t)!,
    (t) => Number(spec.tfsoId(t)),
  );
  for (const [p, a] of creating) {
    if (a === 'createBusy') {
      const b = byExt.get(spec.tfsoId(p.t!));
      if (b && !(await ctx.store.links.get(spec.kind, 'busy', b.id))) {
        p.b = b;
        p.bm = spec.busyModel(b);
      }
      continue;
    }
    const b = byId.get(p.b!.id) ?? p.b!;
    const carried = numeric(b.externalId);
    let t = carried ? (c.tfsoById.get(carried) ?? (await spec.fetchTfso([carried]))[0]) : byOrigin.get(b.id);
    if (!t && carried) continue; // names a 24SO record that is gone: decidePair leaves it alone
    if (t && (await ctx.store.links.get(spec.kind, 'tfso', spec.tfsoId(t)))) t = undefined;
    if (t) await spec.prepare?.([b], [t]);
    p.b = b;
    p.bm = spec.busyModel(b);
    if (t) {
      p.t = t;
      p.tm = spec.tfsoModel(t);
    }
  }
}

function lowestBy<X>(xs: X[], key: (x: X) => string, order: (x: X) => number): Map<string, X> {
  const out = new Map<string, X>();
  for (const x of xs) {
    const k = key(x);
    const had = out.get(k);
    if (!had || order(x) < order(had)) out.set(k, x);
  }
  return out;
}

/** The phase's creates, for the look-again. */
export interface Created {
  busy: Map<string, string>;
  tfso: Map<string, string>;
}

/**
 * After a phase's creates: the same look once more. Copies carrying one marker are resolved to
 * the lowest id (see the header); the link and the Busy marker follow the copy that stays.
 */
export async function lookAgain<K extends MasterKind>(ctx: RunCtx, spec: KindSpec<K>, c: Collected<K>, made: Created): Promise<void> {
  if (made.busy.size) {
    const fresh = await spec.freshBusy({ tfsoIds: [...made.busy.keys()], busyIds: [], since: sinceOf(ctx, c.stamp.busy) });
    const copies = groupBy(
      fresh.filter((b) => b.externalId !== null && made.busy.has(b.externalId)),
      (b) => b.externalId!,
    );
    for (const [tfsoId, bs] of copies) {
      const active = bs.filter((b) => spec.busyModel(b).active !== false);
      if (active.length < 2) continue;
      const [keep, ...extra] = active.sort((x, y) => Number(x.id) - Number(y.id));
      for (const b of extra)
        await ctx.write({ kind: spec.kind, name: spec.busyModel(b).name, id: b.id, op: 'retire' }, () => spec.retireBusy(b));
      ctx.warn(
        'duplicateResolved',
        `duplicateResolved:${spec.kind}:busy:${tfsoId}`,
        'warnDuplicateResolved',
        [spec.kind, spec.busyModel(keep!).name, extra.map((b) => b.id).join(', '), keep!.id],
        spec.kind,
      );
      const link = await ctx.store.links.get(spec.kind, 'tfso', tfsoId);
      if (link && link.busyId !== keep!.id) {
        await ctx.dropLink(spec.kind, link.busyId);
        await ctx.commit([{ ...link, busyId: keep!.id, busy: spec.busyModel(keep!), syncedAt: ctx.now().toISOString() }]);
      }
    }
  }
  if (made.tfso.size && spec.freshTfso && spec.tfsoOrigin) {
    const fresh = await spec.freshTfso({ busyIds: [...made.tfso.keys()], since: sinceOf(ctx, c.stamp.tfso) });
    const copies = groupBy(
      fresh.filter((t) => made.tfso.has(spec.tfsoOrigin!(t) ?? '')),
      (t) => spec.tfsoOrigin!(t)!,
    );
    for (const [busyId, ts] of copies) {
      if (ts.length < 2) continue;
      const [keep, ...extra] = ts.sort((x, y) => Number(spec.tfsoId(x)) - Number(spec.tfsoId(y)));
      const keepId = spec.tfsoId(keep!);
      const name = spec.tfsoModel(keep!).name;
      ctx.warn(
        'duplicateInTfso',
        `duplicateInTfso:${spec.kind}:${busyId}`,
        'warnDuplicateInTfso',
        [spec.kind, name, keepId, extra.map((t) => spec.tfsoId(t)).join(', ')],
        spec.kind,
      );
      const link = await ctx.store.links.get(spec.kind, 'busy', busyId);
      if (link && link.tfsoId !== keepId) {
        await ctx.dropLink(spec.kind, busyId);
        await ctx.commit([{ ...link, tfsoId: keepId, tfso: spec.tfsoModel(keep!), syncedAt: ctx.now().toISOString() }]);
        const b = c.busyById.get(busyId);
        if (b) await ctx.write({ kind: spec.kind, name, id: busyId, op: 'marker' }, () => spec.writeMarker(b, keepId));
      }
    }
  }
}

function groupBy<X>(xs: X[], key: (x: X) => string): Map<string, X[]> {
  const out = new Map<string, X[]>();
  for (const x of xs) {
    const k = key(x);
    out.set(k, [...(out.get(k) ?? []), x]);
  }
  return out;
}
