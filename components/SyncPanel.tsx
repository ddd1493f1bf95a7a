import { useEffect, useRef, useState } from 'preact/hooks';
import type { SyncView } from '../utils/protocol/answers';
import { t } from '../utils/platform/i18n';
import { say, when } from './say';
import type { Said } from '../utils/domain/said';
import { SYNC_BUTTONS, nothingFetched, progressLine, resultLine, runningButton, type ButtonTrigger } from './sync-view';

/**
 * The fetch buttons (one primary), progress while a run goes, and each kind's own result. Buttons
 * that cannot be pressed say why; a finished run is announced to screen readers.
 */
export function SyncPanel({
  view,
  blocked,
  onRun,
  primary = true,
}: {
  view: SyncView | null;
  blocked: Said | null;
  onRun: (trigger: ButtonTrigger) => void;
  primary?: boolean;
}) {
  const running = view?.running ?? null;
  const spinning = runningButton(running);
  const [announce, setAnnounce] = useState('');
  const wasRunning = useRef<string | null>(null);
  useEffect(() => {
    const now = running?.trigger ?? null;
    if (wasRunning.current && !now && view) {
      const last = view.last[wasRunning.current];
      setAnnounce(
        last?.ok === false
          ? t('announceStopped', [when(last.finishedAt ?? '')])
          : t('announceFinished', [when(last?.finishedAt ?? new Date().toISOString())]),
      );
    }
    wasRunning.current = now;
  }, [running?.trigger, view]);

  const [main, ...more] = SYNC_BUTTONS;
  const button = (b: (typeof SYNC_BUTTONS)[number], cls: string) => (
    <button
      type="button"
      id={`sync-${b.trigger}`}
      class={cls}
      disabled={!view || blocked !== null}
      aria-busy={spinning === b.trigger ? 'true' : undefined}
      aria-describedby={blocked ? 'sync-blocked' : undefined}
      // Only a person's click (real input) starts a fetch: on Busy's pages, page scripts share the DOM.
      onClick={(e) => e.isTrusted && onRun(b.trigger)}
    >
      {spinning === b.trigger && <span class="spinner" aria-hidden="true" />}
      {t(b.label)}
    </button>
  );

  return (
    <section class="sync" aria-labelledby="sync-title" data-testid="sync-panel">
      <h2 id="sync-title" class="sr-only">
        {t('syncTitle')}
      </h2>
      {/* One primary action in the popup: while the set-up checklist shows, its step is it. */}
      <div class="sync-actions">{button(main!, primary ? 'primary' : '')}</div>
      <div class="sync-more">
        <span class="muted">{t('fetchOnly')}</span>
        {more.map((b) => button(b, ''))}
      </div>
      {blocked && !running && (
        <p class="muted" id="sync-blocked" data-testid="sync-blocked">
          {say(blocked)}
        </p>
      )}
      {running && (
        <div data-testid="sync-progress" data-total={running.total}>
          {running.total > 0 ? (
            <progress max={running.total} value={running.done} aria-label={progressLine(running)} />
          ) : (
            <progress aria-label={t('syncReading')} />
          )}
          <p class="muted" id="sync-blocked">
            {progressLine(running)}
          </p>
        </div>
      )}
      {view && nothingFetched(view.kinds) && (
        <p class="muted" data-testid="kind-results-none">
          {t('nothingFetchedYet')}
        </p>
      )}
      {view && !nothingFetched(view.kinds) && (
        <ul class="results" data-testid="kind-results">
          {view.kinds.map((k) => (
            <li
              key={k.kind}
              data-testid={`result-${k.kind}`}
              data-at={k.at ?? ''}
              data-changed-at={k.changedAt ?? ''}
              data-created={k.created}
              data-updated={k.updated}
            >
              {resultLine(k)}
            </li>
          ))}
        </ul>
      )}
      <p class="sr-only" role="status" data-testid="sync-announce">
        {announce}
      </p>
    </section>
  );
}
