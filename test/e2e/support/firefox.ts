import puppeteer, { type Browser } from 'puppeteer-core';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

export const FIREFOX_EXTENSION_DIR = resolve('.output-sim/firefox-mv2');

export function findFirefox(): string {
  if (process.env.FIREFOX_PATH) return process.env.FIREFOX_PATH;
  for (const name of ['firefox-esr', 'firefox']) {
    try {
      return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
    } catch {
      /* next */
    }
  }
  throw new Error('No Firefox found: apt-get install firefox-esr, or set FIREFOX_PATH');
}

/**
 * Firefox with the extension installed as a temporary add-on. The driver cannot open
 * moz-extension:// pages, so tests drive Firefox through the simulators' pages and what the
 * extension injects there.
 */
export async function launchFirefox(
  extensionDir = FIREFOX_EXTENSION_DIR,
): Promise<{ browser: Browser; addonId: string; close(): Promise<void> }> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: findFirefox(),
    headless: true,
    extraPrefsFirefox: {
      // Let *.localhost reach loopback without a proxy or DoH detour.
      'network.proxy.type': 0,
      'network.dns.native-is-localhost': true,
      'browser.shell.checkDefaultBrowser': false,
    },
  });
  const addonId = await browser.installExtension(extensionDir);
  return { browser, addonId, close: () => browser.close() };
}
