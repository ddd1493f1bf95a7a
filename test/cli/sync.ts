// `npm run sync -- --config FILE --state DIR [--decisions FILE] <plan|full|incremental|push|customers|projects|worktypes|tasks>`
// Runs the sync engine in Node. `plan` prints what `full` would do (plan.ts) and writes nothing;
// --decisions FILE: the admin's answers to the plan's open decisions, JSON
// `{ "<decision key>": { "pick": "<counterpart id>" } | { "createNew": true }, … }`. FILE: the JSON line `npm run sim -- --json` prints (or the same
// shape with real URLs and credentials). DIR: the engine's state between runs (links, cursors,
// journal, runs, warnings) and the 24SO session id, reused so runs do not log in each time.
// Prints ONE JSON summary on stdout; on failure a plain error on stderr and a non-zero exit.
import { HOURS_USAGE, runHoursCli } from './hours';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { createNodeFetch } from '../support/node-fetch';
import { createFileStore } from '../../utils/store/file-store';
import type { SyncLogEvent } from '../../utils/sync/context';
import { runSync, type SyncDeps, type SyncTrigger } from '../../utils/sync/engine';
import { planSync } from '../../utils/sync/plan';
import { ensureSession, TFSO_SESSION_COOKIE } from '../../utils/tfso/session';

const TRIGGERS = ['full', 'incremental', 'push', 'customers', 'projects', 'worktypes', 'tasks'] as const;
const USAGE = `usage: npm run sync -- --config FILE --state DIR [--decisions FILE] <plan|${TRIGGERS.join('|')}>\n       ${HOURS_USAGE.replace('usage: ', '')}`;

const DecisionsSchema = z.record(z.string(), z.union([z.object({ pick: z.string().min(1) }).strict(), z.object({ createNew: z.literal(true) }).strict()]));

const ConfigSchema = z.object({
  tfso: z.object({ api: z.url(), webservices: z.url(), applicationId: z.string().min(1), username: z.string().min(1), password: z.string().min(1) }),
  busy: z.object({ api: z.url(), token: z.string().min(1) }),
  /** Busy user id → 24SO contact id (null: none), the admin's corrections of the user mapping. */
  userOverrides: z.record(z.string(), z.number().int().nullable()).optional(),
});

class UsageError extends Error {}

function parseArgs(argv: string[]): { config: string; state: string; trigger: SyncTrigger | 'plan'; decisions?: string } {
  let config: string | undefined, state: string | undefined, trigger: SyncTrigger | 'plan' | undefined, decisions: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const val = () => { const v = argv[++i]; if (!v || v.startsWith('--')) throw new UsageError(`${a} needs a value`); return v; };
    if (a === '--config') config = val();
    else if (a === '--state') state = val();
    else if (a === '--decisions') decisions = val();
    else if ((a === 'plan' || (TRIGGERS as readonly string[]).includes(a)) && !trigger) trigger = a as SyncTrigger | 'plan';
    else throw new UsageError(`unexpected argument "${a}"`);
  }
  if (!config || !state || !trigger) throw new UsageError('--config, --state and a trigger are required');
  return { config, state, trigger, ...(decisions ? { decisions } : {}) };
}

async function readDecisions(file: string | undefined) {
  if (!file) return undefined;
  let raw: string;
  try { raw = await readFile(file, 'utf8'); } catch (e) { throw new UsageError(`cannot read --decisions ${file}: ${(e as Error).message}`); }
  let json: unknown;
  try { json = JSON.parse(raw); } catch { throw new UsageError(`--decisions ${file}: not JSON`); }
  const parsed = DecisionsSchema.safeParse(json);
  if (!parsed.success) throw new UsageError(`--decisions ${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

async function main(): Promise<number> {
  // The hour transfer pass has its own flags (--mode, --map): see test/cli/hours.ts.
  if (process.argv.slice(2).includes('hours')) return runHoursCli(process.argv.slice(2));
  const args = parseArgs(process.argv.slice(2));
  let raw: string;
  try { raw = await readFile(args.config, 'utf8'); } catch (e) { throw new UsageError(`cannot read --config ${args.config}: ${(e as Error).message}`); }
  const parsed = ConfigSchema.safeParse(JSON.parse(raw.trim().split('\n').find((l) => l.trim().startsWith('{')) ?? raw));
  if (!parsed.success) throw new UsageError(`--config ${args.config}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const cfg = parsed.data;
  const decisions = await readDecisions(args.decisions);
  await mkdir(args.state, { recursive: true });

  const fetch = createNodeFetch();
  const http = (u: string, i: RequestInit) => fetch(u, i);
  const bases = { api: cfg.tfso.api, webservices: cfg.tfso.webservices };
  const sessionFile = join(args.state, 'tfso-session.json');
  try {
    const saved = JSON.parse(await readFile(sessionFile, 'utf8')) as { sessionId?: string };
    if (saved.sessionId) for (const b of [bases.api, bases.webservices]) fetch.jar.set(`${b}/`, TFSO_SESSION_COOKIE, saved.sessionId);
  } catch { /* no saved session */ }
  const store = await createFileStore(join(args.state, 'store'));
  try {
    await ensureSession(
      { http, bases, timeoutMs: 30_000, cookies: { set: async (u, n, v) => fetch.jar.set(u, n, v), get: async (u, n) => fetch.jar.get(u, n) ?? null } },
      { credentials: { applicationId: cfg.tfso.applicationId, username: cfg.tfso.username, password: cfg.tfso.password } },
    );
    const sid = fetch.jar.get(`${bases.api}/`, TFSO_SESSION_COOKIE);
    if (sid) await writeFile(sessionFile, JSON.stringify({ sessionId: sid }), { mode: 0o600 });
    const deps = {
      store,
      tfso: { http, bases, timeoutMs: 30_000 },
      busy: {
        http, apiBase: cfg.busy.api, auth: { kind: 'token', token: cfg.busy.token },
        sleep: (ms) => new Promise((r) => setTimeout(r, ms)), now: () => new Date(), timeoutMs: 30_000,
      },
      userOverrides: cfg.userOverrides,
      decisions,
      log: (e: SyncLogEvent) => { if (process.env.SYNC_LOG) process.stderr.write(`${e.level} ${e.msg} ${e.data ? JSON.stringify(e.data) : ''}\n`); },
    } satisfies SyncDeps;
    if (args.trigger === 'plan') {
      process.stdout.write(`${JSON.stringify(await planSync(deps))}\n`);
      return 0;
    }
    const summary = await runSync(deps, args.trigger);
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    if (!summary.ok) {
      process.stderr.write(`sync ${args.trigger} stopped: ${summary.error?.message ?? 'unknown error'}\n`);
      return 1;
    }
    return 0;
  } finally {
    store.close();
    await fetch.close();
  }
}

main().then((code) => process.exit(code), (e: unknown) => {
  process.stderr.write(`${e instanceof UsageError ? `${e.message}\n${USAGE}` : `sync failed: ${e instanceof Error ? e.message : String(e)}`}\n`);
  process.exit(e instanceof UsageError ? 2 : 1);
});
