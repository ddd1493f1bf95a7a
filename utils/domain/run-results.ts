// Per-kind results for the popup (issue 17): "Customers: 2 new, 1 updated, at 09:14", each kind
// from the newest finished, successful run that covered it, with that kind's own counts (the run
// records' `counts` are keyed `customer.busy.created` etc., utils/sync/engine.ts flatCounts).
import type { RunRecord } from '../store/types';

export const RESULT_KINDS = ['customer', 'project', 'workType', 'task'] as const;
export type ResultKind = (typeof RESULT_KINDS)[number];

/** Which kinds each trigger's run goes through (utils/sync/engine.ts PLAN). */
const COVERS: Record<string, readonly ResultKind[]> = {
  full: RESULT_KINDS,
  projects: RESULT_KINDS,
  incremental: RESULT_KINDS,
  push: ['workType', 'project', 'task'],
  customers: ['customer'],
  worktypes: ['workType'],
  tasks: ['task'],
};

export interface KindResult {
  kind: ResultKind;
  /** When the newest run that covered it finished; null: no run has yet. */
  at: string | null;
  /**
   * The newest covering run that changed something of this kind (the minute's push, which mostly
   * finds nothing, must not hide what a fetch did): when it finished, and its counts for the kind.
   */
  changedAt: string | null;
  created: number;
  updated: number;
  archived: number;
}

function countsOf(run: RunRecord, kind: ResultKind): Pick<KindResult, 'created' | 'updated' | 'archived'> {
  const c = run.counts ?? {};
  const n = (what: string) => (c[`${kind}.busy.${what}`] ?? 0) + (c[`${kind}.tfso.${what}`] ?? 0);
  return { created: n('created'), updated: n('updated'), archived: n('archived') };
}

/** `runs` in any order (the recent ones and the last of each trigger; duplicates are fine). */
export function kindResults(runs: readonly RunRecord[]): KindResult[] {
  const done = runs.filter((r) => r.finishedAt && r.ok === true).sort((a, b) => b.finishedAt!.localeCompare(a.finishedAt!));
  return RESULT_KINDS.map((kind) => {
    const covering = done.filter((r) => COVERS[r.trigger]?.includes(kind));
    const changed = covering.find((r) => {
      const c = countsOf(r, kind);
      return c.created + c.updated + c.archived > 0;
    });
    return {
      kind,
      at: covering[0]?.finishedAt ?? null,
      changedAt: changed?.finishedAt ?? null,
      ...(changed ? countsOf(changed, kind) : { created: 0, updated: 0, archived: 0 }),
    };
  });
}

/** The newest finished run, refused ones included (they say why nothing ran). */
export function newestFinished(runs: readonly RunRecord[]): RunRecord | undefined {
  return runs.filter((r) => r.finishedAt).sort((a, b) => b.finishedAt!.localeCompare(a.finishedAt!))[0];
}
