import type { UserError } from '../../utils/domain/connection-state';
import { t } from '../../utils/platform/i18n';
import type { ContentStatus } from './answers';
import { fill, h, place, setAttr } from './dom';
import { request } from './request';
import { createSyncPanel } from './sync-panel';
import { STATE_KEYS, connectionAdvice } from '../../components/connection-view';
import { say, tn } from '../../components/say';
import { createCollapsible } from './collapse';
import { wayElement } from './way';

const POLL_MS = 10_000;

/**
 * The panel on every Busy page: each system's state in its words with its way out, and the sync
 * panel when both are connected. It collapses to a pill and remembers that (issue 17).
 */
export function renderStatusPanel(root: HTMLElement): void {
  let status: ContentStatus | null = null;
  let error: UserError | null = null;
  let syncShown = false;
  let attention = 0;

  const shell = createCollapsible('panel', t('extName'), 'busy24so-panel', 'panel');
  const errorLine = h('p', { class: 'line bad', role: 'alert' });
  const lines = (['tfso', 'busy'] as const).map((system) => {
    const text = h('span');
    const advice = h('span', { class: 'muted' });
    const way = h('span');
    let wayShown = '';
    const line = h('p', { 'data-system': system }, text);
    return {
      line,
      draw(s: ContentStatus) {
        const c = s[system];
        const a = connectionAdvice(system, c);
        setAttr(line, 'class', `line ${c.state === 'connected' ? 'ok' : 'bad'}`);
        setAttr(line, 'data-state', c.state);
        const who =
          system === 'tfso' && s.tfso.state === 'connected'
            ? t('tfsoConnectedAs', [s.tfso.who.name, s.tfso.who.contactId, s.tfso.who.clientName])
            : t(STATE_KEYS[c.state]);
        fill(text, `${t(system === 'tfso' ? 'systemTfso' : 'systemBusy')}: ${who}`);
        if (a) fill(advice, ` ${say(a.said)} `);
        // The way out keeps its element (and focus) while its target stays the same.
        const key = a ? JSON.stringify(a.way) : '';
        if (key !== wayShown) {
          wayShown = key;
          way.replaceChildren(...(a ? [wayElement(a.way, () => void load())] : []));
        }
        place(line, text, a && advice, a && way);
      },
    };
  });
  const pill = () => {
    const connected = status?.tfso.state === 'connected' && status.busy.state === 'connected';
    if (!status) shell.setPill(t('stateChecking'), 'info');
    else if (!connected) shell.setPill(t('pillNotConnected'), 'error');
    else if (attention > 0) shell.setPill(tn('pillAttention', attention), 'action');
    else shell.setPill(t('pillConnected'), 'ok');
  };

  const sync = createSyncPanel((n) => {
    attention = n;
    pill();
  });
  root.append(shell.el);

  const draw = () => {
    if (error) fill(errorLine, t(error.messageKey, error.substitutions));
    if (status) for (const l of lines) l.draw(status);
    const connected = status?.tfso.state === 'connected' && status.busy.state === 'connected';
    if (connected !== syncShown) {
      syncShown = connected;
      if (connected) sync.start();
      else sync.stop();
    }
    place(shell.body, error && errorLine, ...(status ? lines.map((l) => l.line) : []), connected && sync.el);
    pill();
  };

  const load = async () => {
    const res = await request({ type: 'status/get', refresh: true });
    if (res.ok) {
      status = res.data;
      error = null;
    } else error = res.error;
    draw();
  };
  draw();
  void load();
  setInterval(() => void load(), POLL_MS);
}
