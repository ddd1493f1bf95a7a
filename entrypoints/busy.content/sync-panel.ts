import type { UserError } from '../../utils/connection-state';
import { t } from '../../utils/platform/i18n';
import { POLL_IDLE_MS, POLL_RUNNING_MS, SYNC_BUTTONS, latestRun, runLine, runOk, type SyncTrigger } from '../../components/sync-view';
import type { ContentSyncState } from './answers';
import { fill, h, place, setAttr } from './dom';
import { request } from './request';

export interface SyncPanel {
  el: HTMLElement;
  /** Starts following the sync state (shown); `stop` forgets it (hidden), as an unmounted panel would. */
  start(): void;
  stop(): void;
}

/** The popup's sync panel (components/SyncPanel.tsx, same wording and markup) in plain DOM. */
export function createSyncPanel(): SyncPanel {
  let state: ContentSyncState | null = null;
  let error: UserError | null = null;
  let generation = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const title = h('h2', { id: 'sync-title' }, t('syncTitle'));
  const errorLine = h('p', { class: 'error', role: 'alert' });
  const progress = h('progress');
  progress.style.width = '100%';
  const progressText = h('p', { class: 'muted' });
  const progressBox = h('div', { 'data-testid': 'sync-progress' }, progress, progressText);
  const rows = SYNC_BUTTONS.map((b) => {
    // Only a person's click (real input) starts a fetch: page scripts share the DOM.
    const button = h('button', { type: 'button', id: `sync-${b.trigger}`, onclick: (e) => e.isTrusted && void run(b.trigger) }, t(b.label));
    const line = h('span', { class: 'muted', 'data-testid': `last-${b.trigger}` });
    return { b, button, line, row: h('div', { class: 'sync-row', 'data-trigger': b.trigger }, button, line) };
  });
  const warningsTitle = h('h3');
  const warningsList = h('ul', { class: 'warnings', 'data-testid': 'warnings' });
  const warningsBox = h('div', null, warningsTitle, warningsList);
  let warningsShown = '';
  const el = h('section', { class: 'card', 'aria-labelledby': 'sync-title', 'data-testid': 'sync-panel' });

  const draw = () => {
    if (error) fill(errorLine, t(error.messageKey, error.substitutions));
    const running = state?.running;
    if (running) {
      const label = t('syncProgress', [running.done, running.total]);
      progress.max = Math.max(running.total, 1);
      progress.value = running.done;
      setAttr(progress, 'aria-label', label);
      fill(progressText, label);
    }
    for (const r of rows) {
      const last = state ? latestRun(state.last, r.b.lastOf) : undefined;
      r.button.disabled = !state || state.running !== null;
      fill(r.line, runLine(last));
      setAttr(r.line, 'data-ok', runOk(last));
    }
    const warnings = state?.warnings ?? [];
    const key = JSON.stringify(warnings);
    if (warnings.length > 0 && key !== warningsShown) {
      fill(warningsTitle, t('warningsTitle', [warnings.length]));
      warningsList.replaceChildren(...warnings.map((w) => h('li', { 'data-key': w.key }, t(w.messageKey, w.substitutions))));
    }
    warningsShown = key;
    place(el, title, error && errorLine, running && progressBox, ...rows.map((r) => r.row), warnings.length > 0 && warningsBox);
  };

  const load = async (gen: number) => {
    const res = await request({ type: 'sync/state' });
    if (gen !== generation) return;
    if (res.ok) {
      state = res.data;
      error = null;
    } else error = res.error;
    draw();
    timer = setTimeout(() => void load(gen), res.ok && res.data.running ? POLL_RUNNING_MS : POLL_IDLE_MS);
  };

  const run = async (trigger: SyncTrigger) => {
    const gen = generation;
    const res = await request({ type: 'sync/run', trigger });
    if (gen !== generation) return;
    if (res.ok) state = res.data;
    else error = res.error;
    draw();
  };

  draw();
  return {
    el,
    start() {
      void load(++generation);
    },
    stop() {
      generation++;
      clearTimeout(timer);
      state = null;
      error = null;
      draw();
    },
  };
}
