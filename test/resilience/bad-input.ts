// Every bad answer the simulators can give, on every operation a full master-data sync and an
// hour transfer use: each run must stop with a clear error (or survive a slow answer), leave both
// systems consistent, and the runs after it must reach the clean run's end state with nothing lost.
// Shared by the test (a CI-sized sample) and test/resilience/report.ts (the whole matrix).
import { startWorld, tfsoData, type World } from '../sync/harness';
import { interruptSeed, snapshot } from '../sync/interrupt';
import { startHoursWorld, type HoursWorld } from '../hours/harness';
import type { FaultKind } from '../sim/faults';
import type { RunSummary } from '../../utils/sync/engine';
import type { TransferSummary } from '../../utils/hours';
import { markerOf } from '../../utils/hours/marker';
import type { HttpFetch } from '../../utils/core/http';

export const BAD_KINDS = [
  'http500',
  'soapFault',
  'timeout',
  'slow',
  'truncated',
  'malformed',
  'htmlLogin',
  'unauthorized',
  'rateLimit',
] as const satisfies readonly FaultKind[];
export type BadKind = (typeof BAD_KINDS)[number];
export type System = 'busy' | 'tfso';
export interface Case {
  system: System;
  op: string;
  kind: BadKind;
}

export interface Outcome extends Case {
  /** The run stopped with an error (false for a survived slow answer). */
  stopped: boolean;
  code: string | null;
  /** The error's message or substitutions name the operation (or, for a lost connection, the system). */
  named: 'operation' | 'system' | 'none';
  problems: string[];
}

export interface CampaignStats {
  tried: number;
  survived: number;
  unreached: number;
  recordsLost: number;
  namedOperation: number;
  namedSystemOnly: number;
  problems: string[];
  outcomes: Outcome[];
}

/** Short enough for timeout faults to cost little, long enough for a loaded CI machine. */
const TIMEOUT_MS = 1000;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** What a run needs from a world to be faulted: its sims and the deps to shorten timeouts on. */
function shorten(deps: { tfso: { timeoutMs?: number }; busy: { timeoutMs?: number; sleep: (ms: number) => Promise<void> } }) {
  deps.tfso.timeoutMs = TIMEOUT_MS;
  deps.busy.timeoutMs = TIMEOUT_MS;
  deps.busy.sleep = sleep; // a Retry-After is waited out for real (a no-op sleep spins on the real clock)
}

function fault(kind: BadKind, system: System) {
  // Rate limits with a short window so the client waits it out (Busy) or stops at once (24SO).
  if (kind === 'rateLimit') return { kind, count: 1, delayMs: 1000 };
  if (kind === 'slow') return { kind, count: 1, delayMs: 150 };
  if (kind === 'soapFault' && system === 'busy') return { kind: 'http500' as const, count: 1 };
  return { kind, count: 1 };
}

function named(c: Case, err: { message: string; substitutions: string[] } | undefined): Outcome['named'] {
  if (!err) return 'none';
  const text = `${err.message} ${err.substitutions.join(' ')}`;
  if (text.includes(c.op)) return 'operation';
  return text.toLowerCase().includes(c.system === 'tfso' ? 'tfso' : 'busy') ? 'system' : 'none';
}

/** Both systems consistent after any run, finished or not: no duplicate, links valid both ways. */
export async function masterProblems(w: World): Promise<string[]> {
  const out: string[] = [];
  const d = tfsoData(w);
  const dup = (label: string, xs: (string | null)[]) => {
    const seen = new Set<string>();
    for (const x of xs) {
      if (x === null) continue;
      if (seen.has(x)) out.push(`${label} ${x} twice`);
      seen.add(x);
    }
  };
  const b = w.busy.state;
  dup(
    'Busy project externalId',
    [...b.projects.values()].map((p) => p.externalId),
  );
  dup(
    'Busy client externalId',
    [...b.clients.values()].map((c) => c.externalId),
  );
  dup(
    'Busy tag externalId',
    [...b.tags.values()].map((t) => t.externalId),
  );
  dup(
    'Busy task externalId',
    [...b.tasks.values()].map((t) => t.externalId),
  );
  dup(
    '24SO project name',
    d.projects.map((p) => p.name),
  );
  dup(
    '24SO work type name',
    d.workTypes.map((x) => x.name),
  );
  dup(
    '24SO task',
    d.tasks.map((t) => `${t.projectId}/${t.name}`),
  );
  const tfsoIds = {
    project: new Set(d.projects.map((p) => String(p.id))),
    customer: new Set(d.companies.map((c) => String(c.id))),
    workType: new Set(d.workTypes.map((x) => String(x.id))),
    task: new Set(d.tasks.map((t) => String(t.id))),
  };
  const busyIds = { project: b.projects, customer: b.clients, workType: b.tags, task: b.tasks };
  for (const kind of ['customer', 'project', 'workType', 'task'] as const) {
    const links = await w.store.links.all(kind);
    dup(
      `${kind} link busyId`,
      links.map((l) => l.busyId),
    );
    dup(
      `${kind} link tfsoId`,
      links.map((l) => l.tfsoId),
    );
    for (const l of links) {
      if (!tfsoIds[kind].has(l.tfsoId)) out.push(`${kind} link to missing 24SO ${l.tfsoId}`);
      if (!busyIds[kind].has(l.busyId)) out.push(`${kind} link to missing Busy ${l.busyId}`);
    }
  }
  // A Busy mirror names a 24SO record that exists: nothing half-created on one side only.
  for (const p of b.projects.values())
    if (p.externalId !== null && !tfsoIds.project.has(p.externalId)) out.push(`Busy project ${p.id} → missing 24SO ${p.externalId}`);
  for (const t of b.tags.values())
    if (t.externalId !== null && /^\d+$/.test(t.externalId) && !tfsoIds.workType.has(t.externalId))
      out.push(`Busy tag ${t.id} → missing 24SO ${t.externalId}`);
  return out;
}

/** Entries of the reference end state missing from this one (by natural keys). */
export function lost(reference: unknown, now: unknown): number {
  const ref = reference as Record<string, string[]>;
  const cur = now as Record<string, string[]>;
  let n = 0;
  for (const [k, xs] of Object.entries(ref)) {
    const have = new Set(cur[k] ?? []);
    n += xs.filter((x) => !have.has(x)).length;
  }
  return n;
}

/** The clean run's end state and the operations it used, in the order first used. */
export async function masterReference(): Promise<{ state: unknown; ops: Case[] }> {
  const w = await startWorld(interruptSeed());
  try {
    const order: { system: System; op: string }[] = [];
    const seen = new Set<string>();
    const note = () => {
      for (const [system, sim] of [
        ['busy', w.busy],
        ['tfso', w.tfso],
      ] as const) {
        for (const op of Object.keys(sim.counts())) {
          if (!seen.has(`${system} ${op}`)) {
            seen.add(`${system} ${op}`);
            order.push({ system, op });
          }
        }
      }
    };
    note(); // the session set-up's operations (Login) are the harness's, not the run's
    seen.clear();
    order.length = 0;
    w.busy.resetCounts();
    w.tfso.resetCounts();
    const wrap = <T extends { http: HttpFetch }>(o: T) => {
      const inner = o.http;
      o.http = async (u, i) => {
        try {
          return await inner(u, i);
        } finally {
          note();
        }
      };
    };
    wrap(w.deps.tfso);
    wrap(w.deps.busy);
    const r = await w.sync('full');
    if (!r.ok) throw new Error(`clean run failed: ${r.error?.message}`);
    if (!(await w.sync('full')).ok) throw new Error('clean second run failed');
    return { state: snapshot(w), ops: order.map((o) => ({ ...o, kind: 'http500' })) };
  } finally {
    await w.close();
  }
}

/** The cases to try: every operation × every kind (full), or a sample covering each once (CI). */
export function masterCases(ops: Case[], full: boolean): Case[] {
  if (full) return ops.flatMap((o) => BAD_KINDS.map((kind) => ({ ...o, kind })));
  const n = Math.max(ops.length, BAD_KINDS.length);
  return Array.from({ length: n }, (_, i) => ({ ...ops[i % ops.length]!, kind: BAD_KINDS[(i * 7 + 3) % BAD_KINDS.length]! }));
}

/**
 * Runs the cases in as few worlds as possible: a world takes faulted runs until one completes;
 * a fault its run never reached (the operation was already done) is retried in a fresh world.
 */
export async function runMasterCampaign(
  cases: Case[],
  reference: unknown,
  log: (s: string) => void = () => undefined,
): Promise<CampaignStats> {
  const stats: CampaignStats = {
    tried: 0,
    survived: 0,
    unreached: 0,
    recordsLost: 0,
    namedOperation: 0,
    namedSystemOnly: 0,
    problems: [],
    outcomes: [],
  };
  let w: World | null = null;
  const finish = async (world: World) => {
    // The next healthy runs (usual timeouts) complete to the clean run's end state.
    world.deps.tfso.timeoutMs = 5000;
    world.deps.busy.timeoutMs = 5000;
    let last: RunSummary | undefined;
    for (let i = 0; i < 3 && !last?.ok; i++) last = await world.sync('full');
    if (!last?.ok) stats.problems.push(`healthy run after faults failed: ${last?.error?.message}`);
    const now = snapshot(world);
    const missing = lost(reference, now);
    stats.recordsLost += missing;
    if (JSON.stringify(now) !== JSON.stringify(reference)) stats.problems.push(`end state differs from a clean run's (${missing} missing)`);
    stats.problems.push(...(await masterProblems(world)));
    await world.close();
  };
  for (const c of cases) {
    for (let attempt = 0; attempt < 2; attempt++) {
      if (!w) {
        w = await startWorld(interruptSeed());
        shorten(w.deps);
      }
      const sim = c.system === 'busy' ? w.busy : w.tfso;
      sim.faults.add({ op: c.op, ...fault(c.kind, c.system) });
      const r = await w.sync('full');
      const reached = sim.faults.list().length === 0;
      sim.faults.clear();
      if (!reached) {
        // The world converged without calling it: the operation's work was done. Fresh world.
        await finish(w);
        w = null;
        if (attempt === 1) stats.unreached++;
        continue;
      }
      const outcome: Outcome = {
        ...c,
        stopped: !r.ok,
        code: r.error?.code ?? null,
        named: named(c, r.error),
        problems: await masterProblems(w),
      };
      stats.tried++;
      const expectStop = c.kind !== 'slow' && c.kind !== 'rateLimit';
      if (expectStop && r.ok) outcome.problems.push('the run ignored a bad answer');
      if (c.kind === 'slow' && !r.ok) outcome.problems.push(`a slow answer stopped the run: ${r.error?.message}`);
      if (!outcome.problems.length) stats.survived++;
      if (outcome.named === 'operation') stats.namedOperation++;
      else if (outcome.named === 'system' || !outcome.stopped) stats.namedSystemOnly += outcome.stopped ? 1 : 0;
      stats.problems.push(...outcome.problems.map((p) => `${c.system} ${c.op} ${c.kind}: ${p}`));
      stats.outcomes.push(outcome);
      log(`${c.system} ${c.op} ${c.kind}: ${r.ok ? 'ok' : `${r.error?.code} — ${r.error?.message}`}`);
      if (r.ok) {
        await finish(w);
        w = null;
      }
      break;
    }
  }
  if (w) await finish(w);
  return stats;
}

// ---- hours ----------------------------------------------------------------------------------

export const HOURS_OPS: Case[] = [
  { system: 'busy', op: 'GET /hourEntries', kind: 'http500' },
  { system: 'busy', op: 'GET /users', kind: 'http500' },
  { system: 'tfso', op: 'GetUsers', kind: 'http500' },
  { system: 'tfso', op: 'GetProjectList', kind: 'http500' },
  { system: 'tfso', op: 'GetHours', kind: 'http500' },
  { system: 'tfso', op: 'SaveHour', kind: 'http500' },
  { system: 'busy', op: 'PATCH /hourEntries/{hourEntryId}', kind: 'http500' },
];

/** Approved hours of the demo; a transfer per fault, then healthy ones: each entry in 24SO once. */
export async function runHoursCampaign(cases: Case[], log: (s: string) => void = () => undefined): Promise<CampaignStats> {
  const stats: CampaignStats = {
    tried: 0,
    survived: 0,
    unreached: 0,
    recordsLost: 0,
    namedOperation: 0,
    namedSystemOnly: 0,
    problems: [],
    outcomes: [],
  };
  const w: HoursWorld = await startHoursWorld('demo');
  try {
    shorten(w.deps);
    // What was approved before is sent cleanly first; then each fault gets fresh work.
    if ((await w.transfer('on-approval')).error) throw new Error('clean transfer failed');
    const linked = (projectId: string | null, tagId: string | null) =>
      projectId !== null &&
      tagId !== null &&
      w.busy.state.projects.get(projectId)?.externalId != null &&
      w.busy.state.tags.get(tagId)?.externalId != null;
    const submitted = [...w.busy.state.hourEntries.values()].filter(
      (e) => e.isActive && e.approvalStatus === 'submitted' && e.externalId === null && linked(e.projectId, e.tagId),
    );
    const batches = cases.map((_, i) => submitted.filter((_, j) => j % cases.length === i).map((e) => e.id));
    const approved: string[] = [];
    for (const [i, c] of cases.entries()) {
      // Fresh work for each fault: a few more approved entries.
      w.approve(batches[i]!);
      approved.push(...batches[i]!);
      const sim = c.system === 'busy' ? w.busy : w.tfso;
      sim.faults.add({ op: c.op, ...fault(c.kind, c.system) });
      const r: TransferSummary = await w.transfer('on-approval');
      const reached = sim.faults.list().length === 0;
      sim.faults.clear();
      if (!reached) {
        stats.unreached++;
        continue;
      }
      stats.tried++;
      const problems = hoursProblems(w);
      // A bad answer on one entry's write fails that entry only (retried next pass); anything
      // else stops the pass. Entries skipped for other reasons (unmapped work type…) do not count.
      const failed = r.skipped.filter((x) => x.reason.messageKey === 'hoursOutcomeUnknown' || x.reason.code === 'hours_refused');
      const stopped = Boolean(r.error) || failed.length > 0;
      // A read must not be believed; a failed write may also be absorbed (the Busy marker PATCH is
      // retried from the ledger next pass): the end-state checks below judge those.
      const read = /^(GET |Get)/.test(c.op);
      if (read && c.kind !== 'slow' && c.kind !== 'rateLimit' && !stopped) problems.push('the transfer believed a bad answer');
      if (c.kind === 'slow' && stopped)
        problems.push(`a slow answer failed the transfer: ${r.error?.message ?? failed[0]?.reason.substitutions.join(' ')}`);
      const err = r.error
        ? { message: r.error.message, substitutions: r.error.substitutions }
        : failed.length
          ? // hoursRefused reads "24SO refused this entry: …": it names the system.
            {
              message: failed
                .map((x) => `${x.reason.code === 'hours_refused' ? 'tfso refused:' : ''} ${x.reason.substitutions.join(' ')}`)
                .join(' '),
              substitutions: [],
            }
          : undefined;
      const outcome: Outcome = { ...c, stopped, code: r.error?.code ?? null, named: named(c, err), problems };
      if (!problems.length) stats.survived++;
      if (outcome.named === 'operation') stats.namedOperation++;
      else if (outcome.named === 'system') stats.namedSystemOnly++;
      stats.problems.push(...problems.map((p) => `${c.system} ${c.op} ${c.kind}: ${p}`));
      stats.outcomes.push(outcome);
      log(
        `hours ${c.system} ${c.op} ${c.kind}: ${r.error ? `${r.error.code} — ${r.error.message}` : `sent ${r.sent.length}, skipped ${r.skipped.length} ${JSON.stringify(r.skipped.map((x) => x.reason.code))}`}`,
      );
    }
    w.deps.tfso.timeoutMs = 5000;
    w.deps.busy.timeoutMs = 5000;
    for (let i = 0; i < 3; i++) if (!(await w.transfer('on-approval')).error) break;
    const inTfso = new Map<string, number>();
    for (const h of w.tfsoHours()) {
      const m = markerOf(h.description);
      if (m) inTfso.set(m, (inTfso.get(m) ?? 0) + 1);
    }
    for (const id of approved) {
      const n = inTfso.get(id) ?? 0;
      if (n === 0) stats.recordsLost++;
      if (n !== 1) stats.problems.push(`approved entry ${id} is in 24SO ${n} times`);
      else if (w.entry(id).externalId === null) stats.problems.push(`approved entry ${id} not marked sent in Busy`);
    }
  } finally {
    await w.close();
  }
  return stats;
}

function hoursProblems(w: HoursWorld): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const h of w.tfsoHours()) {
    const m = markerOf(h.description);
    if (!m) continue;
    if (seen.has(m)) out.push(`Busy entry ${m} twice in 24SO`);
    seen.add(m);
    const e = w.entry(m);
    if (e?.approvalStatus !== 'approved') out.push(`24SO hour for unapproved entry ${m}`);
  }
  return out;
}

export function hoursCases(full: boolean): Case[] {
  if (full) return HOURS_OPS.flatMap((o) => BAD_KINDS.map((kind) => ({ ...o, kind })));
  return BAD_KINDS.map((kind, i) => ({ ...HOURS_OPS[i % HOURS_OPS.length]!, kind }));
}
