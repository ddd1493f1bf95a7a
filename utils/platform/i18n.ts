import { browser } from 'wxt/browser';

/** Every user-visible string goes through here (browser.i18n, _locales nb + en). */
export function t(key: string, substitutions: (string | number)[] = []): string {
  const text = browser.i18n.getMessage(key as never, substitutions.map(String));
  // A missing key shows itself rather than an empty label, so it is caught in review and tests.
  return text || key;
}

export function uiLanguage(): string {
  return browser.i18n.getUILanguage();
}
