// The request budget (issue 15): see pacer.ts.
export {
  Pacer,
  DEFAULT_PACER_CONFIG,
  RESERVATION_BLOCK,
  estimateEnd,
  type PacerConfig,
  type PacerDeps,
  type PacerView,
  type RunBudget,
  type SpendAnswer,
} from './pacer';
export { BudgetPausedError, PACER_MESSAGE_KEYS, asBudgetPause } from './errors';
export {
  PRIORITIES,
  RESERVED_FOR_HIGHER,
  CLICK_ALLOWANCE,
  CLICK_DEMOTED_TO,
  priorityOfTrigger,
  rankOf,
  reserveOf,
  type Priority,
} from './priority';
export { PACER_META_KEY } from './saved';
export { pacedBusy, pacedTfso } from './gates';
export { etaOfRun, requestsLeft, type RunProgress } from './progress';
