// `npm run sync` (cli/sync.ts) as a script would use it: one JSON summary on stdout, state
// kept in --state between runs, a plain error and a non-zero exit on failure.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBusySim, type BusySim } from '../sim/busy/server';
import { makeSeed } from '../sim/seeds/company';
import { startTfsoSim, type TfsoSim } from '../sim/tfso/server';
import { createBusyClient } from '../../utils/busy/client';
import { createTag } from '../../utils/busy/tags';
import { createNodeFetch } from '../../cli/node-fetch';

let tfso: TfsoSim, busy: BusySim, dir: string;

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'cli/sync.ts', ...args],
      { cwd: process.cwd(), timeout: 60_000 },
      (err, stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
      },
    );
  });
}

async function config(name: string, password = tfso.password, extra: Record<string, unknown> = {}): Promise<string> {
  const file = join(dir, name);
  await writeFile(
    file,
    JSON.stringify({
      tfso: { api: tfso.api, webservices: tfso.webservices, applicationId: tfso.applicationId, username: tfso.username, password },
      busy: { api: busy.api, web: busy.web, token: busy.token, email: busy.email, password: busy.password },
      ...extra,
    }),
  );
  return file;
}

beforeAll(async () => {
  const seed = makeSeed('demo');
  [tfso, busy] = await Promise.all([startTfsoSim({ seed }), startBusySim({ seed })]);
  dir = await mkdtemp(join(tmpdir(), 'sync-cli-'));
});
afterAll(async () => {
  await Promise.all([tfso?.close(), busy?.close()]);
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('npm run sync', () => {
  it('full, then incremental from the kept state: one JSON summary each; the second writes nothing and logs in no more', async () => {
    const cfg = await config('sim.json');
    const state = join(dir, 'state');
    const a = await run(['--config', cfg, '--state', state, 'full']);
    expect(a.stderr).toBe('');
    expect(a.code).toBe(0);
    const s1 = JSON.parse(a.stdout);
    expect(a.stdout.trim().split('\n')).toHaveLength(1);
    expect(s1).toMatchObject({ trigger: 'full', ok: true });
    expect(s1.counts.project.busy.created).toBeGreaterThan(0);
    const logins = tfso.counts().Login;
    const b = await run(['--config', cfg, '--state', state, 'incremental']);
    expect(b.code).toBe(0);
    const s2 = JSON.parse(b.stdout);
    expect(s2.ok).toBe(true);
    // Nothing written; 24SO read per entity type, the company's participant changes, the tasks
    // of the rotation and the users (issue 15, scope.ts).
    const writes = Object.values(s2.counts as Record<string, Record<string, { created: number; updated: number; archived: number }>>)
      .flatMap((sides) => Object.values(sides))
      .reduce((n, c) => n + c.created + c.updated + c.archived, 0);
    expect(writes).toBe(0);
    const projects = tfso.state.clients[tfso.state.identities.find((i) => i.isDefault)!.clientId]!.projects.length;
    expect(s2.requests.tfso).toBeLessThanOrEqual(6 + projects); // a company this small: every project's tasks each hour
    expect(tfso.counts().Login, 'the saved 24SO session is reused').toBe(logins);
  }, 60_000);

  it('usage mistakes exit 2 with the usage; a failed login exits 1 with a plain error and no stdout', async () => {
    const u = await run(['--config', join(dir, 'nope.json'), '--state', dir, 'everything']);
    expect(u.code).toBe(2);
    expect(u.stderr).toMatch(/usage: npm run sync/);
    const bad = await run(['--config', await config('bad.json', 'wrong'), '--state', join(dir, 'state2'), 'full']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/^sync failed: .*login failed/);
    const badBudget = await run([
      '--config',
      await config('budget.json', tfso.password, { budget: { tfsoLimitPerHour: 10, tfsoSharePerHour: 20 } }),
      '--state',
      join(dir, 'state3'),
      'full',
    ]);
    expect(badBudget.code).toBe(2);
    expect(badBudget.stderr).toMatch(/budget\.tfsoSharePerHour: the share cannot be more than the limit/);
  }, 60_000);

  it('issue 15: paced by the config\'s budget: past its share a run stops as paused (exit 3, "paused" in the summary), and the state folder remembers what it spent', async () => {
    // Share 5 of 7,200: the server's APILimitRemaining soon says the share is spent for this hour.
    const cfg = await config('tiny-share.json', tfso.password, { budget: { tfsoSharePerHour: 5 } });
    const state = join(dir, 'state-paced');
    const a = await run(['--config', cfg, '--state', state, 'full']);
    expect(a.code, a.stderr).toBe(3);
    const s1 = JSON.parse(a.stdout);
    expect(s1).toMatchObject({ trigger: 'full', ok: false, paused: { system: 'tfso' }, error: { code: 'budget_paused' } });
    // Until the server's reset (the end of its clock hour), in this machine's time: the sim's
    // clock is its seed's, so the reset is turned into ours through the Date header.
    const simNow = Date.parse(((await (await fetch(`http://127.0.0.1:${tfso.port}/_sim/clock`)).json()) as { now: string }).now);
    const resetIn = (Math.floor(simNow / 3_600_000) + 1) * 3_600_000 - simNow;
    const until = Date.parse(s1.paused.until) - Date.parse(s1.finishedAt);
    expect(until).toBeGreaterThan(resetIn - 15_000);
    expect(until).toBeLessThan(resetIn + 2_000);
    expect(s1.requests.tfso).toBeLessThanOrEqual(5);
    expect(a.stderr).toMatch(/paused for the 24SO request budget until/);
    const b = await run(['--config', cfg, '--state', state, 'customers']);
    expect(b.code).toBe(3);
    expect(JSON.parse(b.stdout).requests.tfso, 'nothing sent: the folder remembers the window is spent').toBe(0);
  }, 60_000);
});

// Last: it leaves the shared simulators synced.
describe('npm run sync capabilities', () => {
  it('issue 14: "capabilities" reads the live WSDLs and Busy\'s live spec and prints the record, kept in --state; a real-like 24SO then costs one feature, not the run', async () => {
    const cfg = await config('sim-caps.json');
    const state = join(dir, 'state-caps');
    tfso.configure({ assumedOps: false });
    try {
      const c = await run(['--config', cfg, '--state', state, 'capabilities']);
      expect([c.code, c.stderr]).toEqual([0, '']);
      const r = JSON.parse(c.stdout);
      expect(r.entries['tfso.saveWorkType']).toMatchObject({ state: 'absent', source: 'spec' });
      expect(r.entries['busy.liveSpec'].state).toBe('confirmed');
      // a work type made in Busy, which this 24SO cannot take
      const nf = createNodeFetch();
      const client = createBusyClient({
        http: (u, i) => nf(u, i),
        apiBase: busy.api,
        auth: { kind: 'token', token: busy.token },
        sleep: async () => undefined,
        now: () => new Date(),
      });
      await createTag(client, { name: 'Befaring på stedet', externalId: null, defaultHourlyRate: null });
      await nf.close();
      const full = await run(['--config', cfg, '--state', state, 'full']);
      expect(full.code, full.stderr).toBe(0);
      const warn = JSON.parse(full.stdout).warnings.find((w: { key: string }) => w.key === 'manual:workType:create');
      expect(warn.substitutions[0]).toContain('«Befaring på stedet»');
    } finally {
      tfso.configure({ assumedOps: true });
    }
  }, 60_000);
});
