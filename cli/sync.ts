// `npm run sync -- --config FILE --state DIR [--decisions FILE] <plan|capabilities|full|incremental|push|customers|projects|worktypes|tasks> [--project BUSY_ID]…`
// `tasks --project ID`: members and tasks of that Busy project only (a person's "fetch tasks").
// Runs the sync engine in Node. `plan` prints what `full` would do (plan.ts) and writes nothing;
// `capabilities` reads the live WSDLs and Busy's live spec and prints what each assumption is known
// to be (issue 14; kept in DIR, and every run is given it, learning from refusals as it goes);
// --decisions FILE: the admin's answers to the plan's open decisions, JSON
// `{ "<decision key>": { "pick": "<counterpart id>" } | { "createNew": true }, … }`. FILE: the JSON line `npm run sim -- --json` prints (or the same
// shape with real URLs and credentials). DIR: the engine's state between runs (links, cursors,
// journal, runs, warnings) and the 24SO session id, reused so runs do not log in each time.
// Prints ONE JSON summary on stdout; on failure a plain error on stderr and a non-zero exit.
// Paced by the request budget (issue 15; the config's optional `budget`): a run that would wait
// longer than the budget allows stops as paused — `"paused": {"until", "system"}` in the summary,
// exit code 3 — and goes on from where it stopped when run again after `until`.
import { HOURS_USAGE, runHoursCli } from './hours';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { connect, loadConfig, UsageError } from './connect';
import { runSync, type SyncDeps } from '../utils/sync/engine';
import { isSyncTrigger, SYNC_TRIGGERS, type SyncTrigger } from '../utils/sync/triggers';
import { planSync } from '../utils/sync/plan';
import { Capabilities, checkCapabilities } from '../utils/capabilities';
import { priorityOfTrigger } from '../utils/pacer';

/** Exit code of a run paused for the request budget (run it again after `paused.until`). */
const EXIT_PAUSED = 3;

const USAGE = `usage: npm run sync -- --config FILE --state DIR [--decisions FILE] <plan|capabilities|${SYNC_TRIGGERS.join('|')}> [--project BUSY_ID]…\n       ${HOURS_USAGE.replace('usage: ', '')}`;

const DecisionsSchema = z.record(
  z.string(),
  z.union([z.object({ pick: z.string().min(1) }).strict(), z.object({ createNew: z.literal(true) }).strict()]),
);

type Command = SyncTrigger | 'plan' | 'capabilities';

function parseArgs(argv: string[]): { config: string; state: string; trigger: Command; decisions?: string; projects: string[] } {
  let config: string | undefined, state: string | undefined, trigger: Command | undefined, decisions: string | undefined;
  const projects: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const val = () => {
      const v = argv[++i];
      if (!v || v.startsWith('--')) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--config') config = val();
    else if (a === '--state') state = val();
    else if (a === '--decisions') decisions = val();
    else if (a === '--project') {
      const v = val();
      if (!/^\d+$/.test(v)) throw new UsageError(`--project takes a Busy project id, not "${v}"`);
      projects.push(v);
    } else if ((a === 'plan' || a === 'capabilities' || isSyncTrigger(a)) && !trigger) trigger = a as Command;
    else throw new UsageError(`unexpected argument "${a}"`);
  }
  if (!config || !state || !trigger) throw new UsageError('--config, --state and a trigger are required');
  if (projects.length && trigger !== 'tasks') throw new UsageError('--project goes with the tasks trigger');
  return { config, state, trigger, projects, ...(decisions ? { decisions } : {}) };
}

async function readDecisions(file: string | undefined) {
  if (!file) return undefined;
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read --decisions ${file}: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new UsageError(`--decisions ${file}: not JSON`);
  }
  const parsed = DecisionsSchema.safeParse(json);
  if (!parsed.success)
    throw new UsageError(`--decisions ${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

async function main(): Promise<number> {
  // The hour transfer pass has its own flags (--mode, --map): see cli/hours.ts.
  if (process.argv.slice(2).includes('hours')) return runHoursCli(process.argv.slice(2));
  const args = parseArgs(process.argv.slice(2));
  const cfg = await loadConfig(args.config);
  const decisions = await readDecisions(args.decisions);
  const conn = await connect(cfg, args.state);
  try {
    const deps = {
      store: conn.store,
      tfso: conn.tfso,
      busy: conn.busy,
      userOverrides: cfg.userOverrides,
      decisions,
      log: conn.log,
      capabilities: await Capabilities.load(conn.store),
      coordination: conn.coordination,
      ...(conn.pacer ? { pacer: conn.pacer.run(priorityOfTrigger(args.trigger === 'plan' ? 'customers' : args.trigger)) } : {}),
      ...(args.projects.length ? { onlyProjects: args.projects } : {}),
    } satisfies SyncDeps;
    if (args.trigger === 'capabilities') {
      const r = await checkCapabilities(
        conn.store,
        { http: conn.tfso.http, tfsoBases: conn.tfso.bases, busyApiBase: conn.busy.apiBase, now: () => new Date() },
        true,
      );
      process.stdout.write(`${JSON.stringify(r)}\n`);
      return 0;
    }
    if (args.trigger === 'plan') {
      process.stdout.write(`${JSON.stringify(await planSync(deps))}\n`);
      return 0;
    }
    const summary = await runSync(deps, args.trigger);
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    if (summary.paused) {
      process.stderr.write(
        `sync ${args.trigger} paused for the ${summary.paused.system === 'tfso' ? '24SO' : 'Busy'} request budget until ${summary.paused.until}; run it again then\n`,
      );
      return EXIT_PAUSED;
    }
    if (!summary.ok) {
      process.stderr.write(`sync ${args.trigger} stopped: ${summary.error?.message ?? 'unknown error'}\n`);
      return 1;
    }
    return 0;
  } finally {
    await conn.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(
      `${e instanceof UsageError ? `${e.message}\n${USAGE}` : `sync failed: ${e instanceof Error ? e.message : String(e)}`}\n`,
    );
    process.exit(e instanceof UsageError ? 2 : 1);
  },
);
