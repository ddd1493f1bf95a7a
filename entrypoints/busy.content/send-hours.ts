import type { ApprovalView } from '../../utils/busy-pages';
import type { UserError } from '../../utils/connection-state';
import { t } from '../../utils/platform/i18n';
import { tn } from '../../components/say';
import type { ContentHoursPreview, ContentHoursSendResult } from './answers';
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

type NotSent = ContentHoursPreview['blocked'];
const notSentList = (items: NotSent, attrs: Record<string, string>) =>
  h('ul', { class: 'warnings', ...attrs }, ...items.map((b) => h('li', null, `${b.label}: ${t(b.reason.messageKey, b.reason.substitutions)}`)));

/** After sending: where it is recorded (the options page's transfer log). */
export const transferLogLink = () =>
  h('p', null, h('button', { type: 'button', class: 'link', 'data-testid': 'open-transfer-log', onclick: () => void request({ type: 'options/open', section: 'transfer-log' }) }, t('openTransferLog')));

export interface SendHoursControl {
  el: HTMLElement;
  /** Shows the control for this view: forgets the last preview and result, asks for the new preview. */
  show(view: ApprovalView): void;
  /** The control left the page: answers still on their way are dropped. */
  close(): void;
}

/**
 * R23: the "send hours" control of an approval page. It only names the view on screen; the
 * background reads the entries from Busy and decides what is waiting and what is sent.
 */
export function createSendHoursControl(): SendHoursControl {
  let view: ApprovalView | null = null;
  let preview: ContentHoursPreview | null = null;
  let result: ContentHoursSendResult | null = null;
  let error: UserError | null = null;
  let sending = false;
  let generation = 0;

  const openSettings = () => void request({ type: 'options/open', section: 'step-mode' });
  const title = h('h2', null, t('sendHoursTitle'));
  const errorLine = h('p', { class: 'bad', role: 'alert' });
  const checking = h('p', { class: 'muted' }, t('stateChecking'));
  const settingsLink = () => h('button', { type: 'button', class: 'link', onclick: openSettings }, t('openOptions'));
  const modeNotChosen = h('p', { 'data-testid': 'mode-not-chosen' }, t('transferModeNotChosen'), ' ', settingsLink());
  const transferOff = h('p', { 'data-testid': 'transfer-off' }, t('transferOff'), ' ', settingsLink());
  const waiting = h('p', { 'data-testid': 'waiting' });
  let details: Node[] = [];
  let detailsShown = '';
  const onOrder = h('p', { class: 'muted' }, t('sentOnOrder'));
  // What the mode does by itself, so nobody waits for a click that is not needed (issue 17).
  const byItself = h('p', { class: 'muted', 'data-testid': 'mode-by-itself' }, t('controlOnApproval'));
  const logLink = transferLogLink();
  const sendButton = h('button', { type: 'button', id: 'send-hours', onclick: onlyPerson(() => void send()) });
  const resultLine = h('p', { class: 'ok' });
  const resultBox = h('div', { role: 'status', 'data-testid': 'send-result' }, resultLine);
  let failedShown = '';
  const el = h('section', { class: 'control', 'aria-label': t('sendHoursTitle'), 'data-testid': 'send-hours' });

  const draw = () => {
    if (error) fill(errorLine, t(error.messageKey, error.substitutions));
    const sends = preview !== null && preview.mode !== null && preview.mode !== 'never';
    if (preview && sends) {
      const p = preview;
      setAttr(waiting, 'data-entries', p.waiting.entries);
      fill(waiting, tn('hoursWaiting', p.waiting.entries, [p.waiting.entries, hours(p.waiting.minutes)]), p.alreadySent > 0 && ` · ${tn('hoursAlreadySent', p.alreadySent)}`);
      // The warnings under it hold no controls: rebuilt when they change.
      const key = JSON.stringify([p.unmapped, p.blocked, p.integrationUser]);
      if (key !== detailsShown) {
        detailsShown = key;
        details = [
          ...p.unmapped.map((u) => h('p', { class: 'warn', 'data-testid': 'unmapped' }, t('unmappedWarning', [hours(u.minutes), u.name, p.integrationUser ?? '?']))),
          ...(p.blocked.length > 0 ? [notSentList(p.blocked, { 'data-testid': 'blocked' })] : []),
        ];
      }
      sendButton.disabled = sending || p.waiting.entries === 0;
      fill(sendButton, sending ? t('sending') : t('sendHoursButton'));
    }
    if (result) {
      const r = result;
      setAttr(resultBox, 'data-sent', r.sent);
      setAttr(resultBox, 'data-failed', r.failed.length);
      fill(resultLine, t('sendResult', [r.sent, r.failed.length]));
      const key = JSON.stringify(r.failed);
      if (key !== failedShown) {
        failedShown = key;
        place(resultBox, resultLine, r.failed.length > 0 && notSentList(r.failed, {}), logLink);
      }
    }
    place(
      el,
      title,
      error && errorLine,
      !preview && !error && checking,
      preview?.mode === null && modeNotChosen,
      preview?.mode === 'never' && transferOff,
      ...(sends ? [waiting, ...details, ...(preview!.mode === 'on-order' ? [onOrder] : [byItself, sendButton])] : []),
      result && resultBox,
    );
  };

  const send = async () => {
    if (!view) return;
    const gen = generation;
    sending = true;
    draw();
    const res = await request({ type: 'hours/send', view });
    if (gen !== generation) return;
    sending = false;
    if (res.ok) {
      result = res.data;
      preview = res.data.preview;
      error = null;
    } else error = res.error;
    draw();
  };

  return {
    el,
    show(next) {
      view = next;
      const gen = ++generation;
      preview = null;
      result = null;
      sending = false;
      draw();
      void request({ type: 'hours/preview', view: next }).then((res) => {
        if (gen !== generation) return;
        if (res.ok) {
          preview = res.data;
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
