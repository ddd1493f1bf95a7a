// `npm run sync -- plan` and `--decisions FILE` (cli/sync.ts) against the `overlap` company.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OVERLAP_EXPECTED, overlapSeed } from '../sim/seeds/overlap';
import { PlanSchema } from '../../utils/sync/plan';
import type { RunSummary } from '../../utils/sync/engine';
import { startWorld, type World } from '../sync/harness';
import { done, figures, writeOps } from '../sync/plan-figures';

let w: World | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

describe('npm run sync -- plan / --decisions', () => {
  it('plan prints the plan as one JSON line; full --decisions FILE applies the answers and does what the plan said', async () => {
    w = await startWorld(overlapSeed());
    const dir = await mkdtemp(join(tmpdir(), 'sync-plan-'));
    try {
      const cfg = join(dir, 'sim.json');
      await writeFile(
        cfg,
        JSON.stringify({
          tfso: {
            api: w.tfso.api,
            webservices: w.tfso.webservices,
            applicationId: w.tfso.applicationId,
            username: w.tfso.username,
            password: w.tfso.password,
          },
          busy: { api: w.busy.api, token: w.busy.token },
        }),
      );
      const dec = join(dir, 'decisions.json');
      await writeFile(dec, JSON.stringify(OVERLAP_EXPECTED.decisions));
      const state = join(dir, 'state');
      const a = await run(['--config', cfg, '--state', state, '--decisions', dec, 'plan']);
      expect(a.stderr).toBe('');
      expect(a.code).toBe(0);
      expect(a.stdout.trim().split('\n')).toHaveLength(1);
      const plan = PlanSchema.parse(JSON.parse(a.stdout));
      expect(plan.openDecisions).toBe(0);
      expect(writeOps(w)).toEqual([]);
      const b = await run(['--config', cfg, '--state', state, '--decisions', dec, 'full']);
      expect(b.code).toBe(0);
      const s = JSON.parse(b.stdout) as RunSummary;
      expect(done(s)).toEqual(figures(plan));
      const bad = await run(['--config', cfg, '--state', state, '--decisions', cfg, 'full']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/--decisions/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 30_000);
});

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'cli/sync.ts', ...args],
      { cwd: process.cwd(), timeout: 30_000 },
      (err, stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
      },
    );
  });
}
