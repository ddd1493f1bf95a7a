// The long fault campaign: random schedules mixing master-data edits on both sides, approvals,
// orders, faults of every kind on the operations of both the master-data sync and the hour
// transfer, and runs of each. After each schedule (faults off, two clean rounds) it must have
// converged (a further full sync writes nothing, every 24SO project mirrored once under the same
// name) and be exactly-once (each eligible Busy entry in 24SO once, none twice). Shared by
// campaign.property.test.ts and report.ts.
import fc from 'fast-check';
import { runSync, type SyncTrigger } from '../../utils/sync/engine';
import { isEligible } from '../../utils/hours';
import { markerOf } from '../../utils/hours/marker';
import type { FaultKind } from '../sim/faults';
import { startHoursWorld, type HoursWorld } from '../hours/harness';
import type { World } from '../sync/harness';
import { masterProblems } from './bad-input';

type Step =
  | { t: 'tfsoRename'; i: number }
  | { t: 'tfsoDeactivate'; i: number }
  | { t: 'busyRename'; i: number }
  | { t: 'approve'; i: number; n: number }
  | { t: 'order'; i: number }
  | { t: 'fault'; system: 'busy' | 'tfso'; op: string; kind: FaultKind }
  | { t: 'sync'; trigger: SyncTrigger }
  | { t: 'transfer' };

const OPS = {
  busy: [
    'GET /projects',
    'POST /projects',
    'PATCH /projects/{projectId}',
    'GET /clients',
    'GET /hourEntries',
    'PATCH /hourEntries/{hourEntryId}',
    'GET /projects/{projectId}/users',
  ],
  tfso: ['GetProjectList', 'SaveProject', 'GetCompanies', 'GetWorkTypeList', 'SaveHour', 'GetHours', 'SaveInvoices', 'GetProjectTasks'],
};
const KINDS: FaultKind[] = [
  'http500',
  'soapFault',
  'timeout',
  'truncated',
  'malformed',
  'htmlLogin',
  'unauthorized',
  'lostAnswer',
  'rateLimit',
];

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ t: fc.constant('tfsoRename' as const), i: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('tfsoDeactivate' as const), i: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('busyRename' as const), i: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('approve' as const), i: fc.nat(), n: fc.integer({ min: 1, max: 6 }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('order' as const), i: fc.nat() }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom('busy' as const, 'tfso' as const).chain((system) =>
      fc.record({
        t: fc.constant('fault' as const),
        system: fc.constant(system),
        op: fc.constantFrom(...OPS[system]),
        kind: fc.constantFrom(...KINDS),
      }),
    ),
  },
  {
    weight: 3,
    arbitrary: fc.record({ t: fc.constant('sync' as const), trigger: fc.constantFrom<SyncTrigger>('full', 'incremental', 'push') }),
  },
  { weight: 3, arbitrary: fc.constant({ t: 'transfer' as const }) },
);

export interface CampaignResult {
  runs: number;
  converged: number;
  duplicates: number;
  recordsLost: number;
  problems: string[];
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function schedule(steps: Step[], mode: 'on-approval' | 'on-order', res: CampaignResult): Promise<void> {
  const w: HoursWorld = await startHoursWorld('demo');
  try {
    for (const d of [w.deps.tfso, w.deps.busy]) d.timeoutMs = 1000;
    w.deps.busy.sleep = sleep;
    const client = () => w.tfso.state.clients[w.tfso.state.identities.find((i) => i.isDefault)!.clientId]!;
    const stamp = () => w.clock.fn().toISOString();
    const inactiveStatus = client().statuses.find((s) => !s.active)!.id;
    const sync = (trigger: SyncTrigger) => runSync(w.deps, trigger);
    let n = 0;
    for (const s of steps) {
      const projects = client().projects;
      const busyProjects = [...w.busy.state.projects.values()].filter((p) => p.isActive);
      const entries = [...w.busy.state.hourEntries.values()].sort((a, b) => Number(a.id) - Number(b.id));
      if (s.t === 'tfsoRename' && projects.length) {
        const p = projects[s.i % projects.length]!;
        p.name = `${p.name.replace(/ \(\d+\)$/, '')} (${++n})`;
        p.dateChanged = stamp();
      } else if (s.t === 'tfsoDeactivate' && projects.length) {
        const p = projects[s.i % projects.length]!;
        p.statusId = inactiveStatus;
        p.dateChanged = stamp();
      } else if (s.t === 'busyRename' && busyProjects.length) {
        const p = busyProjects[s.i % busyProjects.length]!;
        p.name = `${p.name.replace(/ \[\d+\]$/, '')} [${++n}]`;
        p.updatedAt = w.busy.state.stamp();
      } else if (s.t === 'approve') w.approve(entries.slice(s.i % entries.length, (s.i % entries.length) + s.n).map((e) => e.id));
      else if (s.t === 'order') {
        const ids = [...new Set(entries.map((e) => e.projectId).filter((x): x is string => x !== null))].sort();
        try {
          w.order(ids[s.i % ids.length]!);
        } catch {
          /* nothing to order */
        }
      } else if (s.t === 'fault') {
        const f = s.kind === 'rateLimit' ? { delayMs: 1000 } : {};
        (s.system === 'busy' ? w.busy : w.tfso).faults.add({ op: s.op, kind: s.kind, count: 1, ...f });
      } else if (s.t === 'sync') await sync(s.trigger);
      else await w.transfer(mode);
      // Exactly-once holds at every step, not only at the end.
      const dup = duplicateMarkers(w);
      if (dup.length) {
        res.duplicates += dup.length;
        res.problems.push(`after ${s.t}: Busy entries twice in 24SO: ${dup.join(', ')}`);
      }
    }
    w.busy.faults.clear();
    w.tfso.faults.clear();
    // Healthy rounds with the usual timeout: a loaded machine must not look like a fault.
    for (const d of [w.deps.tfso, w.deps.busy]) d.timeoutMs = 5000;
    for (let i = 0; i < 2; i++) {
      await sync('full');
      await w.transfer(mode);
    }
    // Converged: one more full sync and transfer write nothing.
    w.busy.resetCounts();
    w.tfso.resetCounts();
    const last = await sync('full');
    await w.transfer(mode);
    const writes = [...Object.entries(w.busy.counts()), ...Object.entries(w.tfso.counts())].filter(
      ([op]) => !/^(GET |Get|Login|HasSession)/.test(op),
    );
    const problems: string[] = [];
    if (!last.ok) problems.push(`final full sync failed: ${last.error?.message}`);
    if (writes.length) problems.push(`not converged: a further round wrote ${JSON.stringify(writes)}`);
    problems.push(...(await masterProblems(w as unknown as World)));
    const byExternal = new Map([...w.busy.state.projects.values()].filter((p) => p.externalId).map((p) => [p.externalId!, p]));
    for (const p of client().projects) {
      const b = byExternal.get(String(p.id));
      if (!b) {
        res.recordsLost++;
        problems.push(`24SO project ${p.id} not in Busy`);
      } else if (b.name !== p.name) problems.push(`project ${p.id}: "${p.name}" in 24SO, "${b.name}" in Busy`);
    }
    const inTfso = new Map<string, number>();
    for (const h of client().hours) {
      const m = markerOf(h.description);
      if (m) inTfso.set(m, (inTfso.get(m) ?? 0) + 1);
    }
    for (const e of w.busy.state.hourEntries.values()) {
      if (!isEligible(e as never, mode)) continue;
      const rec = await w.store.hours.get(e.id);
      if (rec?.state === 'skipped') continue; // master data not sendable: listed with its reason
      if ((inTfso.get(e.id) ?? 0) === 0) {
        res.recordsLost++;
        problems.push(`eligible entry ${e.id} not in 24SO (ledger ${rec?.state ?? 'none'})`);
      }
    }
    if (!problems.length) res.converged++;
    res.problems.push(...problems);
  } finally {
    await w.close();
  }
}

function duplicateMarkers(w: HoursWorld): string[] {
  const seen = new Set<string>();
  const dup: string[] = [];
  for (const h of w.tfsoHours()) {
    const m = markerOf(h.description);
    if (!m) continue;
    if (seen.has(m)) dup.push(m);
    seen.add(m);
  }
  return dup;
}

export async function runCampaign(runs: number, seed?: number): Promise<CampaignResult> {
  const res: CampaignResult = { runs: 0, converged: 0, duplicates: 0, recordsLost: 0, problems: [] };
  const samples = fc.sample(
    fc.tuple(fc.constantFrom('on-approval' as const, 'on-order' as const), fc.array(stepArb, { minLength: 4, maxLength: 16 })),
    { numRuns: runs, ...(seed !== undefined ? { seed } : {}) },
  );
  for (const [mode, steps] of samples) {
    res.runs++;
    const before = res.problems.length;
    await schedule(steps, mode, res);
    if (res.problems.length > before) res.problems.splice(before, 0, `schedule ${res.runs} (${mode}): ${JSON.stringify(steps)}`);
  }
  return res;
}
