import { useEffect, useState } from 'preact/hooks';
import type { SyncStateView } from '../utils/messages';
import type { UserError } from '../utils/connection-state';
import { request } from '../utils/platform/messaging';
import { t } from '../utils/platform/i18n';
import { POLL_IDLE_MS, POLL_RUNNING_MS, SYNC_BUTTONS, latestRun, runLine, runOk, type SyncTrigger } from './sync-view';

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
  const start = async (trigger: SyncTrigger) => {
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
      {SYNC_BUTTONS.map((b) => {
        const run = state ? latestRun(state.last, b.lastOf) : undefined;
        return (
          <div class="sync-row" key={b.trigger} data-trigger={b.trigger}>
            <button type="button" id={`sync-${b.trigger}`} disabled={!state || state.running !== null} onClick={(e) => e.isTrusted && void start(b.trigger)}>
              {t(b.label)}
            </button>
            <span class="muted" data-testid={`last-${b.trigger}`} data-ok={runOk(run)}>
              {runLine(run)}
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
