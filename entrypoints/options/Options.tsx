import { useEffect, useState } from 'preact/hooks';
import { ConnectionCard } from '../../components/ConnectionCard';
import { useStatus } from '../../components/useStatus';
import { AddressesForm } from './AddressesForm';
import { ConnectTfsoForm } from './ConnectTfsoForm';
import { TransferModeForm } from './TransferModeForm';
import { UserMappingTable } from './UserMappingTable';
import { TransferLog } from './TransferLog';
import { PlanView } from './PlanView';
import { CompatibilitySection } from './CompatibilitySection';
import type { SettingsView } from '../../utils/messages';
import { request } from '../../utils/platform/messaging';
import { t } from '../../utils/platform/i18n';

export function Options() {
  const { status, error, setStatus } = useStatus();
  const [settings, setSettings] = useState<SettingsView | null>(null);
  useEffect(() => {
    void request({ type: 'settings/get' }).then((r) => r.ok && setSettings(r.data));
  }, []);
  return (
    <main style={{ maxWidth: '640px', margin: '0 auto', padding: '16px' }}>
      <h1>{t('optionsTitle')}</h1>
      <h2>{t('sectionConnections')}</h2>
      {error && <p class="error" role="alert">{t(error.messageKey, error.substitutions)}</p>}
      {status && (
        <>
          <ConnectionCard system="tfso" conn={status.tfso} />
          <ConnectionCard system="busy" conn={status.busy} />
        </>
      )}
      {settings && <ConnectTfsoForm settings={settings} onStatus={setStatus} />}
      {settings && !settings.planConfirmed && status?.tfso.state === 'connected' && status.busy.state === 'connected' && <PlanView />}
      {settings && <TransferModeForm settings={settings} onSaved={setSettings} />}
      {status?.tfso.state === 'connected' && status.busy.state === 'connected' && <UserMappingTable />}
      <TransferLog />
      {settings && <AddressesForm settings={settings} onSaved={setSettings} />}
      <CompatibilitySection />
    </main>
  );
}
