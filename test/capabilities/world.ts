// Issue 14's test world: both simulators over HTTP (test/support/sim-pair.ts) switched with
// `POST /_sim/config` as a person or CI would, the capability check against their live documents,
// and the engine (sync and hour transfer) given the capabilities, every engine request logged.
import { expect } from 'vitest';
import { startSimPair, type SimPair } from '../support/sim-pair';
import { approveEntries } from '../sim/busy/orders';
import { Capabilities, checkCapabilities, type CapabilitiesRecord } from '../../utils/capabilities';
import { runSync, type RunSummary, type SyncDeps, type SyncTrigger } from '../../utils/sync/engine';
import { runHoursTransfer, type HoursDeps, type TransferSummary } from '../../utils/hours';
import type { HttpFetch } from '../../utils/core/http';
import type { SyncStore } from '../../utils/store/types';
import type { OptionDeps } from '../support/sim-pair';

export interface SimSwitches {
  tfso?: Record<string, unknown>;
  busy?: Record<string, unknown>;
}

/** `npm run sim -- --real-like` on both simulators. */
export const REAL_LIKE: SimSwitches = {
  tfso: { assumedOps: false },
  busy: { assumedOps: false, emptyEmails: true, strictPaths: true, plainMarkup: true },
};

export interface CapsWorld {
  pair: SimPair;
  /** Requests the engine made since the last `log.length = 0`: `POST /v2/…` or `SOAP SaveWorkType`. */
  log: string[];
  caps(): Promise<Capabilities>;
  check(force?: boolean): Promise<CapabilitiesRecord>;
  sync(trigger: SyncTrigger, store?: SyncStore): Promise<RunSummary>;
  transfer(store?: SyncStore): Promise<TransferSummary>;
  approveAll(): string[];
  close(): Promise<void>;
}

export async function simConfig(port: number, patch: Record<string, unknown>): Promise<Record<string, unknown>> {
  const r = await fetch(`http://127.0.0.1:${port}/_sim/config`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(patch),
  });
  const body = (await r.json()) as Record<string, unknown>;
  expect(r.status, JSON.stringify(body)).toBe(200);
  return body;
}

export async function startCapsWorld(switches: SimSwitches = {}): Promise<CapsWorld> {
  const pair = await startSimPair('demo', { timeoutMs: 5000, storePrefix: 'caps-test' });
  if (switches.tfso) await simConfig(pair.tfso.port, switches.tfso);
  if (switches.busy) await simConfig(pair.busy.port, switches.busy);
  const log: string[] = [];
  const logged =
    (http: HttpFetch): HttpFetch =>
    (u, i) => {
      const soap = new Headers(i.headers).get('soapaction');
      log.push(
        soap
          ? `SOAP ${soap.replace(/^"http:\/\/24sevenOffice\.com\/webservices\/|"$/g, '')}`
          : `${i.method ?? 'GET'} ${new URL(u).pathname}`,
      );
      return http(u, i);
    };
  const tfso = { ...pair.tfsoCtx, http: logged(pair.tfsoCtx.http) };
  const busy = { ...pair.busyOpts, http: logged(pair.busyOpts.http) };
  const detect = { http: pair.tfsoCtx.http, tfsoBases: pair.tfsoCtx.bases, busyApiBase: pair.busy.api, now: pair.clock.fn };
  const caps = (store: SyncStore = pair.store) => Capabilities.load(store, pair.clock.fn);
  return {
    pair,
    log,
    caps: () => caps(),
    check: (force = false) => checkCapabilities(pair.store, detect, force),
    async sync(trigger, store = pair.store) {
      const deps: OptionDeps<SyncDeps> = { store, tfso, busy, now: pair.clock.fn, capabilities: await caps(store) };
      return runSync(deps, trigger);
    },
    async transfer(store = pair.store) {
      const deps: OptionDeps<HoursDeps> = { store, tfso, busy, now: pair.clock.fn, capabilities: await caps(store) };
      return runHoursTransfer(deps, {
        mode: 'on-approval',
        overrides: {},
        integrationContactId: pair.tfso.state.integrationUser.contactId,
      });
    },
    approveAll() {
      const ids = [...pair.busy.state.hourEntries.values()].filter((h) => h.isActive && h.approvalStatus === 'submitted').map((h) => h.id);
      approveEntries(pair.busy.state, ids);
      return ids;
    },
    close: () => pair.close(),
  };
}

export const failed = (s: RunSummary | TransferSummary) =>
  'ok' in s ? (s.ok ? '' : `${s.error?.code}: ${s.error?.message}`) : s.error ? `${s.error.code}: ${s.error.message}` : '';
