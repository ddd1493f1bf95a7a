import { t, uiLanguage } from '../utils/platform/i18n';

// Turning the background's messages into the reader's words, shared by the popup, the options page
// and the content script's plain-DOM panels: substitutions that are themselves messages (a kind,
// a field, a system) or moments (shown as the reader's time), and plurals by Intl.PluralRules.

import type { Arg, Said } from '../utils/domain/said';

let rules: Intl.PluralRules | undefined;
/**
 * `key_one` / `key_other` (/ `_zero`, `_two`, `_few`, `_many` where a language has them) by the
 * reader's language's plural rules; `_other` when the language's form is not defined.
 */
export function tn(key: string, n: number, substitutions: (string | number)[] = [n]): string {
  const form = (rules ??= new Intl.PluralRules(uiLanguage())).select(n);
  const text = t(`${key}_${form}`, substitutions);
  return text === `${key}_${form}` ? t(`${key}_other`, substitutions) : text;
}

const sameDay = (a: Date, b: Date) => a.toDateString() === b.toDateString();

/** 09:14 today, otherwise 12.11. 09:14 (the reader's format). */
export function when(iso: string, now = new Date()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const lang = uiLanguage();
  const time = d.toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit' });
  return sameDay(d, now) ? time : `${d.toLocaleDateString(lang, { day: 'numeric', month: 'numeric' })} ${time}`;
}

/** "1 min ago", "for 3 minutter siden": how long ago, in the reader's language. */
export function ago(iso: string, now = Date.now()): string {
  const minutes = Math.round((now - Date.parse(iso)) / 60_000);
  const f = new Intl.RelativeTimeFormat(uiLanguage(), { numeric: 'auto' });
  return Math.abs(minutes) < 90 ? f.format(-minutes, 'minute') : f.format(-Math.round(minutes / 60), 'hour');
}

const arg = (a: Arg): string => (typeof a === 'object' ? ('key' in a ? t(a.key) : when(a.time)) : String(a));

export function say(s: Said): string {
  return t(s.messageKey, s.args.map(arg));
}
