import { browser } from 'wxt/browser';
import type { OptionsSection } from '../utils/domain/options-sections';

/** Opens the options page at a section: in place when this is the options page, else in a new tab. */
export function openSection(section?: OptionsSection): void {
  if (location.pathname.endsWith('/options.html')) {
    if (section) location.hash = section;
    return;
  }
  if (!section) void browser.runtime.openOptionsPage();
  else void browser.tabs.create({ url: browser.runtime.getURL(`/options.html#${section}`) });
}
