import { describe, expect, it, beforeAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

// Builds the production extension for both browsers and reads the manifests it really ships.

type Manifest = {
  manifest_version: number;
  permissions?: string[];
  host_permissions?: string[];
  optional_permissions?: string[];
  content_scripts?: { matches: string[] }[];
  externally_connectable?: unknown;
  browser_specific_settings?: { gecko?: { id?: string } };
  default_locale?: string;
};

const manifests: Record<'chrome' | 'firefox', Manifest> = {} as never;

beforeAll(() => {
  const env = { ...process.env, SIM_BUILD: '' };
  execFileSync('npx', ['wxt', 'build'], { env, stdio: 'pipe' });
  execFileSync('npx', ['wxt', 'build', '-b', 'firefox'], { env, stdio: 'pipe' });
  manifests.chrome = JSON.parse(readFileSync('.output/chrome-mv3/manifest.json', 'utf8'));
  manifests.firefox = JSON.parse(readFileSync('.output/firefox-mv2/manifest.json', 'utf8'));
}, 120_000);

function everyHostPattern(m: Manifest): string[] {
  return [
    ...(m.permissions ?? []),
    ...(m.host_permissions ?? []),
    ...(m.optional_permissions ?? []),
    ...(m.content_scripts ?? []).flatMap((c) => c.matches),
  ];
}

describe('production manifest', () => {
  for (const browser of ['chrome', 'firefox'] as const) {
    it(`${browser}: asks for no loopback host and no <all_urls>`, () => {
      const patterns = everyHostPattern(manifests[browser]);
      expect(patterns.length).toBeGreaterThan(0);
      for (const p of patterns) {
        expect(p).not.toMatch(/localhost|127\.0\.0\.1|\[::1\]|<all_urls>|^\*:\/\/\*\//);
      }
    });

    it(`${browser}: host access is exactly the real Busy and 24SO hosts`, () => {
      const hosts = everyHostPattern(manifests[browser]).filter((p) => p.includes('://'));
      expect(new Set(hosts)).toEqual(
        new Set([
          'https://api.24sevenoffice.com/*',
          'https://webservices.24sevenoffice.com/*',
          'https://api.busy.no/*',
          'https://app.busy.no/*',
        ]),
      );
    });

    it(`${browser}: page scripts cannot reach the background (no externally_connectable)`, () => {
      expect(manifests[browser].externally_connectable).toBeUndefined();
    });

    it(`${browser}: Norwegian bokmål is the default locale`, () => {
      expect(manifests[browser].default_locale).toBe('nb');
    });
  }

  it('firefox: has a fixed add-on id', () => {
    expect(manifests.firefox.browser_specific_settings?.gecko?.id).toMatch(/^[\w.-]+@[\w.-]+$/);
  });

  it('chrome: is Manifest V3 with only the permissions the features need', () => {
    expect(manifests.chrome.manifest_version).toBe(3);
    expect(new Set(manifests.chrome.permissions)).toEqual(new Set(['storage', 'alarms', 'cookies']));
  });
});
