// `npm run bench [-- --sizes 20,400] [--quick] [--no-build] [--no-extension] [--json-only] [--no-paced] [--paced-max-hours N] [--tfso-share N]
//   [--no-schedules] [--no-latency] [--latency-edits N] [--latency-max-hours N] [--no-delay] [--delay-ms N] [--delay-size N]`
// Measures the sync engine against the simulators over loopback HTTP at several `large:N` sizes
// (projects ≈ 50·N: N=20 → 1,000, N=400 → 20,000), the hour transfer, the import and the daily
// run at the largest size under the pacer (issue 15: simulated hours, quarantines; paced.ts), the
// product's schedules on the simulated clock per size (issue 15: the idle request rate of all
// schedules and the latency table; schedules.ts), the import with a real-world delay on every
// request against its floor at that delay (delay.ts), and the built extension.
// Prints ONE JSON document, then a table for people, then each goal with pass/miss.
//
// Process layout: the simulators run in a child process (sims.ts, forked, IPC for commands);
// this process holds only the engine, its store (IndexedDB on fake-indexeddb) and the HTTP client,
// so the heap sampled here is the engine's (its store included: fake-indexeddb keeps it in the heap).
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpus, totalmem } from 'node:os';
import { runSync, type RunSummary } from '../../utils/sync/engine';
import { replay, startBenchWorld, type BenchWorld, type LoggedRequest } from './world';
import { heapMonitor, type HeapFigures } from './heap';
import { cappedImport, type CappedImport } from './capped-import';
import { READ_AHEAD } from '../../utils/sync/ahead';
import { buildSim, bundleSizes, startTimes, type BundleSize, type StartTimes } from './extension';
import { measurePaced, type PacedResult, type PacedRun } from './paced';
import { DEFAULT_PACER_CONFIG } from '../../utils/pacer';
import { measureSchedules, rowLabel, TFSO_LIMIT, type SchedulesResult } from './schedules';
import { measureDelay, type DelayResult } from './delay';

// ---------------------------------------------------------------- options

export interface BenchOptions {
  sizes: number[];
  quick: boolean;
  build: boolean;
  extension: boolean;
  jsonOnly: boolean;
  hours: number;
  popupRuns: number;
  /** Issue 15: the import and the daily run at the largest size under the pacer (paced.ts). */
  paced: boolean;
  pacedMaxHours: number;
  pacedMaxWallMs: number;
  tfsoShare: number;
  /** Issue 15: the schedules on the simulated clock per size (schedules.ts): the idle request rate, and the latency table. */
  schedules: boolean;
  latency: boolean;
  latencyEdits: number;
  latencyMaxHours: number;
  latencyStartHour: number | null;
  /** Issue 15: the import at `delaySize` with `delayMs` on every request, against its floor at that delay (delay.ts). */
  delay: boolean;
  delayMs: number;
  delaySize: number | null;
}

export function parseArgs(argv: string[]): BenchOptions {
  const o: BenchOptions = {
    sizes: [20, 400],
    quick: false,
    build: true,
    extension: true,
    jsonOnly: false,
    hours: 10_000,
    popupRuns: 20,
    paced: true,
    pacedMaxHours: 48,
    pacedMaxWallMs: 20 * 60_000,
    tfsoShare: DEFAULT_PACER_CONFIG.tfsoSharePerHour,
    schedules: true,
    latency: true,
    latencyEdits: 6,
    latencyMaxHours: 26,
    latencyStartHour: null,
    delay: true,
    delayMs: 80,
    delaySize: null,
  };
  const int = (a: string, v: string | undefined, min: number) => {
    const x = Number(v);
    if (!Number.isInteger(x) || x < min) throw new Error(`${a} wants an integer ≥ ${min}`);
    return x;
  };
  let sizesGiven = false;
  let delayMsGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--quick') o.quick = true;
    else if (a === '--no-build') o.build = false;
    else if (a === '--no-extension') o.extension = false;
    else if (a === '--json-only') o.jsonOnly = true;
    else if (a === '--no-paced') o.paced = false;
    else if (a === '--paced-max-hours') o.pacedMaxHours = int(a, argv[++i], 1);
    else if (a === '--tfso-share') o.tfsoShare = int(a, argv[++i], 1);
    else if (a === '--no-schedules') o.schedules = false;
    else if (a === '--no-latency') o.latency = false;
    else if (a === '--latency-edits') o.latencyEdits = int(a, argv[++i], 1);
    else if (a === '--latency-max-hours') o.latencyMaxHours = int(a, argv[++i], 1);
    else if (a === '--no-delay') o.delay = false;
    else if (a === '--delay-ms') {
      o.delayMs = int(a, argv[++i], 0);
      delayMsGiven = true;
    } else if (a === '--delay-size') o.delaySize = int(a, argv[++i], 1);
    else if (a === '--sizes') {
      o.sizes = (argv[++i] ?? '').split(',').map(Number);
      if (!o.sizes.length || o.sizes.some((n) => !Number.isInteger(n) || n < 1))
        throw new Error('--sizes wants N,N,… (integers ≥ 1; projects ≈ 50·N)');
      sizesGiven = true;
    } else
      throw new Error(
        `unknown argument ${a}; usage: npm run bench [-- --sizes 20,400] [--quick] [--no-build] [--no-extension] [--json-only] [--no-paced] [--paced-max-hours N] [--tfso-share N] [--no-schedules] [--no-latency] [--latency-edits N] [--latency-max-hours N] [--no-delay] [--delay-ms N] [--delay-size N]`,
      );
  }
  if (o.quick) {
    if (!sizesGiven) o.sizes = [2, 4];
    o.hours = 200;
    o.popupRuns = 3;
    o.build = false; // --quick measures the bundles of an existing build only
    o.pacedMaxWallMs = 60_000;
    // One edit per row, the timeline started at 01:00 so the daily run (02:17) comes within it.
    o.latencyEdits = 1;
    o.latencyStartHour = 1;
    if (!delayMsGiven) o.delayMs = 5;
  }
  if (o.delayMs > 60_000) throw new Error("--delay-ms: at most 60,000 (the simulators' bound)");
  if (o.tfsoShare > 7200) throw new Error("--tfso-share: at most 24SO's 7,200 an hour");
  o.sizes.sort((a, b) => a - b);
  return o;
}

// ---------------------------------------------------------------- measuring helpers

type Counts = Record<string, number>;
interface SimCounts {
  tfso: Counts;
  busy: Counts;
}

const gc = () => (globalThis as { gc?: () => void }).gc?.();
const HEAP_CAP_MB = 150;
const sum = (c: Counts) => Object.values(c).reduce((s, n) => s + n, 0);
const round = (n: number, d = 0) => Math.round(n * 10 ** d) / 10 ** d;

/** The entity type a request reads or writes (for "requests per entity type per system"). */
export function entityOf(op: string): string {
  const o = op.toLowerCase();
  if (/^(login|hassession|getidentity|getidentities|setidentity)/.test(o)) return 'session';
  if (/compan|client/.test(o) && !/clientservice/.test(o)) return 'customer';
  if (/task/.test(o)) return 'task';
  if (/participant|\/projects\/\{projectid\}\/users/.test(o)) return 'member';
  if (/worktype|tag/.test(o)) return 'workType';
  if (/status/.test(o)) return 'projectStatus';
  if (/project/.test(o)) return 'project';
  if (/user|person|contact/.test(o)) return 'user';
  if (/hour/.test(o)) return 'hour';
  return op;
}

function perEntity(c: Counts): Counts {
  const out: Counts = {};
  for (const [op, n] of Object.entries(c)) out[entityOf(op)] = (out[entityOf(op)] ?? 0) + n;
  return out;
}

/** Records the run handled: every created/updated/archived/unchanged in its summary. */
function recordsOf(s: RunSummary): { total: number; byKind: Counts } {
  const byKind: Counts = {};
  for (const [kind, sides] of Object.entries(s.counts)) {
    let n = 0;
    for (const side of [sides.busy, sides.tfso]) n += side.created + side.updated + side.archived + side.unchanged;
    byKind[kind] = n;
  }
  return { total: sum(byKind), byKind };
}

async function timed<T>(w: BenchWorld, fn: () => Promise<T>): Promise<{ ms: number; result: T; counts: SimCounts }> {
  await w.sims({ cmd: 'resetCounts' });
  const t0 = performance.now();
  const result = await fn();
  const ms = performance.now() - t0;
  return { ms, result, counts: await w.sims<SimCounts>({ cmd: 'counts' }) };
}

function mustBeOk(s: RunSummary, what: string): void {
  if (!s.ok) throw new Error(`${what} failed: ${s.error?.code}: ${s.error?.message}`);
}

// ---------------------------------------------------------------- one size

export interface SizeResult {
  n: number;
  seed: string;
  sizes: Record<string, number>;
  seedMs: number;
  /** The same import run first, unmeasured but timed: it warms the engine's and the sims' JIT. */
  coldImportMs: number;
  import: {
    ms: number;
    requests: { tfso: number; busy: number; total: number };
    perOperation: SimCounts;
    records: number;
    recordsByKind: Counts;
    recordsPerSec: number;
    requestsPerSec: number;
    /** Replays of the same requests: one at a time, and with the engine's overlap rule (READ_AHEAD). */
    floor: {
      sequential: { ms: number; statusMismatches: number };
      overlapped: { depth: number; ms: number; statusMismatches: number };
      requests: number;
    };
    /** Engine time / the floor replayed one request at a time (the issue's floor: the goal), and
     * / the floor replayed with the engine's own overlap (a stricter view, reported beside it). */
    engineOverFloor: number;
    engineOverOverlappedFloor: number;
    heap: HeapFigures;
    heapBeforeMB: number;
    storeCalls: Counts;
    /** Engine process CPU (user + system) during the import, per request. */
    cpuMs: number;
    cpuUsPerRequest: number;
  };
  incrementalAfterImport: { ms: number; requests: { tfso: number; busy: number }; perOperation: SimCounts };
  idle: {
    ms: number;
    requests: { tfso: number; busy: number };
    perOperation: SimCounts;
    perEntity: { tfso: Counts; busy: Counts };
    maxPerEntity: number;
  };
  changes: { k: number; edited: number; ms: number; requests: { tfso: number; busy: number }; projectsUpdatedInBusy: number }[];
  hours?: HoursResult;
  capped?: CappedImport;
  /** Issue 15: the product's schedules on the simulated clock in a world of its own (schedules.ts):
   * the idle request rate of all schedules, and the latency table. Absent with --no-schedules. */
  schedules?: SchedulesResult;
}

export type HoursResult =
  | { measured: false; why: string }
  | {
      measured: true;
      entries: number;
      sent: number;
      skipped: number;
      ok: boolean;
      error?: string;
      ms: number;
      requests: { tfso: number; busy: number };
      perOperation: SimCounts;
      tfsoBudgetHours: number;
      busyRequestsPerHourAtTfsoPace: number;
      /** 24SO requests per hour sent (issue 15's goal: ≤ 1.1). */
      tfsoRequestsPerHourSent: number;
    };

async function measureHours(w: BenchWorld, want: number): Promise<HoursResult> {
  let mod: typeof import('../../utils/hours/transfer');
  try {
    mod = await import('../../utils/hours/transfer');
    if (typeof mod.runHoursTransfer !== 'function') throw new Error('no runHoursTransfer export');
  } catch (e) {
    return {
      measured: false,
      why: `not yet measured: utils/hours/transfer.ts runHoursTransfer unavailable (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`,
    };
  }
  const entries = await w.sims<number>({ cmd: 'limitApproved', n: want });
  const r = await timed(w, () =>
    mod.runHoursTransfer(w.deps, { mode: 'on-approval', overrides: {}, integrationContactId: w.info.integrationContactId }),
  );
  const s = r.result;
  const tfso = sum(r.counts.tfso);
  const busy = sum(r.counts.busy);
  return {
    measured: true,
    entries,
    sent: s.sent.length,
    skipped: s.skipped.length,
    ok: !s.error,
    ...(s.error ? { error: `${s.error.code}: ${s.error.message}` } : {}),
    ms: r.ms,
    requests: { tfso, busy },
    perOperation: r.counts,
    // 24SO publishes 7,200 requests an hour per application: the transfer cannot go faster than that.
    tfsoBudgetHours: tfso / 7200,
    busyRequestsPerHourAtTfsoPace: tfso ? (busy / tfso) * 7200 : 0,
    tfsoRequestsPerHourSent: s.sent.length ? tfso / s.sent.length : 0,
  };
}

async function measureSize(n: number, opts: BenchOptions, withHours: boolean, say: (s: string) => void): Promise<SizeResult> {
  const seed = `large:${n}` as const;
  say(`large:${n}: starting the simulators`);
  const w = await startBenchWorld(seed);
  const logFile = join(tmpdir(), `bench-requests-${process.pid}-${n}.jsonl`);
  try {
    // ---- warm-up: the same import once on a scratch store, then the sims reseeded. The first
    // import in a process pays for compiling the engine, the clients and the sims (JIT): at
    // large:20 that is a third of its time. Its wall time is kept as `coldImportMs`. ----
    say(`large:${n}: warm-up import (not measured)`);
    const scratch = await w.freshStore();
    const cold0 = performance.now();
    mustBeOk(await runSync({ ...w.deps, store: scratch }, 'full'), `warm-up import large:${n}`);
    const coldImportMs = performance.now() - cold0;
    scratch.close();
    await w.sims({ cmd: 'reseed' });
    await w.login();

    // ---- initial import, every request logged (to a file, not the heap being measured) ----
    const fd = openSync(logFile, 'w');
    let logged = 0;
    // Lines go out in batches: a write per request would charge the engine a syscall each.
    let batch: string[] = [];
    const flush = () => {
      if (batch.length) writeSync(fd, batch.join(''));
      batch = [];
    };
    w.record = (r) => {
      batch.push(`${JSON.stringify(r)}\n`);
      logged++;
      if (batch.length >= 256) flush();
    };
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    const heap = heapMonitor();
    say(`large:${n}: initial import (full)`);
    for (const k of Object.keys(w.storeCalls)) delete w.storeCalls[k];
    const cpu0 = process.cpuUsage();
    const imp = await timed(w, () => runSync(w.deps, 'full'));
    const cpu = process.cpuUsage(cpu0);
    w.record = null;
    const heapFigures = heap.stop();
    flush();
    closeSync(fd);
    const storeCalls = { ...w.storeCalls };
    mustBeOk(imp.result, `import large:${n}`);
    const rec = recordsOf(imp.result);

    // ---- incremental runs, each one simulated hour after the one before (the hourly schedule,
    // R7): the engine re-reads a 2-minute overlap window behind its cursors until a read comes
    // later than that after its own writes, so runs seconds apart would keep re-reading the
    // import's own writes, which the scheduled runs never do ----
    const HOUR = 3_600_000;
    const hourly = async (what: string) => {
      await w.advance(HOUR);
      await w.login(); // the user's 24SO session, idle for an hour, is renewed by them (not counted)
      const r = await timed(w, () => runSync(w.deps, 'incremental'));
      mustBeOk(r.result, what);
      return r;
    };
    say(`large:${n}: incremental runs`);
    const inc1 = await hourly('incremental after import');
    const idle = await hourly('idle incremental');
    const idlePer = { tfso: perEntity(idle.counts.tfso), busy: perEntity(idle.counts.busy) };
    const changes: SizeResult['changes'] = [];
    for (const k of [10, 100]) {
      const edited = await w.sims<number[]>({ cmd: 'editProjects', k, tag: `(k${k})` });
      const r = await hourly(`incremental k=${k}`);
      changes.push({
        k,
        edited: edited.length,
        ms: r.ms,
        requests: { tfso: sum(r.counts.tfso), busy: sum(r.counts.busy) },
        projectsUpdatedInBusy: r.result.counts.project.busy.updated,
      });
      // settle: the engine's own writes come back once through the cursors' overlap window
      await hourly('settling incremental');
    }

    // ---- the floor: same requests, fresh state from the same seed, no engine, no store ----
    const log = readFileSync(logFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as LoggedRequest)
      .sort((a, b) => a.at - b.at);
    const floorRun = async (depth: number) => {
      await w.sims({ cmd: 'reseed' });
      await w.login();
      return replay(w.fetch, log, depth);
    };
    say(`large:${n}: floor (replaying ${logged} requests one at a time)`);
    const sequential = await floorRun(1);
    say(`large:${n}: floor (replaying ${logged} requests, ${READ_AHEAD} reads in flight)`);
    const overlapped = await floorRun(READ_AHEAD);

    // ---- hour transfer ----
    let hours: HoursResult | undefined;
    if (withHours) {
      say(`large:${n}: hour transfer`);
      hours = await measureHours(w, opts.hours);
    }

    // ---- the heap goal, proven: the same import in a worker whose heap is capped ----
    let capped: CappedImport | undefined;
    if (withHours) {
      say(`large:${n}: the import again, heap capped at ${HEAP_CAP_MB} MB`);
      await w.sims({ cmd: 'reseed' });
      capped = await cappedImport(w.info, HEAP_CAP_MB);
    }

    const total = imp.result.requests.tfso + imp.result.requests.busy;
    return {
      n,
      seed,
      sizes: w.info.sizes,
      seedMs: w.info.seedMs,
      coldImportMs,
      import: {
        ms: imp.ms,
        requests: { ...imp.result.requests, total },
        perOperation: imp.counts,
        records: rec.total,
        recordsByKind: rec.byKind,
        recordsPerSec: rec.total / (imp.ms / 1000),
        requestsPerSec: total / (imp.ms / 1000),
        floor: { sequential, overlapped: { depth: READ_AHEAD, ...overlapped }, requests: log.length },
        engineOverFloor: imp.ms / sequential.ms,
        engineOverOverlappedFloor: imp.ms / overlapped.ms,
        heap: heapFigures,
        heapBeforeMB: heapBefore / (1024 * 1024),
        storeCalls,
        cpuMs: (cpu.user + cpu.system) / 1000,
        cpuUsPerRequest: (cpu.user + cpu.system) / total,
      },
      incrementalAfterImport: { ms: inc1.ms, requests: inc1.result.requests, perOperation: inc1.counts },
      idle: {
        ms: idle.ms,
        requests: idle.result.requests,
        perOperation: idle.counts,
        perEntity: idlePer,
        maxPerEntity: Math.max(0, ...Object.values(idlePer.tfso), ...Object.values(idlePer.busy)),
      },
      changes,
      ...(hours ? { hours } : {}),
      ...(capped ? { capped } : {}),
    };
  } finally {
    rmSync(logFile, { force: true });
    await w.close();
  }
}

// ---------------------------------------------------------------- goals

export interface Goal {
  goal: string;
  value: string;
  pass: boolean | null;
}

export interface BenchReport {
  date: string;
  machine: { cpus: number; cpuModel: string; memGB: number; node: string; platform: string };
  command: string;
  options: BenchOptions;
  sizes: SizeResult[];
  incrementalScaling: { k: number; smallN: number; largeN: number; smallMs: number; largeMs: number; ratio: number }[];
  extension: {
    buildMs: number | null;
    bundles: { background: BundleSize; popup: BundleSize; content: BundleSize } | null;
    start: StartTimes | null;
    note?: string;
  };
  /** Issue 15: the import and the daily run at the largest size under the pacer (null: --no-paced). */
  paced: PacedResult | null;
  /** Issue 15: the import with a real-world delay on every request against its floor at that delay (null: --no-delay). */
  delay: DelayResult | null;
  goals: Goal[];
  totalMs: number;
}

function goals(r: Omit<BenchReport, 'goals' | 'totalMs'>): Goal[] {
  const g: Goal[] = [];
  const f = (x: number, d = 2) => String(round(x, d));
  for (const s of r.sizes) {
    g.push({ goal: `import large:${s.n}: engine/floor ≤ 1.3`, value: f(s.import.engineOverFloor), pass: s.import.engineOverFloor <= 1.3 });
    g.push({
      goal: `import large:${s.n}: engine/floor ≤ 1.3, floor replayed ${READ_AHEAD} reads at a time (stricter than the issue's)`,
      value: f(s.import.engineOverOverlappedFloor),
      pass: s.import.engineOverOverlappedFloor <= 1.3,
    });
    g.push({ goal: `import large:${s.n}: ≥ 2,000 records/s`, value: f(s.import.recordsPerSec, 0), pass: s.import.recordsPerSec >= 2000 });
    // Issue 15 reads members and tasks on the hourly run by design: the idle figure that counts is
    // that of all the schedules together (the idle incremental's per-entity figure stays in the JSON).
    const sc = s.schedules;
    if (sc) {
      const i = sc.idle;
      g.push({
        goal: `idle schedules large:${s.n}: 24SO ≤ ${f(i.goalShare * 100, 0)} % of its ${TFSO_LIMIT.toLocaleString('en-US')}/h (${f(s.sizes.projects, 0)} projects)`,
        value: `${f(i.perHour.tfso, 0)}/h = ${f(i.tfsoShareOfLimit * 100, 1)} % (push ${i.push.tfso}, poll ${i.poll.tfso}, hourly ${i.hourly.tfso}, daily ${i.daily.tfso}/24); Busy ${f(i.perHour.busy, 0)}/h`,
        pass: i.tfsoShareOfLimit <= i.goalShare,
      });
      const l = sc.latency;
      if (l) {
        for (const row of l.rows) {
          if (!row.promise) continue;
          g.push({
            goal: `latency large:${s.n}: ${rowLabel(row)} within its promise: ${row.promise.text}`,
            value: row.edits
              ? `worst ${f(row.worstMin ?? NaN, 1)} min, median ${f(row.medianMin ?? NaN, 1)} min (promise ${f(row.promise.minutes, 0)} min); seen ${row.seen}/${row.edits}${row.missed ? `, ${row.missed} late or unseen` : ''}`
              : `no edit made (${row.notMade[0] ?? 'none asked'})`,
            pass: row.pass,
          });
        }
      }
    }
  }
  for (const x of r.incrementalScaling)
    g.push({ goal: `incremental k=${x.k}: large:${x.largeN} ≤ 2 × large:${x.smallN}`, value: `${f(x.ratio)}×`, pass: x.ratio <= 2 });
  const e = r.extension;
  if (e.start)
    g.push({
      goal: 'popup first render ≤ 1.5 × blank page',
      value: `${f(e.start.ratio)}× (${f(e.start.popupMedian, 1)} / ${f(e.start.blankMedian, 1)} ms)`,
      pass: e.start.ratio <= 1.5,
    });
  else g.push({ goal: 'popup first render ≤ 1.5 × blank page', value: 'not measured', pass: null });
  const kb = (b: number) => `${f(b / 1024, 1)} KB`;
  for (const [name, limit] of [
    ['popup', 30],
    ['content', 15],
    ['background', 90],
  ] as const) {
    const b = e.bundles?.[name];
    g.push({
      goal: `${name} script ≤ ${limit} KB gzip`,
      value: b ? kb(b.jsGzip) : 'not measured',
      pass: b ? b.jsGzip <= limit * 1024 : null,
    });
  }
  const p = r.paced;
  if (p) {
    const runs = [p.import, ...(p.daily ? [p.daily] : [])];
    const q = runs.reduce((n, x) => n + x.quarantines, 0);
    g.push({
      goal: `paced large:${p.n}: 24SO quarantines under the pacer = 0`,
      value: `${q} (${runs.reduce((n, x) => n + x.requests.tfso, 0).toLocaleString('en-US')} 24SO requests)`,
      pass: q === 0,
    });
    const line = (what: string, x: PacedRun | null) =>
      g.push({
        goal: `paced large:${p.n}: the ${what} finishes under the pacer (share ${p.tfsoSharePerHour}/h)`,
        value: x
          ? `${x.finished ? 'finished' : `NOT finished (${x.stoppedBy})`} in ${f(x.simulatedHours, 1)} simulated h, ${x.segments} run(s), ${x.pauses} pause(s)`
          : 'not run (the import did not finish)',
        pass: x ? x.finished : false,
      });
    line('import', p.import);
    line('daily run', p.daily);
  }
  const hx = r.sizes.find((x) => x.hours)?.hours;
  if (hx?.measured)
    g.push({
      goal: 'hour transfer: ≤ 1.1 24SO requests per hour sent',
      value: `${f(hx.tfsoRequestsPerHourSent, 3)} (${hx.requests.tfso.toLocaleString('en-US')} requests / ${hx.sent.toLocaleString('en-US')} hours)`,
      pass: hx.sent > 0 && hx.tfsoRequestsPerHourSent <= 1.1,
    });
  const d = r.delay;
  if (d) {
    g.push({
      goal: `import large:${d.n} with ${d.delayMs} ms on every request: engine/floor ≤ 1.3 (floor one request at a time)`,
      value: `${f(d.engineOverFloor)} (${f(d.import.ms / 1000, 1)} s / ${f(d.floor.sequential.ms / 1000, 1)} s)${d.engineOverOverlappedFloor !== null ? `; ${f(d.engineOverOverlappedFloor)} against the floor at ${READ_AHEAD} reads in flight` : ''}`,
      pass: d.engineOverFloor <= 1.3,
    });
  }
  const largest = r.sizes[r.sizes.length - 1];
  if (largest) {
    const c = largest.capped;
    const h = largest.import.heap;
    const seen = `live peak ${f(h.livePeakMB, 0)} MB, sampled peak ${f(h.sampledPeakMB, 0)} MB incl. garbage`;
    g.push({
      goal: `largest import (large:${largest.n}) < ${HEAP_CAP_MB} MB heap`,
      value: !c
        ? `not run (${seen})`
        : c.completed
          ? `completed in a ${c.capMB} MB heap${c.ok ? '' : ` but stopped: ${c.error}`} (${seen}; capped run: live ${f(c.heap.livePeakMB, 0)} MB)`
          : `ran out in a ${c.capMB} MB heap: ${c.error} (${seen})`,
      pass: c ? c.completed && c.ok : null,
    });
  }
  return g;
}

// ---------------------------------------------------------------- table

function table(r: BenchReport): string {
  const out: string[] = [];
  const f = (x: number, d = 0) => round(x, d).toLocaleString('en-US');
  const s = (ms: number) => `${f(ms / 1000, 2)} s`;
  const row = (cells: string[], w: number[]) => cells.map((c, i) => (i === 0 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join('  ');
  out.push(
    `Benchmark ${r.date} · ${r.machine.cpuModel} × ${r.machine.cpus}, ${r.machine.memGB} GB · Node ${r.machine.node} · ${r.command}`,
  );
  out.push('');
  const w = [34, ...r.sizes.map(() => 18)];
  out.push(row(['', ...r.sizes.map((x) => `large:${x.n}`)], w));
  const line = (label: string, fn: (x: SizeResult) => string) => out.push(row([label, ...r.sizes.map(fn)], w));
  line('projects / customers / tasks', (x) => `${f(x.sizes.projects)}/${f(x.sizes.customers)}/${f(x.sizes.tasks)}`);
  line('import: wall time', (x) => s(x.import.ms));
  line('  (first import in the process, cold)', (x) => s(x.coldImportMs));
  line('import: requests 24SO / Busy', (x) => `${f(x.import.requests.tfso)} / ${f(x.import.requests.busy)}`);
  line('import: records (records/s)', (x) => `${f(x.import.records)} (${f(x.import.recordsPerSec)})`);
  line('floor: one at a time', (x) => s(x.import.floor.sequential.ms));
  line(`floor: ${READ_AHEAD} reads in flight`, (x) => s(x.import.floor.overlapped.ms));
  line('engine / floor (one at a time)', (x) => `${f(x.import.engineOverFloor, 2)}×`);
  line(`engine / floor (${READ_AHEAD} reads at a time)`, (x) => `${f(x.import.engineOverOverlappedFloor, 2)}×`);
  line('import: engine CPU per request', (x) => `${f(x.import.cpuUsPerRequest)} µs`);
  line('import: store calls (commits)', (x) => `${f(sum(x.import.storeCalls))} (${f(x.import.storeCalls.commit ?? 0)})`);
  line('import: heap live / sampled peak', (x) => `${f(x.import.heap.livePeakMB)} / ${f(x.import.heap.sampledPeakMB)} MB`);
  line(
    'incremental right after import',
    (x) => `${s(x.incrementalAfterImport.ms)}, ${x.incrementalAfterImport.requests.tfso}+${x.incrementalAfterImport.requests.busy} req`,
  );
  line('idle incremental: 24SO / Busy req', (x) => `${x.idle.requests.tfso} / ${x.idle.requests.busy}`);
  line('idle incremental: wall time', (x) => s(x.idle.ms));
  for (const k of [10, 100]) {
    line(`incremental k=${k}: wall time`, (x) => {
      const c = x.changes.find((y) => y.k === k)!;
      return s(c.ms);
    });
    line(`incremental k=${k}: requests`, (x) => {
      const c = x.changes.find((y) => y.k === k)!;
      return `${c.requests.tfso}+${c.requests.busy} (${c.edited} edited)`;
    });
  }
  if (r.sizes.some((x) => x.schedules)) {
    const sc = (fn: (x: SchedulesResult) => string) => (x: SizeResult) => (x.schedules ? fn(x.schedules) : '–');
    line(
      'idle schedules: 24SO / Busy per h',
      sc((x) => `${f(x.idle.perHour.tfso)} / ${f(x.idle.perHour.busy)}`),
    );
    line(
      '  24SO share of 7,200/h (goal)',
      sc((x) => `${f(x.idle.tfsoShareOfLimit * 100, 1)} % (${f(x.idle.goalShare * 100)} %)`),
    );
    line(
      '  push ×60: 24SO / Busy',
      sc((x) => `${f(x.idle.push.tfso)} / ${f(x.idle.push.busy)}`),
    );
    line(
      '  poll ×60: 24SO / Busy',
      sc((x) => `${f(x.idle.poll.tfso)} / ${f(x.idle.poll.busy)}`),
    );
    line(
      '  hourly ×1: 24SO / Busy',
      sc((x) => `${f(x.idle.hourly.tfso)} / ${f(x.idle.hourly.busy)}`),
    );
    line(
      '  daily ×1/24: 24SO / Busy',
      sc((x) => `${f(x.idle.daily.tfso)} / ${f(x.idle.daily.busy)} ÷ 24`),
    );
    line(
      '  projects active / in use',
      sc((x) => `${f(x.idle.activeProjects)} / ${f(x.idle.inUse)}`),
    );
  }
  const withLatency = r.sizes.filter((x) => x.schedules?.latency);
  if (withLatency.length) {
    out.push('');
    out.push(
      'Latency: simulated minutes from an edit to the end of the run after which the other side shows it, median / worst (promise), per size:',
    );
    const lw = [44, ...withLatency.map(() => 30)];
    out.push(row(['', ...withLatency.map((x) => `large:${x.n}`)], lw));
    const first = withLatency[0]!.schedules!.latency!;
    first.rows.forEach((_, i) => {
      const label = rowLabel(first.rows[i]!);
      out.push(
        row(
          [
            label,
            ...withLatency.map((x) => {
              const l = x.schedules!.latency!.rows[i]!;
              if (!l.promise) return l.note ?? '–';
              if (!l.edits) return 'no edit made';
              const m = l.medianMin === null ? '–' : f(l.medianMin, 1);
              const wst = l.worstMin === null ? '–' : f(l.worstMin, 1);
              return `${m} / ${wst} (${f(l.promise.minutes)})${l.pass ? '' : ` MISS ${l.missed}/${l.edits}`}`;
            }),
          ],
          lw,
        ),
      );
    });
    for (const x of withLatency) {
      const l = x.schedules!.latency!;
      out.push(
        `  large:${x.n}: ${l.rows.reduce((k, y) => k + y.edits, 0)} edits from ${l.startAt}, ${f(l.simulatedHours, 1)} simulated h (cap ${l.capHours}), ${l.allSeen ? 'all seen' : 'NOT all seen'}; ` +
          `runs push ${l.runs.push.runs}, hourly ${l.runs.hourly.runs}, daily ${l.runs.daily.runs}; ${l.failures.length} failed; in use up to ${l.inUseMax}; ${s(l.wallMs)} wall`,
      );
    }
  }
  out.push('');
  out.push('Import requests per operation (largest size):');
  const big = r.sizes[r.sizes.length - 1]!;
  for (const [sys, c] of Object.entries(big.import.perOperation)) {
    out.push(
      `  ${sys === 'tfso' ? '24SO' : 'Busy'}: ${Object.entries(c as Counts)
        .sort((a, b) => b[1] - a[1])
        .map(([op, n]) => `${op} ${f(n)}`)
        .join(', ')}`,
    );
  }
  for (const x of r.incrementalScaling)
    out.push(`incremental k=${x.k}: large:${x.largeN} / large:${x.smallN} = ${s(x.largeMs)} / ${s(x.smallMs)} = ${f(x.ratio, 2)}×`);
  const h = r.sizes.find((x) => x.hours)?.hours;
  const hn = r.sizes.find((x) => x.hours)?.n;
  if (h?.measured) {
    out.push(
      `hour transfer (large:${hn}, ${f(h.entries)} approved entries): ${f(h.sent)} sent, ${f(h.skipped)} skipped${h.ok ? '' : `, STOPPED: ${h.error}`}; ` +
        `${f(h.requests.tfso)} 24SO + ${f(h.requests.busy)} Busy requests in ${s(h.ms)} on loopback; at 24SO's 7,200 requests/hour: ${f(h.tfsoBudgetHours, 2)} h`,
    );
  } else out.push(`hour transfer: ${h ? h.why : 'not run'}`);
  const e = r.extension;
  if (e.bundles) {
    const kb = (b: number) => `${f(b / 1024, 1)} KB`;
    for (const [name, b] of Object.entries(e.bundles))
      out.push(
        `${name.padEnd(10)} ${kb(b.jsGzip)} gzip JS (${kb(b.jsBytes)} raw; ${b.files.join(', ')})${b.cssGzip ? ` + ${kb(b.cssGzip)} gzip CSS` : ''}`,
      );
  } else out.push(`bundles: ${e.note ?? 'not measured'}`);
  const p = r.paced;
  if (p) {
    const run = (what: string, x: PacedRun | null) =>
      out.push(
        x
          ? `paced ${what} (large:${p.n}, 24SO ${f(p.tfsoLimitPerHour)}/h, share ${f(p.tfsoSharePerHour)}/h, Busy unlimited): ${x.finished ? 'finished' : `NOT finished (${x.stoppedBy})`} in ${f(x.simulatedHours, 2)} simulated h ` +
              `(${s(x.wallMs)} wall), ${x.segments} run(s), ${x.pauses} pause(s), slept ${f(x.sleptMs / 1000)} s; ${f(x.requests.tfso)} 24SO + ${f(x.requests.busy)} Busy requests; quarantines ${x.quarantines}, Busy 429s ${x.busy429}`
          : `paced ${what}: not run (the import did not finish)`,
      );
    run('import', p.import);
    run('daily run', p.daily);
  } else out.push('paced runs: skipped (--no-paced)');
  const d = r.delay;
  if (d) {
    out.push(
      `import large:${d.n} with ${f(d.delayMs)} ms on every request: ${s(d.import.ms)} for ${f(d.import.requests.total)} requests (${f(d.msPerRequest, 1)} ms each); ` +
        `floor one at a time ${s(d.floor.sequential.ms)} (${f(d.engineOverFloor, 2)}×)${d.floor.overlapped ? `, ${d.floor.overlapped.depth} reads in flight ${s(d.floor.overlapped.ms)} (${f(d.engineOverOverlappedFloor ?? NaN, 2)}×)` : ''}`,
    );
  } else out.push('import with a real-world delay: skipped (--no-delay)');
  if (e.start)
    out.push(
      `popup first render: median ${f(e.start.popupMedian, 1)} ms vs blank page ${f(e.start.blankMedian, 1)} ms over ${e.start.runs} openings each = ${f(e.start.ratio, 2)}× (${e.start.blankPage})`,
    );
  out.push('');
  out.push('Goals:');
  for (const g of r.goals) out.push(`  ${g.pass === null ? '----' : g.pass ? 'pass' : 'MISS'}  ${g.goal}: ${g.value}`);
  out.push(`(total ${s(r.totalMs)})`);
  return out.join('\n');
}

// ---------------------------------------------------------------- main

export async function runBench(opts: BenchOptions, say: (s: string) => void = () => undefined): Promise<BenchReport> {
  const t0 = performance.now();
  const sizes: SizeResult[] = [];
  for (const n of opts.sizes) {
    const r = await measureSize(n, opts, n === opts.sizes[opts.sizes.length - 1], say);
    say(
      `large:${n} done: ${JSON.stringify({ import: r.import.ms, floor: r.import.floor.sequential.ms, idle: r.idle.requests, changes: r.changes.map((c) => c.ms), hours: r.hours })}`,
    );
    // --quick: the schedules at its largest size only (they add ~10 s a size).
    if (opts.schedules && (!opts.quick || n === opts.sizes[opts.sizes.length - 1])) {
      r.schedules = await measureSchedules(
        n,
        { editsPerRow: opts.latencyEdits, maxHours: opts.latencyMaxHours, startHour: opts.latencyStartHour, seed: n },
        opts.latency,
        say,
      );
      say(
        `large:${n} schedules done: ${JSON.stringify({ idlePerHour: r.schedules.idle.perHour, latencyAllSeen: r.schedules.latency?.allSeen })}`,
      );
    }
    sizes.push(r);
  }
  const incrementalScaling: BenchReport['incrementalScaling'] = [];
  if (sizes.length >= 2) {
    const small = sizes[0]!;
    const large = sizes[sizes.length - 1]!;
    for (const k of [10, 100]) {
      const a = small.changes.find((c) => c.k === k)!;
      const b = large.changes.find((c) => c.k === k)!;
      incrementalScaling.push({ k, smallN: small.n, largeN: large.n, smallMs: a.ms, largeMs: b.ms, ratio: b.ms / a.ms });
    }
  }
  const extension: BenchReport['extension'] = { buildMs: null, bundles: null, start: null };
  if (opts.extension) {
    try {
      if (opts.build) {
        say('extension: SIM_BUILD=1 wxt build');
        extension.buildMs = buildSim();
      }
      extension.bundles = bundleSizes();
      say('extension: popup first render in headless Chromium');
      extension.start = await startTimes(opts.popupRuns);
    } catch (e) {
      extension.note = `not measured: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
    }
  } else extension.note = 'skipped (--no-extension)';
  let paced: PacedResult | null = null;
  if (opts.paced && opts.sizes.length) {
    const n = opts.sizes[opts.sizes.length - 1]!;
    paced = await measurePaced(n, { share: opts.tfsoShare, maxSimHours: opts.pacedMaxHours, maxWallMs: opts.pacedMaxWallMs }, say);
    say(`paced large:${n} done: ${JSON.stringify({ import: paced.import, daily: paced.daily })}`);
  }
  let delay: DelayResult | null = null;
  if (opts.delay && opts.sizes.length) {
    const n = opts.delaySize ?? (opts.quick ? opts.sizes[0]! : 20);
    delay = await measureDelay(n, opts.delayMs, { overlapped: true }, say);
    say(
      `delay large:${n} done: ${JSON.stringify({ import: delay.import.ms, floor: delay.floor.sequential.ms, ratio: delay.engineOverFloor })}`,
    );
  }
  const cpu = cpus();
  const base = {
    date: new Date().toISOString(),
    machine: {
      cpus: cpu.length,
      cpuModel: cpu[0]?.model.trim() ?? 'unknown',
      memGB: Math.round(totalmem() / 1024 ** 3),
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
    },
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    options: opts,
    sizes,
    incrementalScaling,
    extension,
    paced,
    delay,
  };
  return { ...base, goals: goals(base), totalMs: performance.now() - t0 };
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const opts = parseArgs(process.argv.slice(2));
  runBench(opts, (m) => process.stderr.write(`[bench] ${m}\n`)).then(
    (r) => {
      process.stdout.write(`${JSON.stringify(r)}\n`);
      if (!opts.jsonOnly) process.stdout.write(`\n${table(r)}\n`);
      process.exit(0);
    },
    (e: unknown) => {
      process.stderr.write(`bench failed: ${e instanceof Error ? e.stack : String(e)}\n`);
      process.exit(1);
    },
  );
}
