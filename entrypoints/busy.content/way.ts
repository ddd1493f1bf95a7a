import { t } from '../../utils/platform/i18n';
import type { WayOut } from '../../components/connection-view';
import { h } from './dom';
import { request } from './request';

/** A way out on Busy's pages: a page to open, a settings section, or a new check. */
export function wayElement(way: WayOut, recheck: () => void): HTMLElement {
  if ('url' in way) return h('a', { href: way.url, target: '_blank', rel: 'noopener noreferrer' }, t(way.labelKey));
  const go = 'section' in way ? () => void request({ type: 'options/open', section: way.section }) : recheck;
  return h('button', { type: 'button', class: 'link', onclick: go }, t(way.labelKey));
}
