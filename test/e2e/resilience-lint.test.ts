import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';

// Issue 5, security: Mozilla's linter on the Firefox builds (the sim build that e2e runs on, and
// the production build when one is there), and what the shipped manifests must not contain.

interface LintMessage {
  code: string;
  message: string;
  file?: string;
}
interface LintReport {
  count: number;
  summary: { errors: number; warnings: number; notices: number };
  errors: LintMessage[];
  warnings: LintMessage[];
}

async function lint(dir: string): Promise<LintReport> {
  const run = promisify(execFile);
  let stdout: string;
  try {
    ({ stdout } = await run('npx', ['web-ext', 'lint', '--source-dir', dir, '--output', 'json', '--no-input'], {
      timeout: 50_000,
      maxBuffer: 16 << 20,
    }));
  } catch (e) {
    stdout = (e as { stdout?: string }).stdout ?? ''; // exit 1 when it finds errors; the JSON says which
  }
  return JSON.parse(stdout) as LintReport;
}

const BUILDS = ['.output-sim/firefox-mv2', '.output/firefox-mv2'].filter((d) => existsSync(`${d}/manifest.json`));

describe('web-ext lint', () => {
  it('the sim build exists (npm run build:sim ran)', () => {
    expect(BUILDS).toContain('.output-sim/firefox-mv2');
  });
  it.each(BUILDS)(
    '%s: no errors',
    async (dir) => {
      const report = await lint(dir);
      const warnings = report.warnings.map((w) => `${w.code} ${w.file ?? ''}`);
      console.log(`web-ext lint ${dir}: ${report.summary.errors} errors, ${report.summary.warnings} warnings: ${warnings.join('; ')}`);
      expect(report.errors.map((e) => `${e.code} ${e.file ?? ''}: ${e.message}`)).toEqual([]);
      // The only innerHTML in the bundle is Preact's own dangerouslySetInnerHTML path, which no
      // component uses (test/resilience/static-security.test.ts): anything else is new.
      expect(
        report.warnings.filter((w) => w.code === 'UNSAFE_VAR_ASSIGNMENT' && !/^(chunks\/|content-scripts\/)/.test(w.file ?? '')),
      ).toEqual([]);
    },
    60_000,
  );
});

describe('shipped manifests', () => {
  it.each(['.output-sim/chrome-mv3', '.output-sim/firefox-mv2'].filter((d) => existsSync(`${d}/manifest.json`)))(
    '%s: no externally_connectable, no web-accessible resources, no loosened CSP, only storage/alarms/cookies',
    (dir) => {
      const m = JSON.parse(readFileSync(`${dir}/manifest.json`, 'utf8')) as Record<string, unknown>;
      expect(m.externally_connectable).toBeUndefined();
      expect(m.web_accessible_resources).toBeUndefined();
      expect(JSON.stringify(m.content_security_policy ?? '')).not.toMatch(/unsafe-eval|unsafe-inline|https?:/);
      const perms = (m.permissions as string[]).filter((p) => !p.includes('://'));
      expect(perms.sort()).toEqual(['alarms', 'cookies', 'storage']);
    },
  );
});
