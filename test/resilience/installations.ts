// Many installations, one company (issue 13): N installations of the extension, each with its own
// store, session and id, run the same schedules against the same company AT THE SAME MOMENT, with
// random start offsets and random request delays. Afterwards (one clean round to converge) every
// record and every hour must be on each side exactly once, and nothing may be missing.
// Shared by test/coordination/installations.test.ts (a CI sample) and report.ts (the campaign).
import { runSync, type SyncTrigger } from '../../utils/sync/engine';
import { isEligible, runHoursTransfer, type HoursMode } from '../../utils/hours';
import { markerOfHour, orderMarker } from '../../utils/hours/marker';
import { originOf } from '../../utils/sync/origin';
import { approveEntries, createOrder } from '../sim/busy/orders';
import { startSimPair, type SimPair } from '../support/sim-pair';
import { installations, type Installation } from '../support/installations';

export interface ScenarioOptions {
  installations: number;
  /** Seeds the schedule (start offsets, order of runs, request delays). */
  seed: number;
  mode: Exclude<HoursMode, null | 'never'>;
  /** Per-request delay 0..jitterMs at each installation. */
  jitterMs?: number;
  /** Also slow a few random operations on the servers (the sims' `slow` fault). */
  slowFaults?: boolean;
  /** Stop one installation in the middle of its hour transfer; the others carry on. */
  killOne?: boolean;
  /** false: no coordination (the product before issue 13): shows that the checks catch duplicates. */
  coordinate?: boolean;
  /** Installations' clocks off by up to this, either way. */
  skewMs?: number;
}

export interface ScenarioResult {
  duplicates: string[];
  lost: string[];
  problems: string[];
  /** How many runs the installations made, and how many of them stopped (lock busy, killed…). */
  runs: number;
  stopped: number;
  ms: number;
}

/** A small deterministic generator (mulberry32), so a failing seed can be replayed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function runScenario(o: ScenarioOptions): Promise<ScenarioResult> {
  const started = Date.now();
  const random = rng(o.seed);
  const pair = await startSimPair('demo', { timeoutMs: 5000, storePrefix: `inst-${o.seed}` });
  const res: ScenarioResult = { duplicates: [], lost: [], problems: [], runs: 0, stopped: 0, ms: 0 };
  try {
    const startedAt = pair.clock.fn().toISOString();
    const all = await installations(pair, o.installations, {
      jitterMs: o.jitterMs ?? 20,
      random,
      coordinate: o.coordinate,
      skewMs: o.skewMs,
    });
    const integrationContactId = pair.tfso.state.integrationUser.contactId;
    const transfer = (i: Installation) => runHoursTransfer(i.hours, { mode: o.mode, overrides: {}, integrationContactId });
    const victim = o.killOne ? all[Math.floor(random() * all.length)]! : undefined;

    // What people do meanwhile: hours approved (and, in on-order mode, orders made) at random times.
    const submitted = [...pair.busy.state.hourEntries.values()]
      .filter((h) => h.isActive && h.approvalStatus === 'submitted')
      .map((h) => h.id);
    const people = (async () => {
      await sleep(random() * 300);
      approveEntries(
        pair.busy.state,
        submitted.filter(() => random() < 0.7),
      );
      if (o.mode === 'on-order') {
        await sleep(random() * 300);
        const projects = [
          ...new Set(
            [...pair.busy.state.hourEntries.values()]
              .filter((h) => h.approvalStatus === 'approved' && h.invoiceId === null && h.projectId)
              .map((h) => h.projectId!),
          ),
        ].sort();
        for (const p of projects.slice(0, 2)) {
          try {
            createOrder(pair.busy.state, p, null);
          } catch {
            /* nothing to order */
          }
        }
      }
    })();
    if (o.slowFaults) {
      for (const [sim, ops] of [
        [pair.busy, ['PATCH /tags/{tagId}', 'GET /tags/{tagId}', 'POST /projects', 'PATCH /hourEntries/{hourEntryId}']],
        [pair.tfso, ['SaveHour', 'GetHours', 'SaveProject', 'SaveInvoices']],
      ] as const) {
        for (const op of ops)
          if (random() < 0.5)
            sim.faults.add({ op, kind: 'slow', count: 1 + Math.floor(random() * 2), delayMs: 50 + Math.floor(random() * 300) });
      }
    }

    // Every installation: the full sync, then the push, the hourly run and the transfer in a
    // random order, each start after a random pause.
    const schedules = all.map(async (inst) => {
      const steps: (SyncTrigger | 'transfer')[] = ['full', ...shuffle(['push', 'incremental', 'transfer'] as const, random)];
      for (const step of steps) {
        await sleep(random() * 150);
        if (inst === victim && step === 'transfer') setTimeout(() => inst.kill(), 20 + random() * 80);
        res.runs++;
        try {
          const ok = step === 'transfer' ? !(await transfer(inst)).error : (await runSync(inst.sync, step)).ok;
          if (!ok) res.stopped++;
        } catch {
          res.stopped++;
        }
        if (inst === victim && step === 'transfer') return; // gone, with whatever it left behind
      }
    });
    await Promise.all([...schedules, people]);
    pair.busy.faults.clear();
    pair.tfso.faults.clear();

    // Converge: the survivors run one clean round each, in turn.
    const survivors = all.filter((i) => i !== victim);
    for (const inst of survivors) {
      const s = await runSync(inst.sync, 'full');
      if (!s.ok) res.problems.push(`converging full sync of ${inst.id}: ${s.error?.message}`);
      const t = await transfer(inst);
      if (t.error) res.problems.push(`converging transfer of ${inst.id}: ${t.error.message}`);
    }
    // What the survivors hold back with a reason (master data that cannot take it) is not lost.
    const skipped = new Set<string>();
    for (const inst of survivors) {
      for (const r of await inst.store.hours.all()) if (r.state === 'skipped') skipped.add(r.busyEntryId);
      for (const r of await inst.store.orders.all()) if (r.state === 'skipped') skipped.add(`order:${r.busyOrderId}`);
    }
    check(pair, o.mode, startedAt, res, skipped);
    for (const i of all) i.store.close();
    await Promise.all(all.map((i) => i.fetch.close()));
  } finally {
    await pair.close();
    res.ms = Date.now() - started;
  }
  return res;
}

function shuffle<T>(xs: readonly T[], random: () => number): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function tfsoData(pair: SimPair) {
  return pair.tfso.state.clients[pair.tfso.state.identities.find((i) => i.isDefault)!.clientId]!;
}

/** Exactly once on each side, nothing lost. */
export function check(
  pair: SimPair,
  mode: ScenarioOptions['mode'],
  startedAt: string,
  res: ScenarioResult,
  skipped: ReadonlySet<string>,
): void {
  const b = pair.busy.state;
  const t = tfsoData(pair);
  const twice = (label: string, keys: (string | null)[]) => {
    const seen = new Set<string>();
    for (const k of keys) {
      if (k === null) continue;
      if (seen.has(k)) res.duplicates.push(`${label} ${k}`);
      seen.add(k);
    }
  };
  const numeric = (s: string | null) => (s !== null && /^\d+$/.test(s) ? s : null);
  // Busy: one mirror per 24SO record; and no copy created during the run and retired since (a
  // retired copy is a record made twice, even if it was put out of the way).
  twice(
    'Busy client for 24SO company',
    [...b.clients.values()].map((c) => numeric(c.externalId)),
  );
  twice(
    'Busy project for 24SO project',
    [...b.projects.values()].map((p) => numeric(p.externalId)),
  );
  twice(
    'Busy work type for 24SO work type',
    [...b.tags.values()].filter((x) => x.type === 'work').map((x) => numeric(x.externalId)),
  );
  twice(
    'Busy task for 24SO task',
    [...b.tasks.values()].map((x) => numeric(x.externalId)),
  );
  for (const [label, rows] of [
    ['client', [...b.clients.values()]],
    ['project', [...b.projects.values()]],
    ['task', [...b.tasks.values()]],
  ] as const) {
    for (const r of rows)
      if (r.createdAt > startedAt && r.externalId === null && !r.isActive) res.duplicates.push(`Busy ${label} ${r.id} made and retired`);
  }
  // 24SO: one record per Busy origin, one hour per Busy entry, one order per Busy order.
  twice(
    '24SO project from Busy project',
    t.projects.map((p) => originOf(p.description)),
  );
  twice(
    '24SO work type from Busy work type',
    t.workTypes.map((w) => originOf(w.description)),
  );
  twice(
    '24SO task from Busy task',
    t.tasks.map((x) => originOf(x.description)),
  );
  twice(
    '24SO project name',
    t.projects.map((p) => p.name),
  );
  twice(
    '24SO hour for Busy entry',
    t.hours.map((h) => markerOfHour(h)),
  );
  twice(
    '24SO order for Busy order',
    t.invoices.map((i) => i.referenceNumber ?? null),
  );
  // Nothing lost: every 24SO project in Busy; every eligible entry in 24SO; every order too.
  const mirrored = new Set([...b.projects.values()].map((p) => p.externalId));
  for (const p of t.projects) if (!mirrored.has(String(p.id))) res.lost.push(`24SO project ${p.id} not in Busy`);
  const inTfso = new Set(t.hours.map((h) => markerOfHour(h)));
  for (const e of b.hourEntries.values()) {
    if (isEligible(e as never, mode) && !skipped.has(e.id) && !inTfso.has(e.id)) res.lost.push(`eligible entry ${e.id} not in 24SO`);
  }
  if (mode === 'on-order') {
    const refs = new Set(t.invoices.map((i) => i.referenceNumber));
    for (const d of b.drafts.values())
      if (!skipped.has(`order:${d.id}`) && !refs.has(orderMarker(d.id))) res.lost.push(`Busy order ${d.id} not in 24SO`);
  }
}

export interface InstallationsCampaign {
  lines: string[];
  duplicates: number;
  lost: number;
  problems: string[];
}

/**
 * `runs` random schedules for each installation count: modes, kills and slow answers drawn from
 * the schedule's seed (replay one with runScenario and the seed printed for it).
 */
export async function runInstallationsCampaign(
  runs: number,
  counts: readonly number[],
  progress?: (line: string) => void,
  firstSeed = 0,
): Promise<InstallationsCampaign> {
  const out: InstallationsCampaign = { lines: [], duplicates: 0, lost: 0, problems: [] };
  for (const n of counts) {
    let dup = 0,
      lost = 0,
      stopped = 0,
      total = 0,
      killed = 0,
      ms = 0;
    for (let i = 0; i < runs; i++) {
      const seed = n * 100_000 + firstSeed + i;
      const pick = rng(seed ^ 0x5bd1e995);
      const opts: ScenarioOptions = {
        installations: n,
        seed,
        mode: pick() < 0.5 ? 'on-approval' : 'on-order',
        jitterMs: Math.floor(pick() * 40),
        slowFaults: pick() < 0.5,
        killOne: pick() < 0.3,
        skewMs: pick() < 0.5 ? 3 * 3_600_000 : 0,
      };
      const r = await runScenario(opts);
      dup += r.duplicates.length;
      lost += r.lost.length;
      stopped += r.stopped;
      total += r.runs;
      ms += r.ms;
      if (opts.killOne) killed++;
      for (const p of [...r.problems, ...r.duplicates, ...r.lost]) out.problems.push(`${n} installations, seed ${seed}: ${p}`);
      progress?.(
        `installations ${n}, schedule ${i + 1}/${runs} (seed ${seed}, ${opts.mode}${opts.killOne ? ', one killed' : ''}${opts.slowFaults ? ', slow answers' : ''}${opts.skewMs ? ', clocks off by hours' : ''}): duplicates ${r.duplicates.length}, lost ${r.lost.length}, ${(r.ms / 1000).toFixed(1)} s`,
      );
    }
    out.duplicates += dup;
    out.lost += lost;
    out.lines.push(
      `Installations at once (${n}): ${runs} random schedules (each: full sync, push, hourly run and hour transfer in every installation, random offsets and request delays; ${killed} with one installation stopped mid-transfer); duplicated ${dup}; lost ${lost}; runs ${total}, of which stopped and retried later ${stopped}; ${(ms / runs / 1000).toFixed(1)} s a schedule`,
    );
  }
  return out;
}
