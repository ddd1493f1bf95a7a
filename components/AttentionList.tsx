import { t } from '../utils/platform/i18n';
import { say } from './say';
import { openSection } from './nav';
import { WayButton } from './WayButton';
import type { UiItem } from './attention-items';

export const SEVERITY_KEYS = { error: 'severityError', action: 'severityAction', info: 'severityInfo' } as const;

/** Issue 17: what needs the admin, most severe first, each item with its link, action and (where safe) dismiss. */
export function AttentionList({
  items,
  onDismiss,
  onRecheck,
}: {
  items: UiItem[];
  onDismiss: (key: string) => void;
  onRecheck: () => void;
}) {
  if (items.length === 0) return null;
  return (
    <section class="attention" aria-labelledby="attention-title" data-testid="attention">
      <h2 id="attention-title">{t('attentionTitle', [items.length])}</h2>
      {/* Scrolls when long: focusable so a keyboard can scroll it too. */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be focusable (axe: scrollable-region-focusable) */}
      <ul tabIndex={0} aria-labelledby="attention-title" data-testid="warnings">
        {items.map((i) => (
          <li key={i.key} class={`sev-${i.severity}`} data-key={i.key} data-severity={i.severity}>
            <p>
              <span class="sev">{t(SEVERITY_KEYS[i.severity])}</span>
              <span class="item-text">
                {say(i)}
                {i.also && ` ${say(i.also)}`}
              </span>
            </p>
            {i.detail && (
              <details class="detail">
                <summary>{t('detailsLabel')}</summary>
                <span>{i.detail}</span>
              </details>
            )}
            {(i.way || i.link || i.action || i.dismissable) && (
              <div class="item-actions">
                {i.way && <WayButton way={i.way} onRecheck={onRecheck} />}
                {i.link && (
                  <a href={i.link.url} target="_blank" rel="noopener noreferrer">
                    {t(i.link.labelKey)}
                  </a>
                )}
                {i.action && (
                  <button type="button" class="link" onClick={() => openSection(i.action!.section)}>
                    {t(i.action.labelKey)}
                  </button>
                )}
                {i.dismissable && (
                  <button type="button" class="link" onClick={() => onDismiss(i.key)} aria-label={t('dismissItem', [say(i)])}>
                    {t('dismiss')}
                  </button>
                )}
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
