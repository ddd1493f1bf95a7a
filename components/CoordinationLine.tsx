import { useState } from 'preact/hooks';
import type { Coordination } from '../utils/protocol/answers';
import type { UserError } from '../utils/domain/connection-state';
import { request } from '../utils/platform/messaging';
import { t } from '../utils/platform/i18n';
import { ago, when } from './say';
import { ErrorLine } from './ErrorLine';

/**
 * Which browser runs the schedule when several share the company (the lead's coordination): one
 * line, and on a standing-by browser "Take over" behind a confirmation (two must not both run it).
 */
export function CoordinationLine({ c, onChanged }: { c: Coordination | undefined; onChanged: () => void }) {
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<UserError | null>(null);
  if (!c || c.role === 'alone' || c.role === 'unknown') return null;
  const takeOver = async () => {
    const res = await request({ type: 'coordination/takeOver' });
    if (res.ok) {
      setAsking(false);
      setError(null);
      onChanged();
    } else setError(res.error);
  };
  const r = c.runner;
  return (
    <div class="coordination" data-testid="coordination" data-role={c.role}>
      <p>
        {c.role === 'runner'
          ? t('coordRunsHere', [c.thisLabel])
          : r
            ? `${t('coordRunsIn', [r.label, when(r.since), ago(r.heartbeatAt)])} ${t('coordStandingBy')}`
            : t('coordStandingBy')}{' '}
        {c.role === 'standby' && !asking && (
          <button type="button" class="link" onClick={() => setAsking(true)}>
            {t('coordTakeOver')}
          </button>
        )}
      </p>
      {asking && (
        // biome-ignore lint/a11y/useSemanticElements: a warning and two buttons, no form fields: a fieldset would be read as a form
        <div class="confirm" role="group" aria-labelledby="takeover-warning">
          <p id="takeover-warning">{t('coordTakeOverWarning', [r?.label ?? '?'])}</p>
          <div class="row">
            <button type="button" class="primary" onClick={() => void takeOver()}>
              {t('coordTakeOverConfirm')}
            </button>
            <button type="button" onClick={() => setAsking(false)}>
              {t('cancel')}
            </button>
          </div>
        </div>
      )}
      {error && <ErrorLine error={error} />}
    </div>
  );
}
