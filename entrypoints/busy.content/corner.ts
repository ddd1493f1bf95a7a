import { t } from '../../utils/platform/i18n';
import { tn } from '../../components/say';
import { createCollapsible } from './collapse';
import { h } from './dom';
import { createSendHoursControl, pendingSource } from './send-hours';

export interface CornerControl {
  el: HTMLElement;
  /** Asks the background again what is waiting (a new page). */
  refresh(): void;
  /** The control left the page: answers still on their way are dropped. */
  close(): void;
}

/**
 * Issue 14: on a page that looks like approval but whose view cannot be read (Busy's real markup
 * is unknown), the control fixed to a corner: what the background itself knows is waiting
 * (approved, not yet in 24SO; the people named, those without a 24SO user said so), sent exactly
 * on a person's click. Collapsible to a pill like the panel.
 */
export function createCornerControl(): CornerControl {
  const shell = createCollapsible('corner', t('sendHoursTitle'), 'corner-control', 'panel');
  const control = createSendHoursControl({
    head: [h('p', { class: 'muted' }, t('cornerIntro'))],
    onShown: (s) =>
      shell.setPill(
        s && s.entries > 0 ? tn('pillWaiting', s.entries) : s ? t('nothingWaiting') : t('sendHoursTitle'),
        s && s.entries > 0 ? 'action' : 'info',
      ),
  });
  shell.body.append(control.el);
  return {
    el: shell.el,
    refresh: () => control.show(pendingSource()),
    close: () => control.close(),
  };
}
