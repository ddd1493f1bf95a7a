import type { UserError } from '../../utils/domain/connection-state';
import { t } from '../../utils/platform/i18n';
import {
  POLL_IDLE_MS,
  POLL_RUNNING_MS,
  SYNC_BUTTONS,
  nothingFetched,
  progressLine,
  resultLine,
  runningButton,
  type ButtonTrigger,
} from '../../components/sync-view';
import { say } from '../../components/say';
import type { ContentSyncState } from './answers';
import { fill, h, place, setAttr } from './dom';
import { request } from './request';

export interface SyncPanel {
  el: HTMLElement;
  /** Starts following the sync state (shown); `stop` forgets it (hidden), as an unmounted panel would. */
  start(): void;
  stop(): void;
}

const SEV = { error: 'severityError', action: 'severityAction', info: 'severityInfo' } as const;

/** The popup's sync panel (components/SyncPanel.tsx, same wording) in plain DOM. */
export function createSyncPanel(onAttention: (n: number) => void = () => undefined): SyncPanel {
  let state: ContentSyncState | null = null;
  let error: UserError | null = null;
  let generation = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const title = h('h3', { id: 'sync-title' }, t('syncTitle'));
  const errorLine = h('p', { class: 'error', role: 'alert' });
  const progress = h('progress');
  const progressText = h('p', { class: 'muted' });
  const progressBox = h('div', { 'data-testid': 'sync-progress' }, progress, progressText);
  // Before the plan is confirmed, a fetch is its confirmation: said so by the buttons.
  const confirmsPlan = h('p', { class: 'muted', 'data-testid': 'fetch-confirms-plan' }, t('fetchConfirmsPlan'));
  const buttons = SYNC_BUTTONS.map((b) => ({
    b,
    // Only a person's click (real input) starts a fetch: page scripts share the DOM.
    el: h(
      'button',
      {
        type: 'button',
        id: `sync-${b.trigger}`,
        class: b.trigger === 'projects' ? 'primary' : '',
        onclick: (e) => e.isTrusted && void run(b.trigger),
      },
      t(b.label),
    ),
  }));
  const row = h('div', { class: 'sync-row' }, ...buttons.map((x) => x.el));
  const results = h('ul', { class: 'results', 'data-testid': 'kind-results' });
  const noResults = h('p', { class: 'muted', 'data-testid': 'kind-results-none' }, t('nothingFetchedYet'));
  let resultsShown = '';
  const itemsTitle = h('h3');
  const items = h('ul', { class: 'items', 'data-testid': 'warnings', tabindex: '0' });
  const itemsBox = h('div', null, itemsTitle, items);
  let itemsShown = '';
  const el = h('section', { 'aria-labelledby': 'sync-title', 'data-testid': 'sync-panel' });

  const draw = () => {
    if (error) fill(errorLine, t(error.messageKey, error.substitutions));
    const running = state?.running;
    if (running) {
      const label = progressLine(running);
      if (running.total > 0) {
        progress.max = running.total;
        progress.value = running.done;
      } else progress.removeAttribute('value');
      setAttr(progress, 'aria-label', label);
      fill(progressText, label);
    }
    const spinning = runningButton(running);
    for (const { b, el: button } of buttons) {
      button.disabled = !state || !!running;
      setAttr(button, 'aria-busy', spinning === b.trigger ? 'true' : null);
    }
    if (state) {
      // Rebuilt only when they change: they hold no controls.
      const key = JSON.stringify(state.kinds);
      if (resultsShown !== key) {
        resultsShown = key;
        results.replaceChildren(
          ...state.kinds.map((k) =>
            h('li', { 'data-testid': `result-${k.kind}`, 'data-at': k.at ?? '', 'data-changed-at': k.changedAt ?? '' }, resultLine(k)),
          ),
        );
      }
    }
    const list = state?.attention ?? [];
    const key = JSON.stringify(list);
    if (key !== itemsShown) {
      itemsShown = key;
      fill(itemsTitle, t('attentionTitle', [list.length]));
      items.replaceChildren(
        ...list.map((i) =>
          h(
            'li',
            { 'data-key': i.key, 'data-severity': i.severity },
            h('span', { class: 'sev' }, t(SEV[i.severity])),
            say(i),
            i.also && ` ${say(i.also)}`,
          ),
        ),
      );
      onAttention(list.length);
    }
    const none = state ? nothingFetched(state.kinds) : false;
    place(
      el,
      title,
      error && errorLine,
      running && progressBox,
      state && !state.planConfirmed && confirmsPlan,
      row,
      state && (none ? noResults : results),
      list.length > 0 && itemsBox,
    );
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

  const run = async (trigger: ButtonTrigger) => {
    const gen = generation;
    const res = await request({ type: 'sync/run', trigger });
    if (gen !== generation) return;
    if (res.ok) state = res.data;
    else error = res.error;
    draw();
    clearTimeout(timer);
    timer = setTimeout(() => void load(gen), POLL_RUNNING_MS);
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
