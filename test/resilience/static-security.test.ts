import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { settingsSchema } from '../../utils/domain/settings';

// Issue 5, security checks on the source itself: no HTML/code from strings, no secret in a log
// call or in stored settings, and no known high/critical vulnerability in what users install.

// cli/ is product code too (it takes real URLs and keeps a file store).
const PRODUCT_DIRS = ['entrypoints', 'components', 'utils', 'cli'];

function productFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return productFiles(p);
    return /\.(ts|tsx|html)$/.test(name) ? [p] : [];
  });
}

const files = PRODUCT_DIRS.flatMap(productFiles);
/** Source without comments (a comment may name what it avoids). */
const code = (p: string) =>
  readFileSync(p, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:])\/\/.*$/gm, '$1');

describe('no remote data as HTML or code', () => {
  it.each([
    ['innerHTML / outerHTML', /\.(inner|outer)HTML\b/],
    ['dangerouslySetInnerHTML', /dangerouslySetInnerHTML/],
    ['insertAdjacentHTML / document.write', /insertAdjacentHTML|document\.write/],
    ['eval', /(^|[^.\w])eval\s*\(/],
    ['new Function / string timers', /new\s+Function\s*\(|set(Timeout|Interval)\s*\(\s*['"`]/],
  ])('no product file uses %s', (_what, pattern) => {
    expect(files.length).toBeGreaterThan(30);
    expect(files.filter((f) => pattern.test(code(f)))).toEqual([]);
  });
});

describe('secrets', () => {
  it('no console call in product code can print settings, a token, a password or a cookie', () => {
    const calls = files.flatMap((f) => [...code(f).matchAll(/console\.\w+\(([^;]*)\)/g)].map((m) => ({ f, args: m[1]! })));
    const leaky = calls.filter(({ args }) => /settings|token|password|cookie|secret|authorization|session/i.test(args));
    expect(leaky).toEqual([]);
  });

  it('the stored settings have no place for the 24SO password', () => {
    const shape = JSON.stringify(Object.keys((settingsSchema as unknown as { shape: Record<string, unknown> }).shape));
    expect(shape).not.toMatch(/password/i);
    const tfso = (settingsSchema as unknown as { shape: { tfso: { shape?: Record<string, unknown> } } }).shape.tfso.shape ?? {};
    expect(Object.keys(tfso).join(',')).not.toMatch(/password/i);
  });
});

describe('dependencies', () => {
  it('npm audit --omit=dev: no high or critical vulnerability in what the extension ships', async (ctx) => {
    let out: string;
    try {
      ({ stdout: out } = await promisify(execFile)('npm', ['audit', '--omit=dev', '--json'], { timeout: 30_000 }));
    } catch (e) {
      // npm audit exits non-zero when it finds something; its JSON is still on stdout.
      out = (e as { stdout?: string }).stdout ?? '';
    }
    let report: { metadata?: { vulnerabilities?: Record<string, number> }; error?: { code?: string; summary?: string }; message?: string };
    try {
      report = JSON.parse(out);
    } catch {
      report = {};
    }
    if (!report.metadata?.vulnerabilities) {
      console.warn(
        `npm audit skipped: the registry's audit endpoint could not be used (${report.message ?? report.error?.summary ?? report.error?.code ?? 'no answer'})`,
      );
      ctx.skip();
      return;
    }
    const v = report.metadata.vulnerabilities;
    console.log(`npm audit --omit=dev: ${JSON.stringify(v)}`);
    expect({ high: v.high ?? 0, critical: v.critical ?? 0 }).toEqual({ high: 0, critical: 0 });
  }, 40_000);
});
