// Both simulators over HTTP, a 24SO session, a fresh store, master data linked by a full sync
// (the master-data engine), and the hour transfer's deps; the setup shared with test/sync/harness.ts
// is test/support/sim-pair.ts.
import type { SeedCompany } from '../sim/seeds/types';
import type { BusySim } from '../sim/busy/server';
import type { TfsoSim } from '../sim/tfso/server';
import type { SimClock } from '../sim/clock';
import type { NodeFetch } from '../../cli/node-fetch';
import { startSimPair } from '../support/sim-pair';
import { approveEntries, createOrder } from '../sim/busy/orders';
import type { SyncStore } from '../../utils/store/types';
import { runSync } from '../../utils/sync/engine';
import { runHoursTransfer, type HoursDeps, type HoursMode, type TransferSummary } from '../../utils/hours';
import type { HourEntry } from '../sim/busy/schemas';
import type { OptionDeps } from '../support/sim-pair';

export interface HoursWorld {
  tfso: TfsoSim;
  busy: BusySim;
  fetch: NodeFetch;
  clock: SimClock;
  store: SyncStore;
  deps: OptionDeps<HoursDeps>;
  integrationContactId: number;
  transfer(
    mode?: HoursMode,
    extra?: { overrides?: Record<string, number | null>; only?: string[]; deps?: OptionDeps<HoursDeps> },
  ): Promise<TransferSummary>;
  /** The 24SO hours of the default client (live state). */
  tfsoHours(): TfsoHourState[];
  entry(id: string): HourEntry;
  approve(ids: string[]): void;
  order(projectId: string): { draft: { id: string } };
  /** Busy edit as a user would make it (bumps updatedAt). */
  edit(id: string, patch: Partial<HourEntry>): void;
  freshStore(): Promise<SyncStore>;
  close(): Promise<void>;
}

export type TfsoHourState = ReturnType<typeof tfsoClient>['hours'][number];

function tfsoClient(t: TfsoSim) {
  const def = t.state.identities.find((i) => i.isDefault)!;
  return t.state.clients[def.clientId]!;
}

export async function startHoursWorld(seed: SeedCompany | 'demo' | 'empty' = 'demo', opts: { sync?: boolean } = {}): Promise<HoursWorld> {
  const pair = await startSimPair(seed, { timeoutMs: 3000, storePrefix: 'hours-test' });
  const { tfso, busy, fetch, clock, store } = pair;
  const deps: OptionDeps<HoursDeps> = { store, tfso: pair.tfsoCtx, busy: pair.busyOpts, now: clock.fn };
  if (opts.sync !== false) {
    const r = await runSync({ ...deps }, 'full');
    if (!r.ok) throw new Error(`master data sync failed: ${r.error?.message}`);
  }
  const integrationContactId = tfso.state.integrationUser.contactId;
  const w: HoursWorld = {
    tfso,
    busy,
    fetch,
    clock,
    store,
    deps,
    integrationContactId,
    transfer: (mode = 'on-approval', extra = {}) =>
      runHoursTransfer(extra.deps ?? deps, {
        mode,
        overrides: extra.overrides ?? {},
        integrationContactId,
        ...(extra.only ? { only: extra.only } : {}),
      }),
    tfsoHours: () => tfsoClient(tfso).hours,
    entry: (id) => busy.state.hourEntries.get(id)!,
    approve: (ids) => {
      approveEntries(busy.state, ids);
    },
    order: (projectId) => createOrder(busy.state, projectId, null),
    edit(id, patch) {
      const h = busy.state.hourEntries.get(id)!;
      Object.assign(h, patch, { updatedAt: busy.state.stamp() });
    },
    freshStore: pair.newStore,
    close: pair.close,
  };
  return w;
}
