// What the issue-17 end-to-end tests check on every screen: the popup fits Chrome's 600 px, what
// needs attention comes first, no text a person reads holds an HTTP method or an API path, axe
// finds nothing serious; and the screenshots the README shows, made from the built extension.
import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import type { Locator, Page } from 'playwright-core';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export type Lang = 'en' | 'nb';
const LOCALES: Record<Lang, Record<string, { message: string }>> = {
  en: JSON.parse(readFileSync('public/_locales/en/messages.json', 'utf8')),
  nb: JSON.parse(readFileSync('public/_locales/nb/messages.json', 'utf8')),
};

/** A message as browser.i18n gives it in that language (for the words a state must have). */
export function msg(lang: Lang, key: string, subs: (string | number)[] = []): string {
  const m = LOCALES[lang][key]?.message;
  if (m === undefined) throw new Error(`no message ${key} in ${lang}`);
  return m.replace(/\$(\d)/g, (_, i: string) => String(subs[Number(i) - 1] ?? ''));
}

/** The fixed part of a message (its text up to the first substitution), to find it on screen. */
export const stem = (lang: Lang, key: string) => LOCALES[lang][key]!.message.split(/\$\d/)[0]!.trim();

/** An HTTP method, an API path or a SOAP endpoint: what a warning must not say to a person. */
export const TECHNICAL = /\b(GET|POST|PUT|PATCH|DELETE|HEAD)\b|(^|[\s(«“"])\/[\w{}.-]+\/|\/v2\b|\.asmx|\b[A-Z][a-z]+[A-Z]\w*Error\b/;

/** What a person reads in the popup (folded details left out: the server's own words may be there). */
export async function visibleText(page: Page, root = '.popup'): Promise<string> {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel)?.cloneNode(true) as HTMLElement | undefined;
    if (!el) return '';
    el.querySelectorAll('details, .sr-only').forEach((d) => d.remove());
    return el.textContent ?? '';
  }, root);
}

/** Issue 17: the popup is never taller than Chrome shows (600 px), whatever it holds. */
export async function popupHeight(page: Page): Promise<number> {
  return page.evaluate(() => document.querySelector<HTMLElement>('.popup')!.scrollHeight);
}

/** The first thing under the popup's header (attention first). */
export async function firstBlock(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const next = document.querySelector('#app')?.firstElementChild as HTMLElement | null;
    return next?.dataset.testid ?? next?.className ?? null;
  });
}

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; html: string }[];
}

/** axe-core as a page script; the violations of ours (on a Busy page only our shadow hosts). */
export async function axeViolations(page: Page, onlyOurs = false): Promise<string[]> {
  await page.evaluate(AXE);
  const result = (await page.evaluate(() =>
    (globalThis as unknown as { axe: { run(c: unknown, o: unknown): Promise<{ violations: unknown[] }> } }).axe.run(document, {
      resultTypes: ['violations'],
    }),
  )) as { violations: Violation[] };
  return result.violations
    .map((v) => ({ ...v, nodes: onlyOurs ? v.nodes.filter((n) => JSON.stringify(n.target).includes('busy24so-')) : v.nodes }))
    .filter((v) => v.nodes.length > 0)
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => n.html)
          .join(' | ')
          .slice(0, 300)}`,
    );
}

export const SHOTS = resolve('docs/screenshots');

/** Saves a screenshot for the README (docs/screenshots/<lang>/<name>.png), made on every run. */
export async function shot(target: Page | Locator, lang: Lang, name: string): Promise<void> {
  const path = resolve(SHOTS, lang, `${name}.png`);
  mkdirSync(dirname(path), { recursive: true });
  // A page whole (the options page is long), an element as it is.
  await target.screenshot({ path, animations: 'disabled', ...('goto' in target ? { fullPage: true } : {}) });
}
