import type { HoursOverview } from '../utils/protocol/answers';
import { t } from '../utils/platform/i18n';
import { openSection } from './nav';

/** What the chosen mode does by itself, in one sentence (R19). */
export const MODE_LINE_KEYS = { 'on-approval': 'modeLineOnApproval', 'on-order': 'modeLineOnOrder', never: 'modeLineNever' } as const;

/** The hour transfer in the popup: the mode in words, and the log (people to map are in the attention list). */
export function HoursPanel({ overview }: { overview: HoursOverview | null }) {
  if (!overview || overview.mode === null) return null;
  return (
    <section class="hours" aria-labelledby="hours-title" data-testid="hours-panel" data-mode={overview.mode}>
      <h2 id="hours-title">{t('sectionTransferMode')}</h2>
      <p class="muted">
        {t(MODE_LINE_KEYS[overview.mode])}{' '}
        <button type="button" class="link" onClick={() => openSection('transfer-log')}>
          {t('openTransferLog')}
        </button>
      </p>
    </section>
  );
}
