import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { HoursOverview, SettingsView, SyncView } from '../../utils/protocol/answers';
import type { Status } from '../../utils/domain/connection-state';
import { onStatusChanged, request } from '../../utils/platform/messaging';
import { t } from '../../utils/platform/i18n';
import { ConnectionCard } from '../../components/ConnectionCard';
import { useStatus } from '../../components/useStatus';
import { useSyncView } from '../../components/useSyncView';
import { SyncPanel } from '../../components/SyncPanel';
import { HoursPanel } from '../../components/HoursPanel';
import { AttentionList } from '../../components/AttentionList';
import { Checklist, setupDone } from '../../components/Checklist';
import { CoordinationLine } from '../../components/CoordinationLine';
import { connectionItems, unmappedItems } from '../../components/attention-items';
import { blockedReason } from '../../components/sync-view';
import { openSection } from '../../components/nav';
import { ErrorLine } from '../../components/ErrorLine';
import { readSnapshot, writeSnapshot } from '../../components/snapshot';

interface Shown {
  status: Status | null;
  settings: SettingsView | null;
  sync: SyncView | null;
  hours: HoursOverview | null;
}

/**
 * Issue 17: at most 600 px high; until set up, one checklist; then what needs attention first,
 * each connection on one line, one primary action with each kind's result, and the transfer mode.
 * It renders what it showed last time at once and asks the background after.
 */
export function App() {
  const [snap] = useState(() => readSnapshot<Shown>());
  const { status, error: statusError, reload } = useStatus(snap.status ?? null);
  const sync = useSyncView(snap.sync ?? null);
  const [settings, setSettings] = useState<SettingsView | null>(snap.settings ?? null);
  const [hours, setHours] = useState<HoursOverview | null>(snap.hours ?? null);

  const loadSettings = () => void request({ type: 'settings/get' }).then((r) => r.ok && setSettings(r.data));
  useEffect(loadSettings, [sync.view?.planConfirmed]);
  // A choice made in the options page (the mode, a token) shows here at once.
  useEffect(() => onStatusChanged(loadSettings), []);
  const bothConnected = status?.tfso.state === 'connected' && status.busy.state === 'connected';
  useEffect(() => {
    if (bothConnected) void request({ type: 'hours/overview' }).then((r) => r.ok && setHours(r.data));
  }, [bothConnected, settings?.transferMode]);
  useEffect(() => writeSnapshot<Shown>({ status, settings, sync: sync.view, hours }), [status, settings, sync.view, hours]);

  const done = settings !== null && setupDone(settings);
  const items = done
    ? [...connectionItems(status), ...(sync.view?.attention ?? []), ...unmappedItems(hours)]
    : (sync.view?.attention ?? []);
  const error = statusError ?? sync.error;
  const connected = status ? { tfso: status.tfso.state === 'connected', busy: status.busy.state === 'connected' } : null;

  // The shell (popup.html: the frame and the title) is the page's; the header's buttons and the
  // shell's state attributes are filled in from here.
  useEffect(() => {
    const shell = document.querySelector<HTMLElement>('.popup');
    if (shell) {
      shell.dataset.setup = done ? 'done' : 'checklist';
      shell.dataset.live = String(sync.live);
    }
  }, [done, sync.live]);
  useEffect(() => {
    const actions = document.getElementById('header-actions');
    if (!actions) return;
    render(
      <>
        <button type="button" class="icon" id="recheck" aria-label={t('refresh')} title={t('refresh')} onClick={() => void reload()}>
          ⟳
        </button>
        <button
          type="button"
          class="icon"
          id="open-options"
          aria-label={t('openOptions')}
          title={t('openOptions')}
          onClick={() => openSection()}
        >
          ⚙
        </button>
      </>,
      actions,
    );
  }, []);

  return (
    <>
      {error && <ErrorLine error={error} />}
      {!done && status && settings && <Checklist status={status} settings={settings} onRecheck={() => void reload()} />}
      <AttentionList items={items} onDismiss={(k) => void sync.dismiss(k)} onRecheck={() => void reload()} />
      {done && status && (
        <>
          <ConnectionCard system="tfso" conn={status.tfso} line onRecheck={() => void reload()} />
          <ConnectionCard system="busy" conn={status.busy} line onRecheck={() => void reload()} />
        </>
      )}
      <CoordinationLine c={sync.view?.coordination} onChanged={() => void reload()} />
      {settings?.planConfirmed && (
        <SyncPanel
          view={sync.view}
          blocked={blockedReason(connected, sync.view?.running)}
          onRun={(tr) => void sync.run(tr)}
          primary={done}
        />
      )}
      {done && <HoursPanel overview={hours} />}
    </>
  );
}
