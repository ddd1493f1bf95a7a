import { useEffect, useState } from 'preact/hooks';
import type { Status, UserError } from '../../utils/connection-state';
import { request } from '../../utils/platform/messaging';
import { t } from '../../utils/platform/i18n';
import { SyncPanel } from '../../components/SyncPanel';

const POLL_MS = 10_000;

export function StatusPanel() {
  const [status, setStatus] = useState<Status | null>(null);
  const [error, setError] = useState<UserError | null>(null);
  useEffect(() => {
    const load = async () => {
      const res = await request({ type: 'status/get', refresh: true });
      if (res.ok) {
        setStatus(res.data);
        setError(null);
      } else setError(res.error);
    };
    void load();
    const timer = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(timer);
  }, []);
  return (
    <section class="panel" aria-label={t('extName')} data-testid="busy24so-panel">
      <h2>{t('extName')}</h2>
      {error && <p class="line bad" role="alert">{t(error.messageKey, error.substitutions)}</p>}
      {status && (
        <>
          <p class={`line ${status.tfso.state === 'connected' ? 'ok' : 'bad'}`} data-system="tfso" data-state={status.tfso.state}>
            {t('systemTfso')}: {status.tfso.state === 'connected'
              ? t('tfsoConnectedAs', [status.tfso.who.name, status.tfso.who.contactId, status.tfso.who.clientName])
              : t(STATE_KEYS[status.tfso.state])}
          </p>
          <p class={`line ${status.busy.state === 'connected' ? 'ok' : 'bad'}`} data-system="busy" data-state={status.busy.state}>
            {t('systemBusy')}: {t(STATE_KEYS[status.busy.state])}
          </p>
        </>
      )}
      {status?.tfso.state === 'connected' && status.busy.state === 'connected' && <SyncPanel />}
    </section>
  );
}

const STATE_KEYS = {
  checking: 'stateChecking',
  connected: 'stateConnected',
  notLoggedIn: 'stateNotLoggedIn',
  unreachable: 'stateUnreachable',
  error: 'stateError',
} as const;
