import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createNodeFetch } from '../../cli/node-fetch.js';
import { parseArgs, simSettings, UsageError } from './cli.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// The shape scripts depend on (extra keys are allowed).
const Line = z.object({
  tfso: z.object({
    api: z.url(),
    webservices: z.url(),
    applicationId: z.string().regex(GUID),
    username: z.string().min(1),
    password: z.string().min(1),
  }),
  busy: z.object({
    api: z.url().regex(/\/v2$/),
    web: z.url(),
    token: z.string().min(1),
    email: z.string().min(1),
    password: z.string().min(1),
  }),
  control: z.object({ tfso: z.url(), busy: z.url() }),
});

const spawned: ChildProcess[] = [];
afterAll(() => {
  for (const c of spawned) {
    try {
      process.kill(-c.pid!, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
});

type Run = { child: ChildProcess; out: () => string; err: () => string; exit: Promise<number | null> };

// tsx itself, not `npx tsx`: npx runs it under `sh -c`, and dash neither execs nor forwards SIGTERM,
// so the signal would kill the shell and orphan the simulators (see the `npm run sim` test below).
function run(args: string[]): Run {
  return spawnRun(join(ROOT, 'node_modules/.bin/tsx'), ['test/sim/cli.ts', ...args]);
}

function spawnRun(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Run {
  // Own process group, so cleanup can reach whatever the command leaves behind.
  const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  spawned.push(child);
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    out += d;
  });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    err += d;
  });
  const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, out: () => out, err: () => err, exit };
}

async function until(cond: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('npm run sim -- --json', () => {
  let sim: ReturnType<typeof run>;
  let line: z.infer<typeof Line>;
  let firstOut: string;
  const fetch = createNodeFetch();

  beforeAll(async () => {
    sim = run(['--json', '--seed', 'empty']);
    await until(() => sim.out().includes('\n') || sim.child.exitCode !== null, 20_000, `the JSON line (stderr: ${sim.err()})`);
    // Give any stray output a moment to show up before we judge "exactly one line".
    await new Promise((r) => setTimeout(r, 200));
    firstOut = sim.out();
    line = Line.parse(JSON.parse(firstOut.split('\n')[0]));
  }, 30_000);

  afterAll(async () => {
    await fetch.close();
    if (sim.child.exitCode === null) sim.child.kill('SIGKILL');
  });

  it('prints exactly one line of JSON in the documented shape', () => {
    expect(firstOut.endsWith('\n')).toBe(true);
    expect(firstOut.trimEnd().split('\n')).toHaveLength(1);
    expect(() => Line.parse(JSON.parse(firstOut))).not.toThrow();
  });

  it('the two 24SO hosts have distinct host names on one port; Busy api ends in /v2', () => {
    const api = new URL(line.tfso.api);
    const ws = new URL(line.tfso.webservices);
    expect(api.hostname).not.toBe(ws.hostname);
    expect(api.port).toBe(ws.port);
    expect(line.busy.api).toMatch(/\/v2$/);
    expect(line.tfso.applicationId).toMatch(GUID);
  });

  it('the 24SO login page answers on the api host', async () => {
    const res = await fetch(`${line.tfso.api}/login`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    await res.arrayBuffer();
  });

  it('the Busy API answers /v2/users with the printed token (the empty seed has its one admin)', async () => {
    const res = await fetch(`${line.busy.api}/users`, { headers: { authorization: `Bearer ${line.busy.token}` } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: { email: string }[] };
    expect(body.data.map((u) => u.email)).toEqual([line.busy.email]);
  });

  it('the control URLs answer on 127.0.0.1', async () => {
    for (const base of [line.control.tfso, line.control.busy]) {
      expect(new URL(base).hostname).toBe('127.0.0.1');
      const res = await fetch(`${base}/counts`);
      expect(res.status).toBe(200);
      expect(typeof (await res.json())).toBe('object');
    }
  });

  it('SIGTERM closes both simulators and exits 0 without printing more on stdout', async () => {
    sim.child.kill('SIGTERM');
    expect(await sim.exit).toBe(0);
    expect(sim.out()).toBe(firstOut);
    const err = await fetch(`${line.control.busy}/counts`).then(
      () => null,
      (e: Error) => e,
    );
    expect(err).toBeInstanceOf(Error);
  }, 15_000);
});

/** Starts a CLI run, waits for its first stdout line, sends SIGTERM, and returns what happened. */
async function startAndStop(r: Run): Promise<{ out: string; code: number | null; orphanAnswered: boolean }> {
  await until(() => /\{.*\}\n|Stop with/.test(r.out()) || r.child.exitCode !== null, 20_000, `the sim to be ready (stderr: ${r.err()})`);
  const out = r.out();
  const control =
    /"busy":"(http:\/\/127\.0\.0\.1:\d+\/_sim)"/.exec(out)?.[1] ?? /(http:\/\/127\.0\.0\.1:\d+\/_sim)\/state\s*$/m.exec(out)?.[1];
  r.child.kill('SIGTERM');
  const code = await r.exit;
  await new Promise((res) => setTimeout(res, 300));
  // If the simulators outlived the command, they still answer: an orphan.
  const f = createNodeFetch();
  const orphanAnswered = control
    ? await f(`${control}/counts`).then(
        (x) => x.ok,
        () => false,
      )
    : false;
  await f.close();
  return { out: r.out(), code, orphanAnswered };
}

describe('npm run sim', { concurrent: true }, () => {
  it('without --json prints the URLs and logins for a person, and SIGTERM still exits 0', async () => {
    const { out, code, orphanAnswered } = await startAndStop(run(['--seed', 'empty']));
    expect(out).toMatch(/http:\/\/api\.24so\.localhost:\d+/);
    expect(out).toMatch(/http:\/\/webservices\.24so\.localhost:\d+/);
    expect(out).toMatch(/http:\/\/api\.busy\.localhost:\d+\/v2/);
    expect(out).toContain('kari.nordmann@fjordlys.no');
    expect(() => JSON.parse(out)).toThrow();
    expect(code).toBe(0);
    expect(orphanAnswered).toBe(false);
  }, 25_000);

  // The command exactly as scripts run it: npm must neither print its "> script" banner on stdout
  // nor leave the simulators running when it is sent SIGTERM.
  it('"npm run sim -- --json" prints only the JSON line and SIGTERM stops the simulators (exit 0)', async () => {
    const { out, code, orphanAnswered } = await startAndStop(spawnRun('npm', ['run', 'sim', '--', '--json', '--seed', 'empty']));
    expect(
      out
        .split('\n')
        .filter(Boolean)
        .map((l) => l.slice(0, 40)),
    ).toEqual([expect.stringMatching(/^\{"tfso":/)]);
    expect(orphanAnswered).toBe(false);
    expect(code).toBe(0);
  }, 25_000);

  it('a bad seed exits 2 with a clear message on stderr and nothing on stdout', async () => {
    const r = run(['--json', '--seed', 'huge']);
    expect(await r.exit).toBe(2);
    expect(r.err()).toMatch(/unknown seed "huge"/);
    expect(r.out()).toBe('');
  }, 20_000);
});

describe('npm run sim -- --json --real-like (issue 14)', () => {
  let sim: ReturnType<typeof run>;
  let line: z.infer<typeof Line>;
  let firstOut: string;
  const fetch = createNodeFetch();

  beforeAll(async () => {
    sim = run(['--json', '--seed', 'demo', '--real-like', '--delay-ms', '5', '--jitter-ms=3']);
    await until(() => sim.out().includes('\n') || sim.child.exitCode !== null, 20_000, `the JSON line (stderr: ${sim.err()})`);
    await new Promise((r) => setTimeout(r, 200));
    firstOut = sim.out();
    line = Line.parse(JSON.parse(firstOut.split('\n')[0]));
  }, 30_000);

  afterAll(async () => {
    await fetch.close();
    if (sim.child.exitCode === null) sim.child.kill('SIGKILL');
  });

  it('prints the same one JSON line (same keys) as without it', () => {
    expect(firstOut.trimEnd().split('\n')).toHaveLength(1);
    expect(Object.keys(JSON.parse(firstOut))).toEqual(['tfso', 'busy', 'control', 'seed', 'now']);
  });

  it('both simulators are real-like: GET /_sim/config says so, and they answer so', async () => {
    const tfso = (await (await fetch(`${line.control.tfso}/config`)).json()) as Record<string, unknown>;
    const busy = (await (await fetch(`${line.control.busy}/config`)).json()) as Record<string, unknown>;
    expect(tfso).toMatchObject({ assumedOps: false, hourInternalNote: false, limitHeaders: true, delayMs: 5, jitterMs: 3 });
    expect(busy).toMatchObject({
      assumedOps: false,
      emptyEmails: true,
      strictPaths: true,
      plainMarkup: true,
      tokenScopes: null,
      delayMs: 5,
      jitterMs: 3,
    });
    const auth = { authorization: `Bearer ${line.busy.token}` };
    expect((await fetch(`${line.busy.api}/users`, { headers: auth })).status).toBe(404); // strictPaths: the spec says /v2/users/
    const users = (await (await fetch(`${line.busy.api}/users/?limit=100`, { headers: auth })).json()) as { data: { email: string }[] };
    expect(users.data.filter((u) => u.email === '')).toHaveLength(2);
    const spec = (await (await fetch(`${line.busy.api}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(spec.paths['/v2/tasks/{taskId}/users']!)).toEqual(['get']);
    const wsdl = await (await fetch(`${line.tfso.webservices}/timesheet/v001/timeservice.asmx?WSDL`)).text();
    expect(wsdl).toContain('name="GetHours"');
    expect(wsdl).not.toContain('SaveWorkType');
  });
});

describe('sim CLI arguments', () => {
  it('parseArgs: defaults are the demo seed and free ports', () => {
    expect(parseArgs([])).toMatchObject({ json: false, seed: 'demo', tfsoPort: 0, busyPort: 0 });
    expect(parseArgs(['--json', '--seed=large:5', '--tfso-port', '7001', '--busy-port=7002'])).toMatchObject({
      json: true,
      seed: 'large:5',
      tfsoPort: 7001,
      busyPort: 7002,
    });
  });

  it('parseArgs: --real-like, --delay-ms and --jitter-ms (issues 14, 15); off and 0 by default', () => {
    expect(parseArgs([])).toMatchObject({ realLike: false, delayMs: 0, jitterMs: 0 });
    expect(parseArgs(['--real-like', '--delay-ms', '80', '--jitter-ms=40'])).toMatchObject({ realLike: true, delayMs: 80, jitterMs: 40 });
    expect(simSettings({ realLike: true, delayMs: 80, jitterMs: 40 })).toEqual({
      tfso: { assumedOps: false, delayMs: 80, jitterMs: 40 },
      busy: { assumedOps: false, emptyEmails: true, strictPaths: true, plainMarkup: true, delayMs: 80, jitterMs: 40 },
    });
    expect(simSettings({ realLike: false, delayMs: 0, jitterMs: 0 })).toEqual({
      tfso: { delayMs: 0, jitterMs: 0 },
      busy: { delayMs: 0, jitterMs: 0 },
    });
  });

  it('parseArgs refuses unknown flags, missing values, bad ports and equal ports', () => {
    for (const bad of [
      ['--bogus'],
      ['--seed'],
      ['--seed', '--json'],
      ['--tfso-port', 'x'],
      ['--busy-port', '70000'],
      ['--tfso-port', '7001', '--busy-port', '7001'],
      ['--now', 'soon'],
      ['extra'],
      ['--delay-ms'],
      ['--delay-ms', '-1'],
      ['--jitter-ms', '1.5'],
      ['--delay-ms', '60001'],
      ['--real-like=yes'],
    ]) {
      expect(() => parseArgs(bad), bad.join(' ')).toThrow(UsageError);
    }
  });
});
