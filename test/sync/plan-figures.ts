// The plan's figures and a run's, side by side (plan.test.ts, cli-plan.test.ts).
import type { RunSummary } from '../../utils/sync/engine';
import type { SyncKind } from '../../utils/sync/model';
import type { Plan } from '../../utils/sync/plan';
import type { World } from './harness';

export const KINDS: SyncKind[] = ['customer', 'workType', 'project', 'task'];
export const isWrite = (op: string) => /^(POST|PATCH|PUT|DELETE) /.test(op) || /^Save|^Delete|^Add|^Insert|^Update/.test(op);
export const writeOps = (x: World) => [...Object.keys(x.busy.counts()), ...Object.keys(x.tfso.counts())].filter(isWrite);

/** The plan's figures, and the same figures from a run's summary. */
export function figures(p: Plan) {
  return Object.fromEntries(
    KINDS.map((k) => {
      const x = p.kinds[k];
      return [
        k,
        {
          link: x.link.length,
          createBusy: x.createBusy.length,
          createTfso: x.createTfso.length,
          archive: x.archive.length,
          updateBusy: x.updateBusy.length,
          updateTfso: x.updateTfso.length,
          decisions: x.decisions.map((d) => d.key).sort(),
        },
      ];
    }),
  );
}
export function done(s: RunSummary) {
  return Object.fromEntries(
    KINDS.map((k) => {
      const c = s.counts[k];
      return [
        k,
        {
          link: s.linked[k],
          createBusy: c.busy.created,
          createTfso: c.tfso.created,
          archive: c.busy.archived,
          updateBusy: c.busy.updated,
          updateTfso: c.tfso.updated,
          decisions: s.openDecisions
            .filter((d) => d.kind === k)
            .map((d) => d.key)
            .sort(),
        },
      ];
    }),
  );
}
