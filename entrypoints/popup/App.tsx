import { browser } from 'wxt/browser';
import { useEffect, useState } from 'preact/hooks';
import { request } from '../../utils/platform/messaging';
import { ConnectionCard } from '../../components/ConnectionCard';
import { useStatus } from '../../components/useStatus';
import { SyncPanel } from '../../components/SyncPanel';
import { HoursPanel } from '../../components/HoursPanel';
import { t } from '../../utils/platform/i18n';

export function App() {
  const { status, error, reload } = useStatus();
  const openOptions = () => void browser.runtime.openOptionsPage();
  const [planConfirmed, setPlanConfirmed] = useState(true);
  useEffect(() => {
    void request({ type: 'settings/get' }).then((r) => r.ok && setPlanConfirmed(r.data.planConfirmed));
  }, []);
  return (
    <main style={{ width: '360px', padding: '10px' }}>
      <h1>{t('popupTitle')}</h1>
      {error && <p class="error" role="alert">{t(error.messageKey, error.substitutions)}</p>}
      {status && (
        <>
          <ConnectionCard system="tfso" conn={status.tfso} />
          <ConnectionCard system="busy" conn={status.busy} />
        </>
      )}
      {status?.tfso.state === 'connected' && status.busy.state === 'connected' && <HoursPanel />}
      {!planConfirmed && (
        <p class="card" data-testid="plan-not-confirmed">
          {t('planNotConfirmed')} <button type="button" onClick={openOptions}>{t('openOptions')}</button>
        </p>
      )}
      <SyncPanel />
      <div class="row">
        <button type="button" onClick={() => void reload()}>{t('refresh')}</button>
        <button type="button" onClick={openOptions}>{t('openOptions')}</button>
      </div>
    </main>
  );
}
