import { browser } from 'wxt/browser';
import { ConnectionCard } from '../../components/ConnectionCard';
import { useStatus } from '../../components/useStatus';
import { SyncPanel } from '../../components/SyncPanel';
import { HoursPanel } from '../../components/HoursPanel';
import { t } from '../../utils/platform/i18n';

export function App() {
  const { status, error, reload } = useStatus();
  const openOptions = () => void browser.runtime.openOptionsPage();
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
      <SyncPanel />
      <div class="row">
        <button type="button" onClick={() => void reload()}>{t('refresh')}</button>
        <button type="button" onClick={openOptions}>{t('openOptions')}</button>
      </div>
    </main>
  );
}
