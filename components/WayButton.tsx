import { t } from '../utils/platform/i18n';
import type { WayOut } from './connection-view';
import { openSection } from './nav';

/** The one click out of a state: a page to open (login), a settings section, or a new check. */
export function WayButton({
  way,
  primary,
  onRecheck,
  disabled,
  describedBy,
}: {
  way: WayOut;
  primary?: boolean;
  onRecheck: () => void;
  disabled?: boolean;
  describedBy?: string;
}) {
  const cls = primary ? 'primary' : '';
  if ('url' in way) {
    return disabled ? (
      <button type="button" class={cls} disabled aria-describedby={describedBy}>
        {t(way.labelKey)}
      </button>
    ) : (
      <a class={`button ${cls}`} href={way.url} target="_blank" rel="noopener noreferrer" data-way="url">
        {t(way.labelKey)}
      </a>
    );
  }
  const onClick = 'section' in way ? () => openSection(way.section) : onRecheck;
  return (
    <button
      type="button"
      class={cls}
      onClick={onClick}
      disabled={disabled}
      aria-describedby={describedBy}
      data-way={'section' in way ? way.section : 'recheck'}
    >
      {t(way.labelKey)}
    </button>
  );
}
