import type { ApprovalView } from '../../utils/domain/busy-pages';
import type { UserError } from '../../utils/domain/connection-state';
import type { Answer } from '../../utils/platform/ask';
import { t } from '../../utils/platform/i18n';
import { tn } from '../../components/say';
import type { ContentHoursPreview, ContentPending } from './answers';
import { fill, h, place, setAttr } from './dom';
import { request } from './request';

/**
 * The page's own scripts share our DOM (the shadow root is open for tests and assistive tech) and
 * can call .click() on our button: only a person's click (trusted: real input, or Enter/Space on
 * the focused button) may send anything.
 */
export const onlyPerson = (act: () => void) => (e: Event) => {
  if (e.isTrusted) act();
};

const hours = (minutes: number) => (minutes / 60).toLocaleString(undefined, { maximumFractionDigits: 2 });

/** What either control shows: the approval view's preview (R23) or everything waiting (issue 14). */
export interface HoursShown {
  mode: ContentPending['mode'];
  entries: number;
  minutes: number;
  alreadySent: number;
  /** People with waiting hours; `entries` 0 where only the hours are known (the view's preview). */
  people: { name: string; entries: number; minutes: number; mapped: boolean }[];
  integrationUser: string | null;
  blocked: ContentPending['blocked'];
}
interface Sent {
  sent: number;
  failed: ContentPending['blocked'];
  shown: HoursShown;
}
/** Where a control gets what it shows and how it sends (it never decides what is waiting). */
interface Source {
  load(): Promise<Answer<HoursShown>>;
  send(): Promise<Answer<Sent>> | null;
}

const fromPreview = (p: ContentHoursPreview): HoursShown => ({
  mode: p.mode,
  entries: p.waiting.entries,
  minutes: p.waiting.minutes,
  alreadySent: p.alreadySent,
  people: p.unmapped.map((u) => ({ name: u.name, entries: 0, minutes: u.minutes, mapped: false })),
  integrationUser: p.integrationUser,
  blocked: p.blocked,
});
const fromPending = (p: ContentPending): HoursShown => ({ ...p, alreadySent: 0 });
const mapAnswer = <A, B>(a: Answer<A>, f: (x: A) => B): Answer<B> => (a.ok ? { ok: true, data: f(a.data) } : a);

/** The view on screen (R23): the background reads its entries from Busy itself. */
export const viewSource = (view: ApprovalView): Source => ({
  load: async () => mapAnswer(await request({ type: 'hours/preview', view }), fromPreview),
  send: async () =>
    mapAnswer(await request({ type: 'hours/send', view }), (r) => ({ sent: r.sent, failed: r.failed, shown: fromPreview(r.preview) })),
});

/** Everything the background knows is waiting (issue 14): a send names exactly what was shown. */
export function pendingSource(): Source {
  let ids: string[] = [];
  const keep = (p: ContentPending) => {
    ids = p.ids;
    return fromPending(p);
  };
  return {
    load: async () => mapAnswer(await request({ type: 'hours/pending' }), keep),
    send: () =>
      ids.length
        ? request({ type: 'hours/sendPending', busyEntryIds: ids }).then((a) =>
            mapAnswer(a, (r) => ({ sent: r.sent, failed: r.failed, shown: keep(r.pending) })),
          )
        : null,
  };
}

/** After sending: where it is recorded (the options page's transfer log). */
const transferLogLink = () =>
  h(
    'p',
    null,
    h(
      'button',
      {
        type: 'button',
        class: 'link',
        'data-testid': 'open-transfer-log',
        onclick: () => void request({ type: 'options/open', section: 'transfer-log' }),
      },
      t('openTransferLog'),
    ),
  );

export interface SendHoursControl {
  el: HTMLElement;
  /** Shows what this source offers: forgets the last answer and result, asks anew. */
  show(source: Source): void;
  /** The control left the page: answers still on their way are dropped. */
  close(): void;
}

/**
 * R23 and issue 14: the "send hours" control. It shows what the background says is waiting, what
 * the chosen mode does by itself, who has no 24SO user, what cannot go; a person's click sends.
 * `onShown`: the corner control's pill follows it.
 */
export function createSendHoursControl(opts: { head?: Node[]; onShown?: (s: HoursShown | null) => void } = {}): SendHoursControl {
  // Inside the corner's own panel (`head` given) it is part of that region, not a second one.
  let source: Source | null = null;
  let shown: HoursShown | null = null;
  let result: Sent | null = null;
  let error: UserError | null = null;
  let sending = false;
  let generation = 0;

  const settings = (section: 'step-mode' | 'users') =>
    h('button', { type: 'button', class: 'link', onclick: () => void request({ type: 'options/open', section }) }, t('openOptions'));
  const title = h('h2', null, t('sendHoursTitle'));
  const errorLine = h('p', { class: 'bad', role: 'alert' });
  const checking = h('p', { class: 'muted' }, t('stateChecking'));
  const modeNotChosen = h('p', { 'data-testid': 'mode-not-chosen' }, t('transferModeNotChosen'), ' ', settings('step-mode'));
  const transferOff = h('p', { 'data-testid': 'transfer-off' }, t('transferOff'), ' ', settings('step-mode'));
  const waiting = h('p', { 'data-testid': 'waiting' });
  const people = h('ul', { class: 'warnings', 'data-testid': 'people' });
  const blocked = h('ul', { class: 'warn', 'data-testid': 'blocked' });
  let listsShown = '';
  const onOrder = h('p', { class: 'muted' }, t('sentOnOrder'));
  // What the mode does by itself, so nobody waits for a click that is not needed (issue 17).
  const byItself = h('p', { class: 'muted', 'data-testid': 'mode-by-itself' }, t('controlOnApproval'));
  const sendButton = h('button', { type: 'button', id: 'send-hours', class: 'primary', onclick: onlyPerson(() => void send()) });
  const resultLine = h('p', { class: 'ok' });
  const failedList = h('ul', { class: 'warn' });
  const resultBox = h('div', { role: 'status', 'data-testid': 'send-result' }, resultLine, failedList, transferLogLink());
  const el = opts.head
    ? h('div', { 'data-testid': 'send-hours' })
    : h('section', { class: 'control', 'aria-label': t('sendHoursTitle'), 'data-testid': 'send-hours' });
  const notSent = (list: HoursShown['blocked']) =>
    list.map((b) => h('li', null, `${b.label}: ${t(b.reason.messageKey, b.reason.substitutions)}`));

  const draw = () => {
    if (error) fill(errorLine, t(error.messageKey, error.substitutions));
    const p = shown;
    const sends = p !== null && p.mode !== null && p.mode !== 'never';
    if (p && sends) {
      setAttr(waiting, 'data-entries', p.entries);
      fill(
        waiting,
        p.entries > 0 ? tn('hoursWaiting', p.entries, [p.entries, hours(p.minutes)]) : t('nothingWaiting'),
        p.alreadySent > 0 && ` · ${tn('hoursAlreadySent', p.alreadySent)}`,
      );
      // The lists hold no controls but the settings links: rebuilt only when they change.
      const key = JSON.stringify([p.people, p.blocked, p.integrationUser]);
      if (key !== listsShown) {
        listsShown = key;
        people.replaceChildren(
          ...p.people.map((x) =>
            x.mapped
              ? h('li', null, tn('personWaiting', x.entries, [x.name, x.entries, hours(x.minutes)]))
              : h(
                  'li',
                  { class: 'warn', 'data-testid': 'unmapped' },
                  t('unmappedWarning', [hours(x.minutes), x.name, p.integrationUser ?? '?']),
                  ' ',
                  settings('users'),
                ),
          ),
        );
        blocked.replaceChildren(...notSent(p.blocked));
      }
      sendButton.disabled = sending || p.entries === 0;
      setAttr(sendButton, 'aria-busy', sending ? 'true' : null);
      fill(sendButton, sending ? t('sending') : t('sendHoursButton'));
    }
    if (result) {
      setAttr(resultBox, 'data-sent', result.sent);
      setAttr(resultBox, 'data-failed', result.failed.length);
      fill(resultLine, t('sendResult', [result.sent, result.failed.length]));
      failedList.replaceChildren(...notSent(result.failed));
    }
    place(
      el,
      ...(opts.head ?? [title]),
      error && errorLine,
      !shown && !error && checking,
      p?.mode === null && modeNotChosen,
      p?.mode === 'never' && transferOff,
      ...(sends
        ? [
            waiting,
            p!.people.length > 0 && people,
            p!.blocked.length > 0 && blocked,
            ...(p!.mode === 'on-order' ? [onOrder] : [byItself, sendButton]),
          ]
        : []),
      result && resultBox,
    );
    opts.onShown?.(shown);
  };

  const send = async () => {
    const pending = source?.send();
    if (!pending || sending) return;
    const gen = generation;
    sending = true;
    draw();
    const res = await pending;
    if (gen !== generation) return;
    sending = false;
    if (res.ok) {
      result = res.data;
      shown = res.data.shown;
      error = null;
    } else error = res.error;
    draw();
  };

  return {
    el,
    show(next) {
      source = next;
      const gen = ++generation;
      shown = null;
      result = null;
      sending = false;
      draw();
      void next.load().then((res) => {
        if (gen !== generation) return;
        if (res.ok) {
          shown = res.data;
          error = null;
        } else error = res.error;
        draw();
      });
    },
    close() {
      generation++;
    },
  };
}
