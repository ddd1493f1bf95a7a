// The sync engine's entry point: one run = journal recovery, then each kind in dependency order
// (customers → work types → projects → members → tasks). Free of browser.*: the store, HTTP,
// clock and logger come in through `SyncDeps`, so the same code runs in the service worker and
// in Node against the simulators.
//
// Triggers → what runs, and how each side is read: triggers.ts (PLAN).
//
// Idle cost (requests, measured against the simulators):
//   incremental  24SO 4: GetCompanies(ChangedAfter), GetProjectList + GetDeactivatedProjects
//                (ChangedAfter; 24SO splits active and inactive projects, so that one entity type
//                costs two), GetWorkTypeList (no ChangedAfter exists). Busy 3: /clients?updatedFrom,
//                /projects?updatedFrom, /tags (no updatedFrom exists). Members and tasks: what
//                scope.ts says (participants changed, projects in use, the 24SO task rotation).
//   push         24SO 0 (GetWorkTypeList only when a Busy work type is new or changed), Busy 2
//                (/tags, /projects?updatedFrom), and the probes of projects in use (scope.ts).
// Cursors re-read a 2-minute window behind them once, then read strictly after (cursors.ts).
// First connection: records typed in by hand on both sides are matched (matching.ts); unclear
// ones wait for the admin's answer (SyncDeps.decisions). With requireConfirmation and no
// confirmation, runSync returns 'awaitingConfirmation' before any request (plan.ts shows the plan).
import { describeError, type ErrorDescription, type SystemId } from '../core/errors';
import { asBudgetPause, type BudgetPausedError } from '../pacer/errors';
import { etaOfRun } from '../pacer/progress';
import type { RunRecord, Warning } from '../store/types';
import { emptyCounts, newId, RunCtx, type RunCounts, SIDE_COUNTS, type SyncDeps } from './context';
import { PLAN, type Step, type SyncTrigger } from './triggers';
import type { MatchDecision } from './matching';
import type { SyncKind } from './model';
import { runMembers } from './members';
import { CustomerIndex } from './customer-index';
import { customerSpec, projectSpec } from './kinds';
import { runKind } from './run-kind';
import { reportAssignees, runWorkTypes } from './assumed';
import { recoverJournal } from './recovery';
import { runTasks } from './tasks';

export type { SyncDeps } from './context';
export { PLAN, type SyncTrigger } from './triggers';

export interface RunSummary {
  runId: string;
  trigger: SyncTrigger;
  ok: boolean;
  startedAt: string;
  finishedAt: string;
  counts: RunCounts;
  requests: { tfso: number; busy: number };
  /** Raised during this run. */
  warnings: Warning[];
  /** Pairs linked this run that had no link yet: adopted by marker, matched, or picked by the admin. */
  linked: Record<SyncKind, number>;
  /** Matching decisions waiting for the admin (their records were neither linked nor created). */
  openDecisions: MatchDecision[];
  /** Kinds held back because the admin has not confirmed the plan yet (see SyncDeps.requireConfirmation).
   * All kinds held = the run read and wrote nothing at all. */
  awaitingConfirmation?: SyncKind[];
  /** The run stopped to keep within a request budget (SyncDeps.pacer): not done, not failed; run
   * the same trigger again after `until` and it goes on (`error` describes it too, code
   * 'budget_paused'). */
  paused?: { until: string; system: SystemId };
  /** When the run was expected to end (with a pacer, once it made progress). */
  etaAt?: string;
  error?: ErrorDescription & { message: string };
}

const STEP_KIND: Record<Step, SyncKind> = {
  customers: 'customer',
  workTypes: 'workType',
  projects: 'project',
  members: 'project',
  tasks: 'task',
};
/** A kind only runs with the kinds it refers to. */
const NEEDS: Record<SyncKind, SyncKind[]> = { customer: [], workType: [], project: ['customer'], task: ['project', 'customer'] };

/** Kinds the engine may write (all, unless confirmation is required and not given for them). */
export function confirmedKinds(deps: Pick<SyncDeps, 'requireConfirmation' | 'confirmed' | 'confirmedKinds'>): Set<SyncKind> {
  const all: SyncKind[] = ['customer', 'workType', 'project', 'task'];
  if (!deps.requireConfirmation || deps.confirmed) return new Set(all);
  const given = new Set(deps.confirmedKinds ?? []);
  return new Set(all.filter((k) => given.has(k) && NEEDS[k].every((n) => given.has(n))));
}

export async function runSync(deps: SyncDeps, trigger: SyncTrigger): Promise<RunSummary> {
  const now = deps.now ?? (() => new Date());
  const runId = newId('run');
  const startedAt = now().toISOString();
  const allowed = confirmedKinds(deps);
  const steps = PLAN[trigger].steps.filter((s) => allowed.has(STEP_KIND[s]));
  const awaiting = [...new Set(PLAN[trigger].steps.map((s) => STEP_KIND[s]).filter((k) => !allowed.has(k)))];
  if (!steps.length) {
    // Waiting for the admin to confirm the plan: no request, no store write, not even a run record.
    deps.log?.({ level: 'info', msg: 'sync awaiting confirmation', data: { trigger } });
    return {
      runId,
      trigger,
      ok: true,
      startedAt,
      finishedAt: startedAt,
      counts: emptyCounts(),
      requests: { tfso: 0, busy: 0 },
      warnings: [],
      linked: { customer: 0, workType: 0, project: 0, task: 0 },
      openDecisions: [],
      awaitingConfirmation: awaiting,
    };
  }
  const record: RunRecord = { id: runId, trigger, startedAt };
  await deps.store.runs.put(record);
  const eta = (done: number, total: number, notBefore?: Date) => etaOfRun(deps.pacer, { done, total, requests: ctx.requests }, notBefore);
  const ctx: RunCtx = new RunCtx(deps, trigger, runId, (done, total) =>
    deps.store.runs.put({ ...record, progress: { done, total }, ...eta(done, total) }),
  );
  const plan = PLAN[trigger];
  let error: RunSummary['error'];
  let paused: BudgetPausedError | null = null;
  const phases = async () => {
    await recoverJournal(ctx);
    for (const step of steps) {
      ctx.log('info', `sync ${step}`, { mode: plan.mode });
      if (step === 'customers') await runKind(ctx, customerSpec(ctx, plan.mode), plan.mode);
      else if (step === 'workTypes') await runWorkTypes(ctx, plan.mode);
      else if (step === 'projects') await runKind(ctx, projectSpec(ctx, plan.mode, await CustomerIndex.forMode(ctx, plan.mode)), plan.mode);
      else if (step === 'members') await runMembers(ctx, plan.mode);
      else {
        await runTasks(ctx, plan.mode);
        await reportAssignees(ctx, plan.mode);
      }
    }
    await ctx.flushLinks();
    for (const save of ctx.afterRun) await save();
  };
  try {
    // The write lock is taken at the first create (if any) and freed when the run ends.
    if (deps.coordination) await deps.coordination.withLock(ctx.busy, phases);
    else await phases();
  } catch (e) {
    // What the buffer holds is true whatever stopped the run (see RunCtx.deferLink): keep it.
    await ctx.flushLinks().catch(() => undefined);
    // Committed writes stay, cursors did not move past uncommitted data; the next run resumes.
    error = { ...describeError(e), message: e instanceof Error ? e.message : String(e) };
    // Out of budget: a pause, resumed after it (utils/services/sync.ts), not a failure.
    paused = deps.pacer ? asBudgetPause(e, now()) : null;
    if (paused) error = { ...describeError(paused), message: paused.message };
    ctx.log(paused ? 'info' : 'error', paused ? 'sync paused' : 'sync stopped', { error: error.message });
  }
  // Every warning raised is stored, also those of a run that stopped (the guard's own warning).
  if (ctx.warnings.length) await deps.store.commit({ warnings: ctx.warnings });
  const finishedAt = now().toISOString();
  const pause = paused ? { until: paused.resumeAt.toISOString(), system: paused.system } : null;
  const etaAt = paused ? eta(ctx.progressDone, Math.max(ctx.progressDone, ctx.progressTotal), paused.resumeAt).etaAt : undefined;
  const summary: RunSummary = {
    runId,
    trigger,
    ok: !error,
    startedAt,
    finishedAt,
    counts: ctx.counts,
    requests: { ...ctx.requests },
    warnings: ctx.warnings,
    linked: { ...ctx.linked },
    openDecisions: ctx.openDecisions,
    ...(awaiting.length ? { awaitingConfirmation: awaiting } : {}),
    ...(pause ? { paused: pause } : {}),
    ...(etaAt ? { etaAt } : {}),
    ...(error ? { error } : {}),
  };
  await deps.store.runs.put({
    ...record,
    finishedAt,
    counts: flatCounts(ctx.counts, ctx.requests),
    ...(ctx.progressTotal ? { progress: { done: ctx.progressDone, total: Math.max(ctx.progressDone, ctx.progressTotal) } } : {}),
    // A paused run is neither ok nor failed: it says until when it waits.
    ...(pause ? { pausedUntil: pause.until, pausedFor: pause.system, ...(etaAt ? { etaAt } : {}) } : { ok: !error }),
    ...(error && !pause ? { error: { code: error.code, messageKey: error.messageKey, substitutions: error.substitutions } } : {}),
  });
  return summary;
}

/** `{ 'project.busy.created': 3, 'requests.tfso': 12, … }` (non-zero entries only). */
export function flatCounts(c: RunCounts, requests: { tfso: number; busy: number }): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [kind, sides] of Object.entries(c)) {
    for (const [side, n] of Object.entries(sides)) {
      for (const what of SIDE_COUNTS) if (n[what]) out[`${kind}.${side}.${what}`] = n[what];
    }
  }
  out['requests.tfso'] = requests.tfso;
  out['requests.busy'] = requests.busy;
  return out;
}

/** Writes made by a run (creates, updates, archives on either side). */
export function writesOf(s: RunSummary): number {
  let n = 0;
  for (const sides of Object.values(s.counts))
    for (const side of [sides.busy, sides.tfso]) n += side.created + side.updated + side.archived;
  return n;
}
