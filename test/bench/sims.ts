// The benchmark's simulators, in a child process of their own (run.ts forks it): the engine's
// process then holds only the engine, its store and its HTTP client, so the heap it reports is
// the engine's, and client and servers use separate cores as they would in production. The
// requests still go over loopback HTTP. Commands come over the fork's IPC channel (see SimsRpc).
//
// Both sims run without their rate limits: the benchmark measures the work, the budgets are
// computed from the counts (24SO's published 7,200/hour) instead of waited out — except the paced
// runs (paced.ts), which switch 24SO's on.
import { makeSeed } from '../sim/seeds/company';
import { SimClock } from '../sim/clock';
import { startBusySim, type BusySim } from '../sim/busy/server';
import { startTfsoSim, type TfsoSim } from '../sim/tfso/server';
import { Edits, type EditSpec } from './edits';

export interface SimsInfo {
  tfso: { api: string; webservices: string; applicationId: string; username: string; password: string; port: number };
  busy: { api: string; token: string; port: number };
  integrationContactId: number;
  sizes: { projects: number; customers: number; tasks: number; users: number; workTypes: number; busyHours: number; busyApproved: number };
  seedMs: number;
}

export type SimsCommand =
  | { cmd: 'counts' }
  | { cmd: 'resetCounts' }
  /** Renames k linked, active 24SO projects (as a user would in 24SO: DateChanged moves). */
  | { cmd: 'editProjects'; k: number; tag: string }
  /** Leaves exactly `n` Busy hour entries, all active and approved (the others are removed). */
  | { cmd: 'limitApproved'; n: number }
  /** Replaces both sims' state with the seed again (sessions included: log in again). */
  | { cmd: 'reseed' }
  /** Moves both sims' clock forward (the engine's moves with it: world.ts advance). */
  | { cmd: 'advance'; ms: number }
  /** 24SO's request budget as published (paced.ts): requests per clock hour, and a session that
   * outlives the hours a paced run takes. */
  | { cmd: 'tfsoLimit'; perHour: number; sessionIdleMs: number }
  /** The sims' clock (ISO): the simulated world's time, which the schedule (schedules.ts) follows. */
  | { cmd: 'now' }
  /** Every request both sims handle waits this long first (the sims' `delayMs`, wall-clock). */
  | { cmd: 'delay'; ms: number }
  /** The latency edits (edits.ts): Busy's hour entries removed (returns how many). */
  | { cmd: 'clearHours' }
  /** Hours logged today on `count` projects (the hour transfer then notes them in use). */
  | { cmd: 'logInUse'; count: number; seed: number }
  /** One edit, as a person makes it in the service's web app (edits.ts); returns EditMade. */
  | { cmd: 'edit'; spec: EditSpec }
  /** Of these edits, those the other side shows now (each reported once). */
  | { cmd: 'seen'; ids: number[] }
  | { cmd: 'close' };

const UNLIMITED = 1e12;

let tfso: TfsoSim;
let busy: BusySim;
let seedName: `large:${number}`;
let clock: SimClock;
let edits: Edits | null = null;

function defaultClient() {
  const def = tfso.state.identities.find((i) => i.isDefault)!;
  return tfso.state.clients[def.clientId]!;
}

async function start(name: `large:${number}`): Promise<SimsInfo> {
  seedName = name;
  const t0 = performance.now();
  const seed = makeSeed(name);
  const seedMs = performance.now() - t0;
  clock = new SimClock(seed.now);
  [tfso, busy] = await Promise.all([
    startTfsoSim({ seed, clock: clock.fn, rateLimitPerHour: UNLIMITED }),
    startBusySim({ seed, clock: clock.fn, rateLimit: { limit: UNLIMITED, windowSec: 3600 } }),
  ]);
  const approved = seed.busy.hourEntries.filter((h) => h.isActive && h.approvalStatus === 'approved').length;
  return {
    tfso: {
      api: tfso.api,
      webservices: tfso.webservices,
      applicationId: tfso.applicationId,
      username: tfso.username,
      password: tfso.password,
      port: tfso.port,
    },
    busy: { api: busy.api, token: busy.token, port: busy.port },
    integrationContactId: seed.tfso.integrationUser.contactId,
    sizes: {
      projects: seed.tfso.projects.length,
      customers: seed.tfso.companies.length,
      tasks: seed.tfso.tasks.length,
      users: seed.tfso.users.length,
      workTypes: seed.tfso.workTypes.length,
      busyHours: seed.busy.hourEntries.length,
      busyApproved: approved,
    },
    seedMs,
  };
}

async function handle(c: SimsCommand): Promise<unknown> {
  switch (c.cmd) {
    case 'counts':
      return { tfso: tfso.counts(), busy: busy.counts() };
    case 'resetCounts':
      tfso.resetCounts();
      busy.resetCounts();
      return true;
    case 'editProjects': {
      const data = defaultClient();
      const active = new Set(data.statuses.filter((s) => s.active).map((s) => s.id));
      const linked = new Set([...busy.state.projects.values()].map((p) => p.externalId));
      const now = clock.now().toISOString();
      const picked = data.projects.filter((p) => active.has(p.statusId) && linked.has(String(p.id)));
      // Spread over the company so the edits are not all at one end of any list.
      const step = Math.max(1, Math.floor(picked.length / c.k));
      const edited: number[] = [];
      for (let i = 0; i < picked.length && edited.length < c.k; i += step) {
        const p = picked[i]!;
        p.name = `${p.name} ${c.tag}`;
        p.dateChanged = now;
        edited.push(p.id);
      }
      return edited;
    }
    case 'limitApproved': {
      // The transfer's first pass walks every entry Busy lists (approved or not): measuring "n
      // approved hours" means a Busy holding just those.
      let kept = 0;
      for (const [id, h] of busy.state.hourEntries) {
        if (h.isActive && h.approvalStatus === 'approved' && kept < c.n) kept++;
        else busy.state.hourEntries.delete(id);
      }
      return kept;
    }
    case 'reseed': {
      edits = null;
      for (const sim of [tfso, busy]) {
        const r = await fetch(`http://127.0.0.1:${sim.port}/_sim/seed`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ seed: seedName }),
        });
        if (!r.ok) throw new Error(`reseed: ${r.status} ${await r.text()}`);
      }
      return true;
    }
    case 'advance':
      clock.advance(c.ms);
      return true;
    case 'now':
      return clock.now().toISOString();
    case 'delay':
      tfso.configure({ delayMs: c.ms });
      busy.configure({ delayMs: c.ms });
      return true;
    case 'clearHours':
      edits ??= new Edits(tfso, busy, clock.fn, 1);
      return edits.clearHours();
    case 'logInUse':
      edits = new Edits(tfso, busy, clock.fn, c.seed);
      edits.clearHours();
      return edits.logInUse(c.count);
    case 'edit':
      if (!edits) throw new Error('edit: logInUse first');
      return edits.make(c.spec);
    case 'seen':
      return edits ? edits.seen(c.ids) : [];
    case 'tfsoLimit':
      tfso.configure({ rateLimitPerHour: c.perHour, sessionIdleMs: c.sessionIdleMs });
      return true;
    case 'close':
      await Promise.all([tfso.close(), busy.close()]);
      setImmediate(() => process.exit(0));
      return true;
  }
}

process.on('message', (m: { id: number; start?: `large:${number}`; command?: SimsCommand }) => {
  const p = m.start ? start(m.start) : handle(m.command!);
  p.then(
    (result) => process.send!({ id: m.id, result }),
    (e: unknown) => process.send!({ id: m.id, error: e instanceof Error ? e.stack : String(e) }),
  );
});
process.on('disconnect', () => process.exit(0));
