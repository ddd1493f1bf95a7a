import { useEffect, useState } from 'preact/hooks';
import { ConnectionCard } from '../../components/ConnectionCard';
import { useStatus } from '../../components/useStatus';
import { useSyncView } from '../../components/useSyncView';
import { AttentionList } from '../../components/AttentionList';
import { connectionItems } from '../../components/attention-items';
import { ConnectTfsoForm } from './ConnectTfsoForm';
import { BusyTokenForm } from './BusyTokenForm';
import { AddressesForm } from './AddressesForm';
import { ApprovalPathsForm } from './ApprovalPathsForm';
import { TransferModeForm } from './TransferModeForm';
import { UserMappingTable } from './UserMappingTable';
import { TransferLog } from './TransferLog';
import { PlanView } from './PlanView';
import { CompatibilitySection } from './CompatibilitySection';
import type { SettingsView } from '../../utils/protocol/answers';
import { request } from '../../utils/platform/messaging';
import { t } from '../../utils/platform/i18n';
import { ErrorLine } from '../../components/ErrorLine';

/** Brings the section named in the address into view (the popup and the warnings link here). */
function useSectionFromHash(ready: boolean) {
  useEffect(() => {
    if (!ready) return;
    const go = () => {
      const id = location.hash.slice(1);
      const el = id ? document.getElementById(id) : null;
      if (!el) return;
      el.scrollIntoView({ block: 'start' });
      el.querySelector<HTMLElement>('h2')?.focus({ preventScroll: true });
    };
    go();
    window.addEventListener('hashchange', go);
    return () => window.removeEventListener('hashchange', go);
  }, [ready]);
}

/**
 * Issue 17: the set-up steps in order, each a section with its own result (connect 24SO → connect
 * Busy → the first-sync plan → the hour transfer), then users, the transfer log, addresses and
 * compatibility.
 */
export function Options() {
  const { status, error, setStatus, reload } = useStatus();
  const sync = useSyncView();
  const [settings, setSettings] = useState<SettingsView | null>(null);
  useEffect(() => {
    void request({ type: 'settings/get' }).then((r) => r.ok && setSettings(r.data));
  }, [sync.view?.planConfirmed]);
  useSectionFromHash(settings !== null && status !== null);
  const tfsoOk = status?.tfso.state === 'connected';
  const busyOk = status?.busy.state === 'connected';
  const steps = [
    { id: 'step-tfso', label: 'stepConnectTfso', done: tfsoOk },
    { id: 'step-busy', label: 'stepConnectBusy', done: busyOk },
    { id: 'step-plan', label: 'stepReviewPlan', done: !!settings?.planConfirmed },
    { id: 'step-mode', label: 'stepChooseMode', done: settings ? settings.transferMode !== null : false },
  ];
  const recheck = () => void reload();
  return (
    <main style={{ maxWidth: '720px', margin: '0 auto', padding: '16px' }}>
      <h1>{t('optionsTitle')}</h1>
      <nav aria-label={t('stepsNav')}>
        <ol class="steps">
          {steps.map((s, i) => (
            <li key={s.id}>
              <a href={`#${s.id}`} data-done={String(s.done)}>
                {s.done ? '✓' : `${i + 1}.`} {t(s.label)} <span class="sr-only">({t(s.done ? 'stepDone' : 'stepTodo')})</span>
              </a>
            </li>
          ))}
        </ol>
      </nav>
      {error && <ErrorLine error={error} />}
      <AttentionList
        items={[...connectionItems(status), ...(sync.view?.attention ?? [])]}
        onDismiss={(k) => void sync.dismiss(k)}
        onRecheck={recheck}
      />

      <section class="step" id="step-tfso" aria-labelledby="step-tfso-title">
        <h2 id="step-tfso-title" tabIndex={-1}>
          1. {t('stepConnectTfso')}
        </h2>
        {status && <ConnectionCard system="tfso" conn={status.tfso} onRecheck={recheck} />}
        {settings && <ConnectTfsoForm settings={settings} status={status} onStatus={setStatus} />}
      </section>

      <section class="step" id="step-busy" aria-labelledby="step-busy-title">
        <h2 id="step-busy-title" tabIndex={-1}>
          2. {t('stepConnectBusy')}
        </h2>
        {status && <ConnectionCard system="busy" conn={status.busy} onRecheck={recheck} />}
        {settings && (
          <BusyTokenForm
            settings={settings}
            onSaved={(s, st) => {
              setSettings(s);
              setStatus(st);
            }}
          />
        )}
      </section>

      <section class="step" id="step-plan" aria-labelledby="step-plan-title">
        <h2 id="step-plan-title" tabIndex={-1}>
          3. {t('stepReviewPlan')}
        </h2>
        {tfsoOk && busyOk ? (
          <PlanView />
        ) : (
          <p class="muted" data-testid="plan-needs-connections">
            {t('stepNeedsConnections')}
          </p>
        )}
      </section>

      <section class="step" id="step-mode" aria-labelledby="step-mode-title">
        <h2 id="step-mode-title" tabIndex={-1}>
          4. {t('stepChooseMode')}
        </h2>
        {settings && <TransferModeForm settings={settings} onSaved={setSettings} />}
      </section>

      <section class="step" id="users">
        {tfsoOk && busyOk ? (
          <UserMappingTable />
        ) : (
          <>
            <h2 id="users-title" tabIndex={-1}>
              {t('sectionUsers')}
            </h2>
            <p class="muted">{t('stepNeedsConnections')}</p>
          </>
        )}
      </section>

      <section class="step" id="transfer-log">
        <TransferLog />
      </section>

      <section class="step" id="addresses" aria-labelledby="addresses-title">
        <h2 id="addresses-title" tabIndex={-1}>
          {t('sectionAddresses')}
        </h2>
        {settings && <AddressesForm settings={settings} onSaved={setSettings} />}
        {settings && <ApprovalPathsForm settings={settings} onSaved={setSettings} />}
      </section>

      {/* Issue 14: the capability checks (its own section, id "compatibility"). */}
      <CompatibilitySection />
    </main>
  );
}
