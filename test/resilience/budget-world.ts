// The request budget's test bed (issue 15): both simulators over HTTP on one clock (the pacer's
// clock too), a store on a fake-indexeddb database that can be opened again as a restarted worker
// would, the installation's pacer on it, and a log of every 24SO answer the engine got (the sim
// clock when it was sent, APILimitRemaining / APILimitReset, whether it was the quarantine fault).
import { IDBFactory } from 'fake-indexeddb';
import type { SeedCompany } from '../sim/seeds/types';
import { startSimPair, type SimPair } from '../support/sim-pair';
import { createIdbStore } from '../../utils/store/idb-store';
import type { SyncStore } from '../../utils/store/types';
import { Pacer, type PacerConfig, type Priority } from '../../utils/pacer';
import type { SyncDeps } from '../../utils/sync/engine';
import type { HoursDeps } from '../../utils/hours';
import type { HttpFetch } from '../../utils/core/http';
import { callService } from '../../utils/tfso/soap';
import type { World } from '../sync/harness';
import type { OptionDeps } from '../support/sim-pair';

export interface TfsoAnswerSeen {
  /** Sim clock when sent (ms). */
  at: number;
  op: string;
  status: number;
  remaining: number | null;
  reset: string | null;
  quarantined: boolean;
}

export interface BudgetWorld {
  pair: SimPair;
  store: SyncStore;
  pacer: Pacer;
  /** 24SO answers to the engine's requests, in order of arrival. */
  seen: TfsoAnswerSeen[];
  /** The 24SO simulator's count this clock hour for our applicationId: used and refused. */
  simHour(): { used: number; over: number };
  /** A new worker: the store closed and opened again (same database), a new pacer on it. */
  restart(): Promise<void>;
  /** The share etc. for this pacer and the ones after a restart. */
  setBudget(c: Partial<PacerConfig>): void;
  sync(priority: Priority): OptionDeps<SyncDeps>;
  /** What the engine sends 24SO requests through (recorded in `seen`). */
  tfsoHttp: HttpFetch;
  hours(): OptionDeps<HoursDeps>;
  /** Moves the simulators' clock (both: they share it) through their control endpoint. */
  setClock(iso: string): Promise<void>;
  /** `n` 24SO requests by someone else on the same applicationId (not through the pacer). */
  burn(n: number): Promise<void>;
  /** The world as test/sync helpers (snapshot, expectNoDuplicates) read it. */
  asWorld(): World;
  close(): Promise<void>;
}

let seq = 0;

export async function startBudgetWorld(
  seed: SeedCompany | 'demo',
  tfsoLimit: { rateLimitPerHour: number; limitHeaders?: boolean },
  budget: Omit<PacerConfig, 'maxWaitMs'> & { maxWaitMs?: number },
): Promise<BudgetWorld> {
  const pair = await startSimPair(seed, { timeoutMs: 5000, storePrefix: 'budget-unused' });
  // Hours of sim time pass between runs here; the user's 24SO session outlives them.
  pair.tfso.configure({
    sessionIdleMs: 7 * 24 * 3_600_000,
    rateLimitPerHour: tfsoLimit.rateLimitPerHour,
    limitHeaders: tfsoLimit.limitHeaders ?? true,
  });
  pair.store.close();
  const idb = new IDBFactory();
  const name = `budget-${seq++}`;
  const clock = pair.clock;
  let config: PacerConfig = { maxWaitMs: 20_000, ...budget };
  const seen: TfsoAnswerSeen[] = [];
  const recorded: HttpFetch = async (url, init) => {
    const at = clock.now().getTime();
    const res = await pair.tfsoCtx.http(url, init);
    const h = res.headers;
    const rem = h.get('apilimitremaining');
    const op = String((init.headers as Record<string, string>).SOAPAction ?? '').replace(/^".*\/(.*)"$/, '$1');
    const entry: TfsoAnswerSeen = {
      at,
      op,
      status: res.status,
      remaining: rem === null ? null : Number(rem),
      reset: h.get('apilimitreset'),
      quarantined: false,
    };
    seen.push(entry);
    return {
      status: res.status,
      headers: res.headers,
      text: async () => {
        const t = await res.text();
        entry.quarantined = /Limit exceeded/.test(t);
        return t;
      },
    };
  };
  const open = async () => {
    const store = await createIdbStore(name, { indexedDB: idb });
    return {
      store,
      pacer: new Pacer({ store: async () => store, now: clock.fn, sleep: (ms) => new Promise((r) => setTimeout(r, ms)), config }),
    };
  };
  let cur = await open();
  const control = async (path: string, body: unknown) => {
    const r = await fetch(`http://127.0.0.1:${pair.tfso.port}/_sim/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!r.ok) throw new Error(`/_sim/${path}: ${r.status} ${await r.text()}`);
  };
  const w: BudgetWorld = {
    pair,
    seen,
    get store() {
      return cur.store;
    },
    get pacer() {
      return cur.pacer;
    },
    simHour() {
      const b = pair.tfso.state.rate[pair.tfso.applicationId];
      const hour = Math.floor(clock.now().getTime() / 3_600_000);
      return b && b.hour === hour ? { used: b.used, over: b.over } : { used: 0, over: 0 };
    },
    async restart() {
      cur.store.close();
      cur = await open();
    },
    setBudget(c) {
      config = { ...config, ...c };
      cur.pacer.configure(config);
    },
    tfsoHttp: recorded,
    sync: (priority) => ({
      store: cur.store,
      tfso: { ...pair.tfsoCtx, http: recorded },
      busy: pair.busyOpts,
      now: clock.fn,
      pacer: cur.pacer.run(priority),
    }),
    hours: () => ({
      store: cur.store,
      tfso: { ...pair.tfsoCtx, http: recorded },
      busy: pair.busyOpts,
      now: clock.fn,
      pacer: cur.pacer.run('click'),
    }),
    setClock: (iso) => control('clock', { now: iso }),
    async burn(n) {
      for (let i = 0; i < n; i++) await callService(pair.tfsoCtx, 'ProjectService', 'GetProjectStatuses');
    },
    asWorld: () => ({ tfso: pair.tfso, busy: pair.busy }) as unknown as World,
    async close() {
      cur.store.close();
      await pair.fetch.close();
      await Promise.all([pair.tfso.close(), pair.busy.close()]);
    },
  };
  return w;
}

/** The start of the clock hour after `ms` (the simulator's budget window), ISO. */
export const nextHour = (ms: number) => new Date((Math.floor(ms / 3_600_000) + 1) * 3_600_000).toISOString();
