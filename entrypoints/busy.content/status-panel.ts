import type { UserError } from '../../utils/connection-state';
import { t } from '../../utils/platform/i18n';
import type { ContentStatus } from './answers';
import { fill, h, place, setAttr } from './dom';
import { request } from './request';
import { createSyncPanel } from './sync-panel';
import { STATE_KEYS } from '../../components/connection-view';

const POLL_MS = 10_000;


/** The panel on every Busy page: whether both systems are connected, and the sync panel when they are. */
export function renderStatusPanel(root: HTMLElement): void {
  let status: ContentStatus | null = null;
  let error: UserError | null = null;
  let syncShown = false;

  const title = h('h2', null, t('extName'));
  const errorLine = h('p', { class: 'line bad', role: 'alert' });
  const tfsoLine = h('p', { 'data-system': 'tfso' });
  const busyLine = h('p', { 'data-system': 'busy' });
  const sync = createSyncPanel();
  const panel = h('section', { class: 'panel', 'aria-label': t('extName'), 'data-testid': 'busy24so-panel' }, title);
  root.append(panel);

  const draw = () => {
    if (error) fill(errorLine, t(error.messageKey, error.substitutions));
    if (status) {
      const { tfso, busy } = status;
      setAttr(tfsoLine, 'class', `line ${tfso.state === 'connected' ? 'ok' : 'bad'}`);
      setAttr(tfsoLine, 'data-state', tfso.state);
      fill(tfsoLine, `${t('systemTfso')}: ${tfso.state === 'connected'
        ? t('tfsoConnectedAs', [tfso.who.name, tfso.who.contactId, tfso.who.clientName])
        : t(STATE_KEYS[tfso.state])}`);
      setAttr(busyLine, 'class', `line ${busy.state === 'connected' ? 'ok' : 'bad'}`);
      setAttr(busyLine, 'data-state', busy.state);
      fill(busyLine, `${t('systemBusy')}: ${t(STATE_KEYS[busy.state])}`);
    }
    const connected = status?.tfso.state === 'connected' && status.busy.state === 'connected';
    if (connected !== syncShown) {
      syncShown = connected;
      if (connected) sync.start();
      else sync.stop();
    }
    place(panel, title, error && errorLine, status && tfsoLine, status && busyLine, connected && sync.el);
  };

  const load = async () => {
    const res = await request({ type: 'status/get', refresh: true });
    if (res.ok) {
      status = res.data;
      error = null;
    } else error = res.error;
    draw();
  };
  void load();
  setInterval(() => void load(), POLL_MS);
}
