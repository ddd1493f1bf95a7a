// The estimate a long run stores on its record (RunRecord.etaAt) for the popup: the requests it
// still needs, from its progress so far (the engine's done/total: records, projects) and the
// requests each unit cost until now, through the budget (RunBudget.etaAt).
import type { SystemId } from '../core/errors';
import type { RunBudget } from './pacer';

export interface RunProgress {
  done: number;
  total: number;
  /** Requests the run made so far, per system. */
  requests: Record<SystemId, number>;
}

/** Requests a run still needs, at the cost per unit of progress it has shown; null before any. */
export function requestsLeft(p: RunProgress): Record<SystemId, number> | null {
  if (p.done <= 0 || p.total <= p.done) return p.total > 0 && p.done >= p.total ? { tfso: 0, busy: 0 } : null;
  const units = p.total - p.done;
  return { tfso: Math.ceil((units * p.requests.tfso) / p.done), busy: Math.ceil((units * p.requests.busy) / p.done) };
}

/** `etaAt` for the run record (ISO), or nothing when it cannot be told yet. `notBefore`: a pause's end. */
export function etaOfRun(pacer: RunBudget | undefined, p: RunProgress, notBefore?: Date): { etaAt: string } | Record<string, never> {
  if (!pacer) return {};
  const left = requestsLeft(p);
  if (!left) return {};
  const eta = pacer.etaAt(left);
  if (!eta) return {};
  const at = notBefore && notBefore > eta ? notBefore : eta;
  return { etaAt: at.toISOString() };
}
