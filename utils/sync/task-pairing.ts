// A linked project's tasks typed in by hand on both sides, paired by name (matching.ts) unless a
// link, a marker or an origin (origin.ts) pairs them already; what stays open is a decision for
// the admin. Shared by the run (tasks.ts) and the plan (plan.ts).
import type { BusyTask } from '../busy/schemas';
import type { Link, Warning } from '../store/types';
import type { TfsoTask } from '../tfso/project';
import type { RunCtx } from './context';
import { type DecisionAnswers, decisionWarningKey, type MatchDecision, type MatchResult, matchRecords } from './matching';
import { originOf } from './origin';

/**
 * Tasks typed in by hand on both sides of one linked project, paired by name (matching.ts):
 * active Busy tasks with no link and no externalId ↔ 24SO tasks no link and no Busy task claims.
 */
export function matchProjectTasks(
  busyTasks: readonly BusyTask[],
  tfsoTasks: readonly TfsoTask[],
  byBusy: ReadonlyMap<string, Link>,
  byTfso: ReadonlyMap<string, Link>,
  answers: DecisionAnswers,
): MatchResult {
  const claimed = new Set(busyTasks.map((b) => b.externalId).filter((x): x is string => x !== null));
  // Tasks made in Busy carry their origin in 24SO (origin.ts): paired by it, never matched by name.
  const origins = originIndex(tfsoTasks, byTfso);
  const ub = busyTasks.filter((b) => b.isActive && !byBusy.has(b.id) && b.externalId === null && !origins.has(b.id));
  const ut = tfsoTasks.filter((t) => !byTfso.has(String(t.id)) && !claimed.has(String(t.id)) && !originOf(t.description));
  return matchRecords(
    'task',
    ub.map((b) => ({ id: b.id, name: b.name })),
    ut.map((t) => ({ id: String(t.id), name: t.name })),
    answers,
  );
}

/** A project's open task decisions as warnings (its 24SO id as third substitution); earlier ones
 * of this project not raised again are resolved. */
export async function raiseTaskDecisions(ctx: RunCtx, pl: Link, open: MatchDecision[], before: readonly Warning[]): Promise<void> {
  const raised = open.map((d) => {
    ctx.openDecisions.push(d);
    return ctx.warn(
      'matchDecision',
      decisionWarningKey(d),
      'warnMatchDecision',
      [d.subject.name, d.candidates.map((x) => `«${x.name}»`).join(', '), pl.tfsoId],
      'task',
    );
  });
  const keys = new Set(raised.map((w) => w.key));
  const stale = before.filter((w) => w.substitutions[2] === pl.tfsoId && !keys.has(w.key)).map((w) => w.key);
  if (raised.length || stale.length) await ctx.store.commit({ warnings: raised, resolveWarnings: stale });
}

/** Busy task id → the unlinked 24SO task made from it (lowest id), by origin marker. */
export function originIndex(tfsoTasks: readonly TfsoTask[], byTfso: ReadonlyMap<string, Link>): Map<string, string> {
  const out = new Map<string, string>();
  for (const t of [...tfsoTasks].sort((a, b) => a.id - b.id)) {
    const o = originOf(t.description);
    if (o && !byTfso.has(String(t.id)) && !out.has(o)) out.set(o, String(t.id));
  }
  return out;
}
