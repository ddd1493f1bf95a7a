// What both command-line passes (master data in sync.ts, hours in hours.ts) need before they run:
// the config line `npm run sim -- --json` prints (validated), a file store in the state folder,
// and a 24SO session on both hosts, reused between runs (24SO throttles repeated logins).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { createNodeFetch, type NodeFetch } from './node-fetch';
import { createFileStore } from './file-store';
import { Coordination } from '../utils/coordination/coordination';
import { installationOf } from '../utils/coordination/installation';

/** How the command line names itself to the other installations. */
const COMMAND_LINE = 'Command line';
import type { SyncStore } from '../utils/store/types';
import type { BusyClientOptions } from '../utils/busy/client';
import type { TfsoContext } from '../utils/tfso/soap';
import type { TfsoIdentity } from '../utils/tfso/auth';
import { ensureSession, TFSO_SESSION_COOKIE } from '../utils/tfso/session';
import { Pacer, DEFAULT_PACER_CONFIG, type PacerConfig } from '../utils/pacer';

export class UsageError extends Error {}

export const ConfigSchema = z.object({
  tfso: z.object({
    api: z.url(),
    webservices: z.url(),
    applicationId: z.string().min(1),
    username: z.string().min(1),
    password: z.string().min(1),
  }),
  busy: z.object({ api: z.url(), token: z.string().min(1) }),
  /** Busy user id → 24SO contact id (null: none), the admin's corrections of the user mapping. */
  userOverrides: z.record(z.string(), z.number().int().nullable()).optional(),
  /**
   * The request budget (issue 15, utils/pacer), each field optional (defaults: 7,200 an hour,
   * share 3,600, waits up to 20 s). The command line paces as the extension does; a run that
   * would wait longer stops as paused (exit 3) and goes on when run again after the pause.
   * `false`: unpaced (scripts against a simulator without limits).
   */
  budget: z
    .union([
      z.literal(false),
      z
        .object({
          tfsoLimitPerHour: z.number().int().min(1).max(1_000_000).optional(),
          tfsoSharePerHour: z.number().int().min(1).max(1_000_000).optional(),
          maxWaitSeconds: z.number().int().min(1).max(3600).optional(),
        })
        .strict()
        .refine(
          (b) =>
            (b.tfsoSharePerHour ?? DEFAULT_PACER_CONFIG.tfsoSharePerHour) <= (b.tfsoLimitPerHour ?? DEFAULT_PACER_CONFIG.tfsoLimitPerHour),
          { message: 'the share cannot be more than the limit', path: ['tfsoSharePerHour'] },
        ),
    ])
    .optional(),
});
export type CliConfig = z.infer<typeof ConfigSchema>;

const SavedSessionSchema = z.object({ sessionId: z.string().min(1) });

/** Reads FILE: the JSON line (the first line that starts with `{`), with a plain error if it does not fit. */
export async function loadConfig(file: string): Promise<CliConfig> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read --config ${file}: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(
      raw
        .trim()
        .split('\n')
        .find((l) => l.trim().startsWith('{')) ?? raw,
    );
  } catch {
    throw new UsageError(`--config ${file}: not JSON`);
  }
  const parsed = ConfigSchema.safeParse(json);
  if (!parsed.success)
    throw new UsageError(`--config ${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

export interface CliConnection {
  store: SyncStore;
  tfso: TfsoContext;
  busy: BusyClientOptions;
  identity: TfsoIdentity;
  log: (e: { level: string; msg: string; data?: Record<string, unknown> }) => void;
  /** This state folder's installation among the company's (utils/coordination). */
  coordination: Coordination;
  /** The state folder's request budget (what it spent is kept in its store); null: unpaced. */
  pacer: Pacer | null;
  close(): Promise<void>;
}

/** The pacer's settings from the config's optional `budget` (null: `budget: false`). */
export function pacerConfigOf(cfg: CliConfig): PacerConfig | null {
  if (cfg.budget === false) return null;
  const b = cfg.budget ?? {};
  return {
    tfsoLimitPerHour: b.tfsoLimitPerHour ?? DEFAULT_PACER_CONFIG.tfsoLimitPerHour,
    tfsoSharePerHour: b.tfsoSharePerHour ?? DEFAULT_PACER_CONFIG.tfsoSharePerHour,
    maxWaitMs: (b.maxWaitSeconds ?? DEFAULT_PACER_CONFIG.maxWaitMs / 1000) * 1000,
  };
}

/** Opens the state folder's store and a 24SO session (the saved one if still alive, else a login). */
export async function connect(cfg: CliConfig, stateDir: string): Promise<CliConnection> {
  await mkdir(stateDir, { recursive: true });
  const fetch: NodeFetch = createNodeFetch();
  const http = (u: string, i: RequestInit) => fetch(u, i);
  const bases = { api: cfg.tfso.api, webservices: cfg.tfso.webservices };
  const sessionFile = join(stateDir, 'tfso-session.json');
  try {
    const saved = SavedSessionSchema.safeParse(JSON.parse(await readFile(sessionFile, 'utf8')));
    if (saved.success) for (const b of [bases.api, bases.webservices]) fetch.jar.set(`${b}/`, TFSO_SESSION_COOKIE, saved.data.sessionId);
  } catch {
    /* no saved session, or an unreadable one: log in */
  }
  const store = await createFileStore(join(stateDir, 'store'));
  const close = async () => {
    store.close();
    await fetch.close();
  };
  try {
    const { identity } = await ensureSession(
      {
        http,
        bases,
        timeoutMs: 30_000,
        cookies: { set: async (u, n, v) => fetch.jar.set(u, n, v), get: async (u, n) => fetch.jar.get(u, n) ?? null },
      },
      { credentials: { applicationId: cfg.tfso.applicationId, username: cfg.tfso.username, password: cfg.tfso.password } },
    );
    const sid = fetch.jar.get(`${bases.api}/`, TFSO_SESSION_COOKIE);
    if (sid) await writeFile(sessionFile, JSON.stringify({ sessionId: sid }), { mode: 0o600 });
    // Each state folder is an installation of its own: it coordinates with the company's others.
    const installation = await installationOf(store, new Date());
    const coordination = new Coordination({
      me: { installation: installation.id, session: `cli-${process.pid}`, label: `${COMMAND_LINE} · ${identity.user.name}` },
      store,
    });
    const budget = pacerConfigOf(cfg);
    const pacer = budget
      ? new Pacer({ store: async () => store, now: () => new Date(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)), config: budget })
      : null;
    return {
      coordination,
      pacer,
      store,
      identity,
      tfso: { http, bases, timeoutMs: 30_000 },
      busy: {
        http,
        apiBase: cfg.busy.api,
        auth: { kind: 'token', token: cfg.busy.token },
        sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
        now: () => new Date(),
        timeoutMs: 30_000,
      },
      log: (e) => {
        if (process.env.SYNC_LOG) process.stderr.write(`${e.level} ${e.msg} ${e.data ? JSON.stringify(e.data) : ''}\n`);
      },
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}
