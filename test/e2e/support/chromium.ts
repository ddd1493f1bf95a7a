import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const CHROME_EXTENSION_DIR = resolve('.output-sim/chrome-mv3');

/** Debian's chromium, or CHROME_PATH, or any Chrome/Chromium on PATH. */
export function findChromium(): string {
  if (process.env.CHROME_PATH) return process.env.CHROME_PATH;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome']) {
    try {
      return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
    } catch {
      /* next */
    }
  }
  throw new Error('No Chromium found: apt-get install chromium, or set CHROME_PATH');
}

export interface ChromiumWithExtension {
  context: BrowserContext;
  extensionId: string;
  worker: Worker;
  userDataDir: string;
  openPopup(): Promise<Page>;
  openOptions(): Promise<Page>;
  close(opts?: { keepProfile?: boolean }): Promise<void>;
}

export async function launchChromium(
  opts: { headless?: boolean; userDataDir?: string; extensionDir?: string; language?: string } = {},
): Promise<ChromiumWithExtension> {
  const dir = opts.extensionDir ?? CHROME_EXTENSION_DIR;
  const userDataDir = opts.userDataDir ?? mkdtempSync(join(tmpdir(), 'busy24so-chromium-'));
  const locale = opts.language ?? 'nb-NO';
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: findChromium(),
    headless: opts.headless ?? true,
    // The extension's default locale. Chromium on Linux takes its UI language (the one
    // browser.i18n speaks) from LANGUAGE, and has it only with its language pack (Debian's
    // chromium-l10n); `locale` alone sets just what pages see (navigator.language, Accept-Language).
    locale,
    env: { ...process.env, LANGUAGE: locale.replace('-', '_') },
    args: [
      `--lang=${locale.split('-')[0] === 'nb' ? 'nb' : locale}`,
      `--disable-extensions-except=${dir}`,
      `--load-extension=${dir}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
  const extensionId = new URL(worker.url()).host;
  const open = async (path: string) => {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/${path}`);
    return page;
  };
  return {
    context,
    extensionId,
    worker,
    userDataDir,
    openPopup: () => open('popup.html'),
    openOptions: () => open('options.html'),
    async close({ keepProfile = false } = {}) {
      await context.close();
      if (!keepProfile) rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
