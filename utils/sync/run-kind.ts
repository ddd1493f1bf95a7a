// The master-data loop for one kind (customers, work types, projects): read and pair both sides
// (pairing.ts), decide each pair (pair-actions.ts), act on it (apply.ts), look again after any
// create (fresh.ts), then move the cursors — only after everything they cover is committed.
import type { Warning } from '../store/types';
import { forEachBounded } from './ahead';
import { applyPair, type KindRun } from './apply';
import type { RunCtx } from './context';
import { nextCursors, type OwnWrites } from './cursors';
import { CONFLICT_POLICY } from './decisions';
import { type Created, FreshGate, lookAgain } from './fresh';
import type { BusyOf, KindSpec } from './kind-spec';
import { decisionWarningKey, type MatchDecision } from './matching';
import type { MasterKind } from './model';
import { decidePair } from './pair-actions';
import { type Collected, collectPairs } from './pairing';
import type { ReadMode } from './triggers';

/**
 * One kind, one run (projects it touches are noted in ctx.touchedProjects for tasks/members).
 * Throws (and commits nothing more) on anything that stops the run.
 */
export async function runKind<K extends MasterKind>(ctx: RunCtx, base: KindSpec<K>, mode: ReadMode): Promise<void> {
  const kind = base.kind;
  const c = await collectPairs(ctx, base, mode);
  const writes: OwnWrites = {};
  const spec = notingOwnWrites(ctx, base, c, writes);
  await raiseDecisions(ctx, kind, c.match?.open ?? [], c.matchedWhole);

  ctx.progressTotal += c.pairs.size;
  const policy = CONFLICT_POLICY;
  const run: KindRun<K> = {
    ctx,
    spec,
    c,
    policy,
    // Creates wait for the company's write lock and a fresh look (fresh.ts); afterwards, look again.
    gate: new FreshGate(ctx, spec, c, (p) => decidePair(spec, p, c.tfsoComplete, policy).action),
    made: { busy: new Map(), tfso: new Map() } satisfies Created,
    warnKeys: new Set<string>(),
  };
  await forEachBounded(c.pairs.values(), async (p) => {
    await applyPair(run, p);
    await ctx.tick(kind);
  });
  if (run.made.busy.size || run.made.tfso.size) await lookAgain(ctx, spec, c, run.made);
  await warnCutNames(ctx, spec, c);

  // Busy-only customers no longer reported: resolved.
  if (kind === 'customer' && c.busyComplete) {
    const stale = (await ctx.store.warnings.open())
      .filter((w) => w.code === 'busyOnlyCustomer' && !run.warnKeys.has(w.key))
      .map((w) => w.key);
    if (stale.length) await ctx.store.commit({ resolveWarnings: stale });
  }

  // ---- cursors: only now, after everything they cover is committed ----
  await ctx.flushLinks();
  const cursors = nextCursors(
    ctx,
    mode,
    kind,
    {
      cursorB: c.cursorB,
      cursorT: c.cursorT,
      busyReadAt: c.busyReadAt,
      busy: spec.busyHasSince ? c.busyList.map((b) => [b.id, spec.busyTs(b)]) : null,
      tfso: spec.tfsoHasSince ? c.tfsoList.map((t) => [spec.tfsoId(t), spec.tfsoTs(t)]) : null,
    },
    writes,
  );
  if (cursors.length) await ctx.store.commit({ cursors });
}

/** The spec with its Busy writes noted (cursors.ts OwnWrites): the next run's read returns them. */
function notingOwnWrites<K extends MasterKind>(ctx: RunCtx, base: KindSpec<K>, c: Collected<K>, w: OwnWrites): KindSpec<K> {
  const noteOwn = (b: BusyOf<K>): BusyOf<K> => {
    const ts = base.busyTs(b);
    const now = ctx.now();
    // The first of them: its stamp less the local time from the list request to its answer is no
    // later than the server's clock when the list was read (for a first cursor when none was listed).
    w.firstOwn ??= Date.parse(ts) - (now.getTime() - c.busyReadAt);
    if (!w.own || ts > w.own.upTo) w.own = { upTo: ts, seenAt: now.toISOString() };
    else w.own.seenAt = now.toISOString();
    return b;
  };
  return {
    ...base,
    createBusy: async (t, m) => noteOwn(await base.createBusy(t, m)),
    patchBusy: async (b, f) => noteOwn(await base.patchBusy(b, f)),
    archiveBusy: async (id) => noteOwn(await base.archiveBusy(id)),
    writeMarker: async (b, id) => noteOwn(await base.writeMarker(b, id)),
  };
}

/**
 * Open matching decisions become warnings (the options page lists them with the plan); when
 * matching saw both sides whole, earlier ones no longer raised are resolved.
 */
export async function raiseDecisions(ctx: RunCtx, kind: MatchDecision['kind'], open: MatchDecision[], whole: boolean): Promise<void> {
  const raised: Warning[] = [];
  for (const d of open) {
    ctx.openDecisions.push(d);
    raised.push(
      ctx.warn(
        'matchDecision',
        decisionWarningKey(d),
        'warnMatchDecision',
        [d.subject.name, d.candidates.map((x) => `«${x.name}»`).join(', ')],
        kind,
      ),
    );
  }
  const keys = new Set(raised.map((w) => w.key));
  const stale = whole
    ? (await ctx.store.warnings.open()).filter((w) => w.code === 'matchDecision' && w.kind === kind && !keys.has(w.key)).map((w) => w.key)
    : [];
  if (raised.length || stale.length) await ctx.store.commit({ warnings: raised, resolveWarnings: stale });
}

/**
 * A 24SO name longer than Busy takes arrives cut: a warning names the record, the whole name and
 * the cut one (kept current: resolved when the name fits again, on a complete read).
 */
async function warnCutNames<K extends MasterKind>(ctx: RunCtx, spec: KindSpec<K>, c: Collected<K>): Promise<void> {
  if (!spec.tfsoName || !spec.busyNameMax) return;
  const raised: Warning[] = [];
  for (const t of c.tfsoList) {
    const full = spec.tfsoName(t).trim();
    if (full.length <= spec.busyNameMax) continue;
    raised.push(
      ctx.warn(
        'nameTruncated',
        `nameTruncated:${spec.kind}:${spec.tfsoId(t)}`,
        'warnNameTruncated',
        [spec.kind, full, full.slice(0, spec.busyNameMax), String(spec.busyNameMax)],
        spec.kind,
      ),
    );
  }
  const keys = new Set(raised.map((w) => w.key));
  const stale = c.tfsoComplete
    ? (await ctx.store.warnings.open())
        .filter((w) => w.code === 'nameTruncated' && w.kind === spec.kind && !keys.has(w.key))
        .map((w) => w.key)
    : [];
  if (raised.length || stale.length) await ctx.store.commit({ warnings: raised, resolveWarnings: stale });
}
