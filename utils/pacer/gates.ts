// How a run's clients take the pacer: its gate before every request (utils/core/http.ts RequestGate).
import type { ClientView } from '../busy/client';
import type { RunBudget } from './pacer';

/** For a run's 24SO context (nothing without a pacer). */
export const pacedTfso = (pacer: RunBudget | undefined): { gate?: ReturnType<RunBudget['gate']> } =>
  pacer ? { gate: pacer.gate('tfso') } : {};

/** For a run's view of the Busy client, which then sleeps no longer than the pacer would: a longer
 * Retry-After stops the run, and asBudgetPause (errors.ts) makes that a pause. */
export const pacedBusy = (pacer: RunBudget | undefined, clientMaxWaitMs: number): Pick<ClientView, 'gate' | 'maxWaitMs'> =>
  pacer ? { gate: pacer.gate('busy'), maxWaitMs: Math.min(clientMaxWaitMs, pacer.maxWaitMs) } : {};
