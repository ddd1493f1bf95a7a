import { t } from '../utils/platform/i18n';

// What the sync panel shows, shared by the popup's Preact panel (components/SyncPanel.tsx) and the
// content script's plain-DOM one (entrypoints/busy.content/sync-panel.ts): one wording, two renderers.

/** While a run goes, the panel follows its progress this often. */
export const POLL_RUNNING_MS = 500;
export const POLL_IDLE_MS = 5_000;

export type SyncTrigger = 'customers' | 'projects' | 'worktypes';

export const SYNC_BUTTONS: readonly { trigger: SyncTrigger; label: string; lastOf: readonly string[] }[] = [
  // The full sync fetches customers and work types too, so its time counts for those buttons.
  { trigger: 'customers', label: 'fetchCustomers', lastOf: ['customers', 'projects', 'full'] },
  { trigger: 'projects', label: 'fetchProjects', lastOf: ['projects', 'full'] },
  { trigger: 'worktypes', label: 'fetchWorkTypes', lastOf: ['worktypes', 'projects', 'full'] },
];

/** The fields of a run the panels read. */
export interface RunLike {
  startedAt: string;
  finishedAt: string | null;
  ok: boolean | null;
  counts: Record<string, number>;
  error: { messageKey: string; substitutions: string[] } | null;
  /** Issue 15: waiting for the request budget until then (not a failure). */
  pausedUntil?: string | null;
  etaAt?: string | null;
}

export function latestRun<R extends RunLike>(last: Record<string, R>, triggers: readonly string[]): R | undefined {
  return triggers
    .map((tr) => last[tr])
    .filter((r): r is R => r !== undefined)
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0];
}

function summary(run: RunLike): string {
  const sum = (suffix: string) =>
    Object.entries(run.counts)
      .filter(([k]) => k.endsWith(suffix))
      .reduce((n, [, v]) => n + v, 0);
  return t('runCounts', [sum('.created'), sum('.updated'), sum('.archived')]);
}

/** The line beside a fetch button: never run, running, or the last run's time and outcome. */
export function runLine(run: RunLike | undefined): string {
  if (!run) return t('neverRun');
  if (run.finishedAt === null) return t('runRunning');
  if (run.pausedUntil) {
    const eta = run.etaAt ? ` · ${t('runEta', [new Date(run.etaAt).toLocaleString()])}` : '';
    return `${t('runPaused', [new Date(run.pausedUntil).toLocaleString()])}${eta}`;
  }
  return run.ok
    ? `${t('lastRun', [new Date(run.finishedAt).toLocaleString()])} · ${summary(run)}`
    : `${t('lastRunFailed', [new Date(run.finishedAt).toLocaleString()])}: ${run.error ? t(run.error.messageKey, run.error.substitutions) : ''}`;
}

/** `data-ok` of that line: '' before any run, else the last run's `ok` ('null' while it goes). */
export const runOk = (run: RunLike | undefined): string => (run?.ok === undefined ? '' : String(run.ok));
