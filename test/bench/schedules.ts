// The product's schedules on the simulated clock (issue 15): the push every minute, each followed
// by the hour transfer's poll (on-approval), the hourly incremental on the hour, the daily full run
// at 02:17 (utils/services/schedule.ts; local time of this process). Time is the sims' clock: it is moved
// to each minute (world.ts advance moves the engine's with it), so a run's own wall time is the
// only real time in it. Nothing here waits; the runs go one after another as the one runner does.
//
// Two measurements in one fresh world per size (measureSchedules):
//   idle    with nothing changed, one hour of all schedules (60 pushes and polls, one hourly run)
//           and one daily run, of which 1/24 counts towards the hour: requests per hour and system.
//   latency edits made at random moments of one hour (edits.ts, through the sims' state as the
//           services' web apps make them), then the schedules run on until the other side shows
//           every edit, or a cap: per kind and direction the simulated minutes from the edit to
//           the end of the run that delivered it, worst and median, against the README's promise.
import { runSync, type RunSummary } from '../../utils/sync/engine';
import { runHoursTransfer } from '../../utils/hours/transfer';
import { projectsInUse } from '../../utils/sync/in-use';
import { HOURLY_BUSY_PROBES, HOURLY_TASK_READS, MAX_HOURLY_TASK_READS, PUSH_PROBES, rotationRuns } from '../../utils/sync/scope';
import { DEFAULT_FULL_SYNC_AT } from '../../utils/services/schedule';
import { startBenchWorld, type BenchWorld } from './world';
import { rng, type Direction, type EditKind, type EditMade, type InUseProjects } from './edits';

export type RunKind = 'push' | 'poll' | 'hourly' | 'daily';
type Counts = Record<string, number>;
interface SimCounts {
  tfso: Counts;
  busy: Counts;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** 24SO's published limit per integration and hour. */
export const TFSO_LIMIT = 7200;
/** Projects with hours logged (in use) besides those the edits touch: half take the in-use edits of each direction. */
const IN_USE_LOGGED = 8;

export interface ScheduleOptions {
  /** Edits per row of the latency table. */
  editsPerRow: number;
  /** Stop the timeline this many simulated hours after its start. */
  maxHours: number;
  /** The timeline starts at this local hour (null: the next full hour). --quick: 1, so the daily run at 02:17 comes soon. */
  startHour: number | null;
  seed: number;
}

export interface RunTally {
  runs: number;
  tfso: number;
  busy: number;
  ms: number;
  failed: number;
}

export interface IdleSchedules {
  /** Projects in use (hours logged, or changed, in the last days) during the hour. */
  inUse: number;
  activeProjects: number;
  push: RunTally;
  poll: RunTally;
  hourly: RunTally;
  /** One daily full run, measured whole; a 24th of it counts towards the hour. */
  daily: RunTally;
  perHour: { tfso: number; busy: number };
  /** perHour.tfso / 7,200. */
  tfsoShareOfLimit: number;
  /** The goal for this size: 5 % up to ~1,000 projects, 10 % above. */
  goalShare: number;
  /** Requests of the idle hour (without the daily run) per operation, the bench's own logins taken out. */
  perOperation: SimCounts;
}

export interface Promise_ {
  by: RunKind;
  runs: number;
  minutes: number;
  text: string;
}

export interface LatencyRow {
  kind: EditKind;
  direction: Direction;
  /** 'in use': the edits were on projects in use; 'not in use'; null where it makes no difference. */
  where: 'in use' | 'not in use' | null;
  promise: Promise_ | null;
  edits: number;
  seen: number;
  /** Simulated minutes from each edit to the end of the run after which the other side showed it, ascending. */
  minutes: number[];
  worstMin: number | null;
  medianMin: number | null;
  /** Which schedule delivered the edits: e.g. { push: 5, hourly: 1 }. */
  deliveredBy: Partial<Record<RunKind, number>>;
  /** Edits seen later than their promise, or never within the cap. */
  missed: number;
  pass: boolean | null;
  /** Edits that could not be made (e.g. no such record left), and why. */
  notMade: string[];
  note?: string;
}

export interface LatencyResult {
  startAt: string;
  endAt: string;
  simulatedHours: number;
  capHours: number;
  allSeen: boolean;
  wallMs: number;
  activeProjects: number;
  inUseMax: number;
  runs: Record<RunKind, RunTally>;
  /** Runs that ended with an error (kind, sims' time, code): the schedule went on, as the product's does. */
  failures: { kind: RunKind; at: string; error: string }[];
  rows: LatencyRow[];
}

export interface SchedulesResult {
  n: number;
  idle: IdleSchedules;
  latency: LatencyResult | null;
}

interface RowDef {
  kind: EditKind;
  dir: Direction;
  where: LatencyRow['where'];
  /** The promise of README's table "Every change within its promise", for N active linked projects. */
  promise: ((n: number) => Omit<Promise_, 'minutes'>) | null;
  note?: string;
}

const NEXT_HOURLY = () => ({ by: 'hourly' as const, runs: 1, text: 'next hourly run (R7)' });
const NEXT_PUSH = () => ({ by: 'push' as const, runs: 1, text: 'next push, within a minute (R9)' });
/** In-use projects a push probes PUSH_PROBES at a time: runs = ⌈in use / PUSH_PROBES⌉, set when measured (0 here). */
const IN_USE_PUSH = () => ({ by: 'push' as const, runs: 0, text: `next push; ${PUSH_PROBES} projects in use a minute, in turn` });
/** Projects in use the rotation's promise allows for (the timeline's edits put up to ~32 in use). */
const ROTATION_IN_USE = 40;
const NEXT_DAILY = () => ({ by: 'daily' as const, runs: 1, text: 'next daily run (R8)' });

export const ROWS: RowDef[] = [
  { kind: 'customer', dir: 'tfso→busy', where: null, promise: NEXT_HOURLY },
  { kind: 'project', dir: 'tfso→busy', where: null, promise: NEXT_HOURLY },
  { kind: 'status', dir: 'tfso→busy', where: null, promise: NEXT_HOURLY },
  { kind: 'workType', dir: 'tfso→busy', where: null, promise: NEXT_HOURLY },
  { kind: 'member', dir: 'tfso→busy', where: null, promise: NEXT_HOURLY },
  { kind: 'task', dir: 'tfso→busy', where: 'in use', promise: NEXT_HOURLY },
  {
    kind: 'task',
    dir: 'tfso→busy',
    where: 'not in use',
    promise: (n) => {
      const k = rotationRuns(n, ROTATION_IN_USE);
      return {
        by: 'hourly',
        runs: k,
        text:
          k === 1
            ? `next hourly run (≤ ${HOURLY_TASK_READS} projects)`
            : `within ${k} hourly runs (the rotation, with up to ${ROTATION_IN_USE} in use; at most ${MAX_HOURLY_TASK_READS} reads a run)`,
      };
    },
  },
  { kind: 'assignee', dir: 'tfso→busy', where: 'in use', promise: NEXT_HOURLY },
  {
    kind: 'assignee',
    dir: 'tfso→busy',
    where: 'not in use',
    promise: (n) => {
      const k = rotationRuns(n, ROTATION_IN_USE);
      return { by: 'hourly', runs: k, text: k === 1 ? 'with their task: next hourly run' : `with their task: within ${k} hourly runs` };
    },
  },
  { kind: 'customer', dir: 'busy→tfso', where: null, promise: null, note: 'never (R4: a warning)' },
  { kind: 'project', dir: 'busy→tfso', where: null, promise: NEXT_PUSH },
  { kind: 'status', dir: 'busy→tfso', where: null, promise: NEXT_PUSH },
  { kind: 'workType', dir: 'busy→tfso', where: null, promise: () => ({ ...NEXT_PUSH(), text: 'next push (R13)' }) },
  { kind: 'member', dir: 'busy→tfso', where: 'in use', promise: IN_USE_PUSH },
  { kind: 'member', dir: 'busy→tfso', where: 'not in use', promise: NEXT_DAILY },
  { kind: 'task', dir: 'busy→tfso', where: 'in use', promise: IN_USE_PUSH },
  {
    kind: 'task',
    dir: 'busy→tfso',
    where: 'not in use',
    promise: (n) => {
      const k = Math.max(1, Math.ceil(n / HOURLY_BUSY_PROBES));
      return { by: 'hourly', runs: k, text: k === 1 ? 'next hourly run' : `within ${k} hourly runs (⌈N / ${HOURLY_BUSY_PROBES}⌉)` };
    },
  },
  { kind: 'assignee', dir: 'busy→tfso', where: 'not in use', promise: NEXT_DAILY, note: 'an assignee-only edit (Busy moves no stamp)' },
];

export const rowLabel = (r: Pick<LatencyRow, 'kind' | 'direction' | 'where'>) =>
  `${r.direction === 'tfso→busy' ? '24SO → Busy' : 'Busy → 24SO'} ${({ customer: 'customers', project: 'projects', status: 'project status', workType: 'work types', member: 'members', task: 'tasks', assignee: 'task assignees' } as const)[r.kind]}${r.where ? ` (${r.where})` : ''}`;

const promiseMinutes = (p: Omit<Promise_, 'minutes'>) => p.runs * ({ push: 1, poll: 1, hourly: 60, daily: 24 * 60 } as const)[p.by];
const median = (xs: number[]) =>
  xs.length ? (xs.length % 2 ? xs[(xs.length - 1) / 2]! : (xs[xs.length / 2 - 1]! + xs[xs.length / 2]!) / 2) : null;

const tally = (): RunTally => ({ runs: 0, tfso: 0, busy: 0, ms: 0, failed: 0 });

/** The world plus the schedule's clock and runs. */
class Schedule {
  readonly tallies: Record<RunKind, RunTally> = { push: tally(), poll: tally(), hourly: tally(), daily: tally() };
  readonly failures: LatencyResult['failures'] = [];
  /** Sim counts of the bench's own logins (subtracted from per-operation figures). */
  readonly own: SimCounts = { tfso: {}, busy: {} };
  private delta = 0;
  private lastTfso = 0;
  /** Called when a run of `kind` starts and after each sync run ended (edit bookkeeping). */
  onStart: (kind: RunKind) => void = () => undefined;
  afterRun: (kind: RunKind, s: RunSummary | null) => Promise<void> = async () => undefined;

  constructor(readonly w: BenchWorld) {}

  async init(): Promise<void> {
    this.delta = Date.parse(await this.w.sims<string>({ cmd: 'now' })) - this.w.now().getTime();
    this.lastTfso = this.now();
  }
  /** The sims' clock (the simulated world's time), ms. */
  now(): number {
    return this.w.now().getTime() + this.delta;
  }
  async advanceTo(t: number): Promise<void> {
    const ms = t - this.now();
    if (ms > 0) await this.w.advance(ms);
  }

  /** The user's 24SO session, idle for a while, is renewed by their own use of 24SO (not counted). */
  private async keepSession(): Promise<void> {
    if (this.now() - this.lastTfso < 10 * MINUTE) return;
    const before = await this.w.sims<SimCounts>({ cmd: 'counts' });
    await this.w.login();
    const after = await this.w.sims<SimCounts>({ cmd: 'counts' });
    for (const sys of ['tfso', 'busy'] as const) {
      for (const [op, n] of Object.entries(after[sys])) {
        const d = n - (before[sys][op] ?? 0);
        if (d) this.own[sys][op] = (this.own[sys][op] ?? 0) + d;
      }
    }
    this.lastTfso = this.now();
  }

  async run(kind: RunKind): Promise<void> {
    await this.keepSession();
    this.onStart(kind);
    const t = this.tallies[kind];
    const t0 = performance.now();
    let requests: { tfso: number; busy: number };
    let error: string | undefined;
    let summary: RunSummary | null = null;
    if (kind === 'poll') {
      const s = await runHoursTransfer(this.w.deps, {
        mode: 'on-approval',
        overrides: {},
        integrationContactId: this.w.info.integrationContactId,
      });
      requests = s.requests;
      if (s.error) error = `${s.error.code}: ${s.error.message}`;
    } else {
      // The daily run as the extension's schedule starts it (utils/services/sync.ts).
      const deps = kind === 'daily' ? { ...this.w.deps, tasksByRotation: true } : this.w.deps;
      summary = await runSync(deps, kind === 'push' ? 'push' : kind === 'hourly' ? 'incremental' : 'full');
      requests = summary.requests;
      if (!summary.ok) error = `${summary.error?.code}: ${summary.error?.message}`;
    }
    t.runs++;
    t.tfso += requests.tfso;
    t.busy += requests.busy;
    t.ms += performance.now() - t0;
    if (requests.tfso) this.lastTfso = this.now();
    if (error) {
      t.failed++;
      if (this.failures.length < 20) this.failures.push({ kind, at: new Date(this.now()).toISOString(), error });
    }
    if (kind !== 'poll') await this.afterRun(kind, summary);
  }

  /** The runs due at minute `t` (a multiple of a minute, sims' time), in the runner's order. */
  async tick(t: number): Promise<void> {
    await this.advanceTo(t);
    await this.run('push');
    await this.run('poll');
    const at = new Date(t);
    if (at.getMinutes() === 0) await this.run('hourly');
    if (at.getHours() === DEFAULT_FULL_SYNC_AT.hour && at.getMinutes() === DEFAULT_FULL_SYNC_AT.minute) await this.run('daily');
  }

  resetTallies(): void {
    for (const k of Object.keys(this.tallies) as RunKind[]) this.tallies[k] = tally();
  }
}

const nextMinute = (t: number) => Math.floor(t / MINUTE) * MINUTE + MINUTE;
const nextHour = (t: number) => {
  const d = new Date(t);
  d.setMinutes(60, 0, 0);
  return d.getTime();
};

async function activeProjects(w: BenchWorld): Promise<number> {
  return (await w.store.links.all('project')).filter((l) => l.busy.active !== false && l.tfso.active !== false).length;
}

export async function measureSchedules(
  n: number,
  o: ScheduleOptions,
  withLatency: boolean,
  say: (s: string) => void,
): Promise<SchedulesResult> {
  const seed = `large:${n}` as const;
  const w = await startBenchWorld(seed);
  try {
    const sch = new Schedule(w);
    await sch.init();
    // ---- a company in use: hours logged today on a few projects (the backlog of approved hours is
    // measured by the hour transfer figure, not here), the import, then an hour of the schedules
    // so the engine's cursors are past its own writes ----
    const groups = await w.sims<InUseProjects>({ cmd: 'logInUse', count: IN_USE_LOGGED, seed: o.seed });
    say(`schedules large:${n}: import, then an hour of the schedules to settle`);
    await sch.run('daily');
    let t = nextMinute(sch.now());
    const settleEnd = nextHour(nextHour(sch.now()));
    for (; t <= settleEnd; t += MINUTE) await sch.tick(t);
    if (sch.failures.length) throw new Error(`schedules large:${n}: the settling runs failed: ${JSON.stringify(sch.failures)}`);

    // ---- idle: one hour of the schedules with nothing changed, then one daily run ----
    say(`schedules large:${n}: idle hour`);
    sch.resetTallies();
    sch.own.tfso = {};
    sch.own.busy = {};
    await w.sims({ cmd: 'resetCounts' });
    const inUse = (await projectsInUse(w.store, new Date(sch.now()))).length;
    const idleEnd = t + HOUR - MINUTE;
    for (; t <= idleEnd; t += MINUTE) await sch.tick(t);
    const counts = await w.sims<SimCounts>({ cmd: 'counts' });
    const perOperation: SimCounts = { tfso: {}, busy: {} };
    for (const sys of ['tfso', 'busy'] as const) {
      for (const [op, k] of Object.entries(counts[sys])) {
        const v = k - (sch.own[sys][op] ?? 0);
        if (v) perOperation[sys][op] = v;
      }
    }
    const { push, poll, hourly } = sch.tallies;
    sch.resetTallies();
    await sch.run('daily');
    const daily = sch.tallies.daily;
    if (push.failed + poll.failed + hourly.failed + daily.failed)
      throw new Error(`schedules large:${n}: idle runs failed: ${JSON.stringify(sch.failures)}`);
    const active = await activeProjects(w);
    const perHour = {
      tfso: push.tfso + poll.tfso + hourly.tfso + daily.tfso / 24,
      busy: push.busy + poll.busy + hourly.busy + daily.busy / 24,
    };
    const idle: IdleSchedules = {
      inUse,
      activeProjects: active,
      push,
      poll,
      hourly,
      daily,
      perHour,
      tfsoShareOfLimit: perHour.tfso / TFSO_LIMIT,
      goalShare: 50 * n <= 1000 ? 0.05 : 0.1,
      perOperation,
    };
    const latency = withLatency ? await timeline(sch, n, o, groups, say) : null;
    return { n, idle, latency };
  } finally {
    await w.close();
  }
}

interface Pending {
  id: number;
  row: number;
  at: number;
  made?: EditMade;
  /** Runs of the promised kind started since the edit. */
  runsAfter: number;
  seenAt?: number;
  by?: RunKind;
  runsAtSeen?: number;
  /** Most projects in use seen at a push while it was pending (the in-use promise). */
  inUseMax: number;
}

async function timeline(
  sch: Schedule,
  n: number,
  o: ScheduleOptions,
  groups: InUseProjects,
  say: (s: string) => void,
): Promise<LatencyResult> {
  const w = sch.w;
  const random = rng(o.seed * 7919 + n);
  const active = await activeProjects(w);
  const defs = ROWS.map((r) => ({ ...r, p: r.promise?.(active) ?? null }));
  // The timeline starts on the hour (at o.startHour local, or the next full hour).
  let start = nextHour(sch.now());
  if (o.startHour !== null) while (new Date(start).getHours() !== o.startHour) start += HOUR;
  const cap = start + o.maxHours * HOUR;
  // The edits: at random moments of the first hour, the rows interleaved.
  const pending: Pending[] = [];
  let id = 0;
  defs.forEach((d, row) => {
    if (!d.p || (d.where === 'in use' && !(d.dir === 'tfso→busy' ? groups.tfsoToBusy : groups.busyToTfso).length)) return;
    for (let i = 0; i < o.editsPerRow; i++)
      pending.push({ id: ++id, row, at: start + Math.floor(random() * (HOUR - 1000)), runsAfter: 0, inUseMax: 0 });
  });
  pending.sort((a, b) => a.at - b.at);
  const waiting = new Set<Pending>();
  let inUseMax = 0;
  sch.onStart = (kind) => {
    for (const e of waiting) if (defs[e.row]!.p!.by === kind) e.runsAfter++;
  };
  sch.afterRun = async (kind) => {
    if (!waiting.size) return;
    const seen = new Set(await w.sims<number[]>({ cmd: 'seen', ids: [...waiting].map((e) => e.id) }));
    const at = sch.now();
    for (const e of [...waiting]) {
      if (!seen.has(e.id)) continue;
      Object.assign(e, { seenAt: at, by: kind, runsAtSeen: e.runsAfter });
      waiting.delete(e);
    }
  };

  say(
    `schedules large:${n}: latency timeline from ${new Date(start).toISOString()} (${pending.length} edits in its first hour, cap ${o.maxHours} h)`,
  );
  const wall0 = performance.now();
  sch.resetTallies();
  sch.failures.length = 0;
  let next = 0;
  // Straight to the start: nothing changes before it, so the runs in between would find nothing.
  let t = start;
  for (; t <= cap; t += MINUTE) {
    // The edits due before this minute's runs, each at its own moment.
    while (next < pending.length && pending[next]!.at < t) {
      const e = pending[next++]!;
      await sch.advanceTo(e.at);
      const d = defs[e.row]!;
      e.made = await w.sims<EditMade>({ cmd: 'edit', spec: { id: e.id, kind: d.kind, dir: d.dir, inUse: d.where === 'in use' } });
      e.at = Date.parse(e.made.ok ? e.made.at : new Date(sch.now()).toISOString());
      if (e.made.ok) waiting.add(e);
    }
    const inUseNow = (await projectsInUse(w.store, new Date(sch.now()))).length;
    inUseMax = Math.max(inUseMax, inUseNow);
    for (const e of waiting) e.inUseMax = Math.max(e.inUseMax, inUseNow);
    await sch.tick(t);
    if (next >= pending.length && !waiting.size) break;
  }
  const end = Math.min(t, cap);

  const rows: LatencyRow[] = defs.map((d, row) => {
    const mine = pending.filter((e) => e.row === row);
    const made = mine.filter((e) => e.made?.ok);
    const seen = made.filter((e) => e.seenAt !== undefined);
    const minutes = seen.map((e) => (e.seenAt! - e.at) / MINUTE).sort((a, b) => a - b);
    const deliveredBy: LatencyRow['deliveredBy'] = {};
    for (const e of seen) deliveredBy[e.by!] = (deliveredBy[e.by!] ?? 0) + 1;
    // The in-use push promise: ⌈most projects in use while it waited / PUSH_PROBES⌉ pushes.
    const allowed = (e: Pending) => (d.p!.runs === 0 ? Math.max(1, Math.ceil(Math.max(e.inUseMax, 1) / PUSH_PROBES)) : d.p!.runs);
    const missed = made.filter((e) => e.seenAt === undefined || e.runsAtSeen! > allowed(e)).length;
    let promise: Promise_ | null = null;
    if (d.p) {
      const runs = d.p.runs === 0 ? Math.max(1, ...made.map(allowed)) : d.p.runs;
      promise = { ...d.p, runs, minutes: promiseMinutes({ ...d.p, runs }) };
    }
    return {
      kind: d.kind,
      direction: d.dir,
      where: d.where,
      promise,
      edits: made.length,
      seen: seen.length,
      minutes,
      worstMin: minutes.length ? minutes[minutes.length - 1]! : null,
      medianMin: median(minutes),
      deliveredBy,
      missed,
      pass: d.p && made.length ? missed === 0 : null,
      notMade: mine.filter((e) => e.made && !e.made.ok).map((e) => (e.made as { why: string }).why),
      ...(d.note ? { note: d.note } : {}),
    };
  });
  return {
    startAt: new Date(start).toISOString(),
    endAt: new Date(end).toISOString(),
    simulatedHours: (end - start) / HOUR,
    capHours: o.maxHours,
    allSeen: pending.every((e) => !e.made?.ok || e.seenAt !== undefined),
    wallMs: performance.now() - wall0,
    activeProjects: active,
    inUseMax,
    runs: { ...sch.tallies },
    failures: [...sch.failures],
    rows,
  };
}
