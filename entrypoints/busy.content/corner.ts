import type { UserError } from '../../utils/connection-state';
import { t } from '../../utils/platform/i18n';
import { tn } from '../../components/say';
import type { ContentPending, ContentPendingResult } from './answers';
import { createCollapsible } from './collapse';
import { fill, h, place, setAttr } from './dom';
import { request } from './request';
import { onlyPerson, transferLogLink } from './send-hours';

const hours = (minutes: number) => (minutes / 60).toLocaleString(undefined, { maximumFractionDigits: 2 });

export interface CornerControl {
  el: HTMLElement;
  /** Asks the background again what is waiting (a new page, or after a while). */
  refresh(): void;
  /** The control left the page: answers still on their way are dropped. */
  close(): void;
}

/**
 * Issue 14: on a page that looks like approval but whose view cannot be read (Busy's real markup
 * is unknown), a control fixed to a corner that offers what the background itself knows is waiting
 * (approved, not yet in 24SO; the people named, those without a 24SO user said so) and sends
 * exactly those on a person's click. Collapsible like the panel.
 */
export function createCornerControl(): CornerControl {
  let pending: ContentPending | null = null;
  let result: ContentPendingResult | null = null;
  let error: UserError | null = null;
  let sending = false;
  let generation = 0;

  const shell = createCollapsible('corner', t('sendHoursTitle'), 'corner-control', 'panel');
  const settings = (section: 'step-mode' | 'users') => h('button', { type: 'button', class: 'link', onclick: () => void request({ type: 'options/open', section }) }, t('openOptions'));
  const intro = h('p', { class: 'muted' }, t('cornerIntro'));
  const errorLine = h('p', { class: 'bad', role: 'alert' });
  const checking = h('p', { class: 'muted' }, t('stateChecking'));
  const modeNotChosen = h('p', { 'data-testid': 'mode-not-chosen' }, t('transferModeNotChosen'), ' ', settings('step-mode'));
  const transferOff = h('p', { 'data-testid': 'transfer-off' }, t('transferOff'));
  const onOrder = h('p', { class: 'muted' }, t('sentOnOrder'));
  const byItself = h('p', { class: 'muted', 'data-testid': 'mode-by-itself' }, t('controlOnApproval'));
  const waiting = h('p', { 'data-testid': 'waiting' });
  const people = h('ul', { 'data-testid': 'people' });
  const blocked = h('ul', { class: 'warn', 'data-testid': 'blocked' });
  let listsShown = '';
  const sendButton = h('button', { type: 'button', id: 'send-pending', class: 'primary', onclick: onlyPerson(() => void send()) });
  const resultLine = h('p', { class: 'ok' });
  const resultBox = h('div', { role: 'status', 'data-testid': 'send-result' }, resultLine, transferLogLink());

  const draw = () => {
    if (error) fill(errorLine, t(error.messageKey, error.substitutions));
    const p = pending;
    const sends = p !== null && (p.mode === 'on-approval' || p.mode === 'on-order');
    if (p && sends) {
      setAttr(waiting, 'data-entries', p.entries);
      fill(waiting, p.entries > 0 ? tn('hoursWaiting', p.entries, [p.entries, hours(p.minutes)]) : t('nothingWaiting'));
      const key = JSON.stringify([p.people, p.blocked, p.integrationUser]);
      if (key !== listsShown) {
        listsShown = key;
        people.replaceChildren(...p.people.map((x) => h(
          'li',
          x.mapped ? null : { class: 'warn', 'data-testid': 'unmapped' },
          tn('personWaiting', x.entries, [x.name, x.entries, hours(x.minutes)]),
          !x.mapped && ` — ${t('onIntegrationUser', [p.integrationUser ?? '?'])} `,
          !x.mapped && settings('users'),
        )));
        blocked.replaceChildren(...p.blocked.map((b) => h('li', null, `${b.label}: ${t(b.reason.messageKey, b.reason.substitutions)}`)));
      }
      sendButton.disabled = sending || p.ids.length === 0;
      setAttr(sendButton, 'aria-busy', sending ? 'true' : null);
      fill(sendButton, sending ? t('sending') : t('sendHoursButton'));
      shell.setPill(p.entries > 0 ? tn('pillWaiting', p.entries) : t('nothingWaiting'), p.entries > 0 ? 'action' : 'ok');
    } else shell.setPill(t('sendHoursTitle'), 'info');
    if (result) {
      setAttr(resultBox, 'data-sent', result.sent);
      setAttr(resultBox, 'data-failed', result.failed.length);
      fill(resultLine, t('sendResult', [result.sent, result.failed.length]));
    }
    place(
      shell.body,
      intro,
      error && errorLine,
      !pending && !error && checking,
      p?.mode === null && modeNotChosen,
      p?.mode === 'never' && transferOff,
      ...(sends ? [waiting, p!.people.length > 0 && people, p!.blocked.length > 0 && blocked, ...(p!.mode === 'on-order' ? [onOrder] : [byItself, sendButton])] : []),
      result && resultBox,
    );
  };

  const load = () => {
    const gen = ++generation;
    void request({ type: 'hours/pending' }).then((res) => {
      if (gen !== generation) return;
      if (res.ok) {
        pending = res.data;
        error = null;
      } else error = res.error;
      draw();
    });
  };

  const send = async () => {
    if (!pending || pending.ids.length === 0 || sending) return;
    const gen = generation;
    sending = true;
    draw();
    // Exactly what was shown: the background sends those of them still waiting, nothing else.
    const res = await request({ type: 'hours/sendPending', busyEntryIds: pending.ids });
    if (gen !== generation) return;
    sending = false;
    if (res.ok) {
      result = res.data;
      pending = res.data.pending;
      error = null;
    } else error = res.error;
    draw();
  };

  draw();
  return {
    el: shell.el,
    refresh() {
      if (!sending) load();
    },
    close() {
      generation++;
    },
  };
}
