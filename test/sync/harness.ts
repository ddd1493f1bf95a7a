// Both simulators over HTTP, a logged-in 24SO session, a fresh store (test/support/sim-pair.ts)
// and the engine's deps: what every sync test starts from.
import { makeSeed } from '../sim/seeds/company';
import type { SeedCompany } from '../sim/seeds/types';
import type { BusySim } from '../sim/busy/server';
import { createBusyClient, type BusyClient } from '../../utils/busy/client';
import type { TfsoContext } from '../../utils/tfso/soap';
import type { TfsoSim } from '../sim/tfso/server';
import type { SimClock } from '../sim/clock';
import type { NodeFetch } from '../../cli/node-fetch';
import { startSimPair } from '../support/sim-pair';
import type { SyncStore } from '../../utils/store/types';
import { runSync, type RunSummary, type SyncDeps, type SyncTrigger } from '../../utils/sync/engine';
import type { OptionDeps } from '../support/sim-pair';

export interface World {
  tfso: TfsoSim;
  busy: BusySim;
  fetch: NodeFetch;
  /** Both sims share it: the "server time" of the simulated world. */
  clock: SimClock;
  /** The test's own handles on each API (to edit as a user would). */
  tfsoCtx: TfsoContext;
  busyClient: BusyClient;
  store: SyncStore;
  deps: OptionDeps<SyncDeps>;
  sync(trigger: SyncTrigger): Promise<RunSummary>;
  /** A run with some of the engine's options set (e.g. the schedule's `tasksByRotation`). */
  syncWith(extra: Partial<SyncDeps>, trigger: SyncTrigger): Promise<RunSummary>;
  /** A second "browser": its own store, same sims. */
  freshStore(): Promise<SyncStore>;
  close(): Promise<void>;
}

export async function startWorld(
  seed: SeedCompany | 'demo' | 'empty' | `large:${number}` = 'demo',
  transport: 'http' | 'memory' = 'http',
): Promise<World> {
  const pair = await startSimPair(seed, { timeoutMs: 5000, storePrefix: 'sync-test', transport });
  const { tfso, busy, fetch, clock, store } = pair;
  const deps: OptionDeps<SyncDeps> = { store, tfso: pair.tfsoCtx, busy: pair.busyOpts };
  const busyClient = createBusyClient(deps.busy);
  return {
    tfso,
    busy,
    fetch,
    clock,
    tfsoCtx: deps.tfso,
    busyClient,
    store,
    deps,
    sync: (trigger) => runSync(deps, trigger),
    syncWith: (extra, trigger) => runSync({ ...deps, ...extra }, trigger),
    freshStore: pair.newStore,
    close: pair.close,
  };
}

/** The default 24SO client's data (the one the integration user's default identity points at). */
export function tfsoData(w: World) {
  const def = w.tfso.state.identities.find((i) => i.isDefault)!;
  return w.tfso.state.clients[def.clientId]!;
}

/** The demo company before any sync: 24SO full, Busy holding only its users. */
export function firstSyncSeed(): SeedCompany {
  const s = makeSeed('demo');
  s.busy = { ...s.busy, clients: [], projects: [], tags: [], tasks: [], hourEntries: [] };
  return s;
}

export function fails(s: RunSummary): string {
  return s.ok ? '' : `${s.error?.code}: ${s.error?.message}`;
}
