// The pacer's stop: the next request of a run does not fit the budget before `until`, and waiting
// that long would keep an MV3 service worker asleep for too long. The run stops here, before the
// request is sent, and is resumed after `until` (utils/services/sync.ts resumeDue; the engine's
// phases go on where their links, cursors and positions say). Not a failure: the run record says
// "paused until" and the popup shows it as waiting.
//
// It is a RateLimitedError, so every place that already treats a rate limit as "nothing was sent,
// stop the pass" (the hour transfer, the order send) does the same with it.
import { RateLimitedError, type SystemId } from '../core/errors';
import type { Priority } from './priority';

export class BudgetPausedError extends RateLimitedError {
  override readonly code: string = 'budget_paused';
  override readonly messageKey: string;
  /** When the run may go on (`until` too, typed as never null). */
  readonly resumeAt: Date;
  constructor(
    system: SystemId,
    resumeAt: Date,
    now: Date,
    readonly priority: Priority,
  ) {
    super(system, Math.max(0, resumeAt.getTime() - now.getTime()), { until: resumeAt });
    this.name = 'BudgetPausedError';
    this.resumeAt = resumeAt;
    this.message = `${system}: request budget spent at priority ${priority}; paused until ${resumeAt.toISOString()}`;
    this.messageKey = system === 'tfso' ? 'errBudgetPausedTfso' : 'errBudgetPausedBusy';
  }
}

/** i18n keys of the pacer's messages (the _locales files must define each). */
export const PACER_MESSAGE_KEYS = ['errBudgetPausedTfso', 'errBudgetPausedBusy', 'runPaused', 'runEta'] as const;

/**
 * A stop that is a pause, not a failure, for a run that has a pacer: the pacer's own, and Busy's
 * rate limit (Busy only asks us to wait; its window resets by itself, unlike 24SO's quarantine,
 * which stays a failure and holds the schedule: utils/services/sync.ts rateLimitHold).
 */
export function asBudgetPause(e: unknown, now: Date): BudgetPausedError | null {
  if (e instanceof BudgetPausedError) return e;
  if (e instanceof RateLimitedError && e.system === 'busy' && e.code === 'rate_limited') {
    const until = e.until ?? new Date(now.getTime() + e.retryAfterMs);
    return new BudgetPausedError('busy', until, now, 'click');
  }
  return null;
}
