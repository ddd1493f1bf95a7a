import { useState } from 'preact/hooks';
import type { SettingsView } from '../../utils/protocol/answers';
import type { TransferMode } from '../../utils/domain/settings';
import type { UserError } from '../../utils/domain/connection-state';
import { request } from '../../utils/platform/messaging';
import { t } from '../../utils/platform/i18n';
import { ErrorLine } from '../../components/ErrorLine';

const MODES: { mode: TransferMode; label: string; hint: string }[] = [
  { mode: 'on-approval', label: 'modeOnApproval', hint: 'modeOnApprovalHint' },
  { mode: 'on-order', label: 'modeOnOrder', hint: 'modeOnOrderHint' },
  { mode: 'never', label: 'modeNever', hint: 'modeNeverHint' },
];

/** R19: the hour-transfer mode; until the admin chooses, nothing is sent. */
export function TransferModeForm({ settings, onSaved }: { settings: SettingsView; onSaved: (s: SettingsView) => void }) {
  const [error, setError] = useState<UserError | null>(null);
  const choose = async (mode: TransferMode) => {
    const res = await request({ type: 'settings/setTransferMode', mode });
    if (res.ok) {
      setError(null);
      onSaved(res.data);
    } else setError(res.error);
  };
  return (
    <fieldset id="transfer-mode" aria-describedby="transfer-mode-hint">
      <legend>{t('sectionTransferMode')}</legend>
      {settings.transferMode === null && (
        <p id="transfer-mode-hint" class="sev-action" role="status">
          {t('transferModeNotChosen')}
        </p>
      )}
      {MODES.map((m) => (
        <label key={m.mode} class="radio">
          <input
            type="radio"
            name="transferMode"
            value={m.mode}
            checked={settings.transferMode === m.mode}
            onChange={() => void choose(m.mode)}
          />{' '}
          {t(m.label)} <span class="muted">— {t(m.hint)}</span>
        </label>
      ))}
      {error && <ErrorLine error={error} />}
    </fieldset>
  );
}
