import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { HoursOverview } from '../utils/messages';
import type { UserError } from '../utils/connection-state';
import { request } from '../utils/platform/messaging';
import { t } from '../utils/platform/i18n';

const hours = (minutes: number) => (minutes / 60).toLocaleString(undefined, { maximumFractionDigits: 2 });

/** R19: asks for the transfer mode until it is chosen; R18: warns about each unlinked user with hours waiting. */
export function HoursPanel() {
  const [overview, setOverview] = useState<HoursOverview | null>(null);
  const [error, setError] = useState<UserError | null>(null);
  useEffect(() => {
    void request({ type: 'hours/overview' }).then((res) => (res.ok ? setOverview(res.data) : setError(res.error)));
  }, []);
  if (!overview && !error) return null;
  return (
    <section class="card" aria-labelledby="hours-title" data-testid="hours-panel">
      <h2 id="hours-title">{t('sectionTransferMode')}</h2>
      {error && <p class="error" role="alert">{t(error.messageKey, error.substitutions)}</p>}
      {overview?.mode === null && (
        <p data-testid="choose-mode">
          {t('transferModeNotChosen')}{' '}
          <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>{t('openOptions')}</button>
        </p>
      )}
      {overview?.mode === 'never' && <p>{t('transferOff')}</p>}
      {overview && overview.mode !== null && overview.mode !== 'never' && (
        <>
          <p class="muted">{t(overview.mode === 'on-approval' ? 'modeOnApproval' : 'modeOnOrder')}</p>
          {overview.unmapped.map((u) => (
            <p class="error" key={u.name} data-testid="unmapped-warning">
              {t('unmappedWarning', [hours(u.minutes), u.name, overview.integrationUser ?? '?'])}
            </p>
          ))}
        </>
      )}
    </section>
  );
}
