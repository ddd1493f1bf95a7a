import { useEffect, useState } from 'preact/hooks';
import type { RunView, SyncStateView } from '../utils/messages';
import type { UserError } from '../utils/connection-state';
import { request } from '../utils/platform/messaging';
import { t } from '../utils/platform/i18n';

/** While a run goes, the popup follows its progress this often. */
const POLL_RUNNING_MS = 500;
const POLL_IDLE_MS = 5_000;

const BUTTONS = [
  // The full sync fetches customers and work types too, so its time counts for those buttons.
  { trigger: 'customers', label: 'fetchCustomers', lastOf: ['customers', 'projects', 'full'] },
  { trigger: 'projects', label: 'fetchProjects', lastOf: ['projects', 'full'] },
  { trigger: 'worktypes', label: 'fetchWorkTypes', lastOf: ['worktypes', 'projects', 'full'] },
] as const;

function latest(state: SyncStateView, triggers: readonly string[]): RunView | undefined {
  return triggers
    .map((tr) => state.last[tr])
    .filter((r): r is RunView => r !== undefined)
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0];
}

function summary(run: RunView): string {
  const sum = (suffix: string) =>
    Object.entries(run.counts)
      .filter(([k]) => k.endsWith(suffix))
      .reduce((n, [, v]) => n + v, 0);
  return t('runCounts', [sum('.created'), sum('.updated'), sum('.archived')]);
}

export function SyncPanel() {
  const [state, setState] = useState<SyncStateView | null>(null);
  const [error, setError] = useState<UserError | null>(null);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    let alive = true;
    const load = async () => {
      const res = await request({ type: 'sync/state' });
      if (!alive) return;
      if (res.ok) {
        setState(res.data);
        setError(null);
      } else setError(res.error);
      timer = setTimeout(load, res.ok && res.data.running ? POLL_RUNNING_MS : POLL_IDLE_MS);
    };
    void load();
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, []);

  // Only a person's click (real input) starts a fetch: on Busy's pages, page scripts share the DOM.
  const start = async (trigger: 'customers' | 'projects' | 'worktypes') => {
    const res = await request({ type: 'sync/run', trigger });
    if (res.ok) setState(res.data);
    else setError(res.error);
  };

  return (
    <section class="card" aria-labelledby="sync-title" data-testid="sync-panel">
      <h2 id="sync-title">{t('syncTitle')}</h2>
      {error && <p class="error" role="alert">{t(error.messageKey, error.substitutions)}</p>}
      {state?.running && (
        <div data-testid="sync-progress">
          <progress
            max={Math.max(state.running.total, 1)}
            value={state.running.done}
            aria-label={t('syncProgress', [state.running.done, state.running.total])}
            style={{ width: '100%' }}
          />
          <p class="muted">{t('syncProgress', [state.running.done, state.running.total])}</p>
        </div>
      )}
      {BUTTONS.map((b) => {
        const run = state ? latest(state, b.lastOf) : undefined;
        return (
          <div class="sync-row" key={b.trigger} data-trigger={b.trigger}>
            <button type="button" id={`sync-${b.trigger}`} disabled={!state || state.running !== null} onClick={(e) => e.isTrusted && void start(b.trigger)}>
              {t(b.label)}
            </button>
            <span class="muted" data-testid={`last-${b.trigger}`} data-ok={run?.ok === undefined ? '' : String(run.ok)}>
              {!run
                ? t('neverRun')
                : run.finishedAt === null
                  ? t('runRunning')
                  : run.ok
                    ? `${t('lastRun', [new Date(run.finishedAt).toLocaleString()])} · ${summary(run)}`
                    : `${t('lastRunFailed', [new Date(run.finishedAt).toLocaleString()])}: ${run.error ? t(run.error.messageKey, run.error.substitutions) : ''}`}
            </span>
          </div>
        );
      })}
      {state && state.warnings.length > 0 && (
        <div>
          <h3>{t('warningsTitle', [state.warnings.length])}</h3>
          <ul class="warnings" data-testid="warnings">
            {state.warnings.map((w) => (
              <li key={w.key} data-key={w.key}>{t(w.messageKey, w.substitutions)}</li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
