// `npm run sim -- [--json] [--seed empty|demo|overlap|large:N] [--tfso-port P] [--busy-port Q] [--now ISO|real]
//                 [--real-like] [--delay-ms N] [--jitter-ms N]`
// Starts both simulators and stays up until SIGTERM/SIGINT. With --json, stdout carries exactly one
// line (scripts parse it); everything else, the simulators' own output included, goes to stderr.
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { SimClock } from './clock.js';
import { makeSeed, parseSeedName } from './seeds/index.js';
import type { SeedName } from './seeds/types.js';
import { REAL_LIKE } from './real-like.js';
import type { BusySettings } from './busy/settings.js';
import type { TfsoSettings } from './tfso/settings.js';

const USAGE = `usage: npm run sim -- [--json] [--seed empty|demo|overlap|large:N] [--tfso-port P] [--busy-port Q] [--now ISO|real]
                    [--real-like] [--delay-ms N] [--jitter-ms N]
  --json        print one JSON line on stdout when ready (for scripts)
  --seed        the company to load (default: demo)
  --tfso-port   port of the 24SevenOffice simulator (default: a free one)
  --busy-port   port of the Busy simulator (default: a free one)
  --now         the simulators' clock start: an ISO instant, or "real" (default: the seed's own "now")
  --real-like   answer as the real services do where we assumed: no assumed operations, Busy users
                with "email": "", only the spec's path spelling, approval pages without our markup
  --delay-ms    wait this long (wall-clock ms) before answering each API/SOAP request (default 0)
  --jitter-ms   plus a random 0…N ms on each (default 0)
  (each switch can also be set while running: POST <control>/config, see GET <control>/config)`;

export interface CliArgs {
  json: boolean;
  seed: SeedName;
  tfsoPort: number;
  busyPort: number;
  now: string | 'real' | null;
  realLike: boolean;
  delayMs: number;
  jitterMs: number;
}

export class UsageError extends Error {}

function ms(flag: string, v: string): number {
  if (!/^\d+$/.test(v) || Number(v) > 60_000) throw new UsageError(`${flag} must be a whole number of milliseconds 0–60000, not "${v}"`);
  return Number(v);
}

function port(flag: string, v: string): number {
  if (!/^\d+$/.test(v) || Number(v) > 65535) throw new UsageError(`${flag} must be a port number 0–65535, not "${v}"`);
  return Number(v);
}

export function parseArgs(argv: string[]): CliArgs & { help: boolean } {
  const out: CliArgs & { help: boolean } = {
    json: false,
    seed: 'demo',
    tfsoPort: 0,
    busyPort: 0,
    now: null,
    realLike: false,
    delayMs: 0,
    jitterMs: 0,
    help: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || (inline === undefined && v.startsWith('--'))) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--json':
        out.json = true;
        break;
      case '--help':
      case '-h':
        out.help = true;
        break;
      case '--seed':
        try {
          out.seed = parseSeedName(value());
        } catch (e) {
          throw new UsageError((e as Error).message);
        }
        break;
      case '--tfso-port':
        out.tfsoPort = port(flag, value());
        break;
      case '--busy-port':
        out.busyPort = port(flag, value());
        break;
      case '--real-like':
        if (inline !== undefined) throw new UsageError('--real-like takes no value');
        out.realLike = true;
        break;
      case '--delay-ms':
        out.delayMs = ms(flag, value());
        break;
      case '--jitter-ms':
        out.jitterMs = ms(flag, value());
        break;
      case '--now': {
        const v = value();
        if (v !== 'real' && Number.isNaN(Date.parse(v))) throw new UsageError(`--now must be an ISO date-time or "real", not "${v}"`);
        out.now = v;
        break;
      }
      default:
        throw new UsageError(`unknown argument "${arg}"`);
    }
  }
  if (out.tfsoPort !== 0 && out.tfsoPort === out.busyPort) throw new UsageError('--tfso-port and --busy-port must differ');
  return out;
}

/** The switches each simulator starts with, for these arguments (what `main` passes to startTfsoSim/startBusySim). */
export function simSettings(args: Pick<CliArgs, 'realLike' | 'delayMs' | 'jitterMs'>): {
  tfso: Partial<TfsoSettings>;
  busy: Partial<BusySettings>;
} {
  const latency = { delayMs: args.delayMs, jitterMs: args.jitterMs };
  return {
    tfso: { ...(args.realLike ? REAL_LIKE.tfso : {}), ...latency },
    busy: { ...(args.realLike ? REAL_LIKE.busy : {}), ...latency },
  };
}

async function main(): Promise<void> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`sim: ${e.message}\n${USAGE}\n`);
    process.exit(2);
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }

  // Keep stdout for the one line: whatever else writes there (the sims, libraries) goes to stderr.
  const writeOut = process.stdout.write.bind(process.stdout);
  if (args.json) {
    process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
    console.log = console.error;
    console.info = console.error;
  }

  // Listen for signals before anything starts, so a SIGTERM during start-up also ends cleanly.
  let sims: { close(): Promise<void> }[] = [];
  let stopping: string | null = null;
  const stop = async (signal: string) => {
    if (stopping) {
      process.stderr.write(`sim: ${signal} again, exiting now\n`);
      process.exit(130);
    }
    stopping = signal;
    if (!sims.length) return; // still starting: closed once the start finishes
    process.stderr.write(`sim: ${signal}, closing\n`);
    const timer = setTimeout(() => {
      process.stderr.write('sim: close took over 5 s, giving up\n');
      process.exit(1);
    }, 5000);
    timer.unref();
    const results = await Promise.allSettled(sims.map((s) => s.close()));
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    for (const f of failed) process.stderr.write(`sim: close failed: ${String(f.reason)}\n`);
    process.exit(failed.length ? 1 : 0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  const seed = makeSeed(args.seed);
  const clock = new SimClock(args.now === 'real' ? new Date() : (args.now ?? seed.now));
  const [{ startTfsoSim }, { startBusySim }] = await Promise.all([import('./tfso/server.js'), import('./busy/server.js')]);
  const settings = simSettings(args);
  const [tfso, busy] = await Promise.all([
    startTfsoSim({ ...settings.tfso, port: args.tfsoPort, seed, clock: clock.fn }),
    startBusySim({ ...settings.busy, port: args.busyPort, seed: makeSeed(args.seed), clock: clock.fn }),
  ]);
  sims = [tfso, busy];
  if (stopping) {
    const s = stopping;
    stopping = null;
    await stop(s);
    return;
  }

  const info = {
    tfso: {
      api: tfso.api,
      webservices: tfso.webservices,
      applicationId: tfso.applicationId,
      username: tfso.username,
      password: tfso.password,
    },
    busy: { api: busy.api, web: busy.web, token: busy.token, email: busy.email, password: busy.password },
    control: { tfso: `http://127.0.0.1:${tfso.port}/_sim`, busy: `http://127.0.0.1:${busy.port}/_sim` },
    seed: args.seed,
    now: clock.now().toISOString(),
  };

  if (args.json) {
    writeOut(`${JSON.stringify(info)}\n`);
  } else {
    writeOut(
      [
        `Simulators are running (seed: ${args.seed}; clock starts at ${info.now}${args.realLike ? '; real-like' : ''}${args.delayMs || args.jitterMs ? `; delay ${args.delayMs}+0…${args.jitterMs} ms` : ''}).`,
        '',
        '24SevenOffice',
        `  api host:          ${info.tfso.api}   (login page: ${info.tfso.api}/login)`,
        `  webservices host:  ${info.tfso.webservices}`,
        `  ApplicationId:     ${info.tfso.applicationId}`,
        `  username:          ${info.tfso.username}`,
        `  password:          ${info.tfso.password}`,
        '',
        'Busy',
        `  API:               ${info.busy.api}   (Authorization: Bearer ${info.busy.token})`,
        `  web app:           ${info.busy.web}   (log in as ${info.busy.email} / ${info.busy.password})`,
        '',
        'Control (any host):',
        `  ${info.control.tfso}/state   ${info.control.busy}/state`,
        `  e.g. curl -X POST ${info.control.busy}/faults -d '{"op":"GET /projects","kind":"http500","count":1}'`,
        '',
        'Browsers resolve *.localhost to this machine; Node and curl may need --resolve or 127.0.0.1 with a Host header.',
        'Stop with Ctrl+C.',
        '',
      ].join('\n'),
    );
  }
}

const isMain = (() => {
  try {
    return !!process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
  } catch {
    return false;
  }
})();

if (isMain) {
  main().catch((e) => {
    process.stderr.write(`sim: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  });
}
