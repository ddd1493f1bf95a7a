// The engine's side of the benchmark: the sims child (sims.ts), one Node fetch over loopback, a
// logged-in 24SO session, the real IndexedDB store on fake-indexeddb, and a request log that
// records what the engine sends (for the floor replay).
import 'fake-indexeddb/auto';
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { IDBFactory } from 'fake-indexeddb';
import { createLeanFetch, plainHeaders, type LeanFetch } from '../support/lean-fetch';
import { createIdbStore } from '../../utils/store/idb-store';
import type { SyncStore } from '../../utils/store/types';
import type { HttpFetch } from '../../utils/core/http';
import { establishSession } from '../../utils/tfso/session';
import { Capabilities } from '../../utils/capabilities';
import type { SyncDeps } from '../../utils/sync/engine';
import type { SimsCommand, SimsInfo } from './sims';
import type { OptionDeps } from '../support/sim-pair';

export interface LoggedRequest {
  at: number;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
  status: number;
}

export interface BenchWorld {
  info: SimsInfo;
  deps: OptionDeps<SyncDeps>;
  store: SyncStore;
  fetch: LeanFetch;
  /** Called with each request the engine sent (and its answer's status) while set; `at` = send order. */
  record: ((r: LoggedRequest) => void) | null;
  sims<T = unknown>(c: SimsCommand): Promise<T>;
  /** Store calls by name (e.g. `commit`, `links.all`) since the last reset: the storage half of the engine's cost. */
  storeCalls: Record<string, number>;
  /** Logs in again (after a reseed) with the same fetch and its cookie jar. */
  login(): Promise<void>;
  /** A new, empty store of the same kind (fake-indexeddb), for a run that must not touch `store`. */
  freshStore(): Promise<SyncStore>;
  /** Moves time forward for the engine and both sims together, as between two scheduled runs. */
  advance(ms: number): Promise<void>;
  /** The engine's clock (real time plus what `advance` added). */
  now(): Date;
  close(): Promise<void>;
}

const SIMS_FILE = fileURLToPath(new URL('./sims.ts', import.meta.url));

/** The sims child: `node --import tsx sims.ts`, with an IPC channel for commands. */
async function startSims(
  seed: `large:${number}`,
): Promise<{ child: ChildProcess; info: SimsInfo; call: <T>(c: SimsCommand) => Promise<T> }> {
  const child = fork(SIMS_FILE, [], {
    execArgv: [
      '--import',
      'tsx',
      '--max-old-space-size=8192',
      ...(process.env.BENCH_SIMS_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_SIMS_CPU_PROF}`] : []),
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let seq = 0;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  child.on('message', (m: { id: number; result?: unknown; error?: string }) => {
    const w = waiting.get(m.id);
    if (!w) return;
    waiting.delete(m.id);
    if (m.error) w.reject(new Error(`sims: ${m.error}`));
    else w.resolve(m.result);
  });
  child.on('exit', (code) => {
    for (const w of waiting.values()) w.reject(new Error(`sims child exited (${code})`));
    waiting.clear();
  });
  const send = <T>(msg: object) =>
    new Promise<T>((resolve, reject) => {
      const id = ++seq;
      waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ id, ...msg });
    });
  const info = await send<SimsInfo>({ start: seed });
  return { child, info, call: (c) => send({ command: c }) };
}

let storeSeq = 0;

/** The engine's inputs against running sims: a logged-in 24SO session in `fetch`'s jar, a fresh
 * IndexedDB store on fake-indexeddb, and `http` (what the engine sends through). Shared by the
 * bench world and the capped-heap worker (capped-import.ts). */
export async function engineSide(
  info: SimsInfo,
  fetch: LeanFetch,
  http: HttpFetch = fetch,
  now: () => Date = () => new Date(),
): Promise<{ deps: OptionDeps<SyncDeps>; store: SyncStore; login(): Promise<void> }> {
  const bases = { api: info.tfso.api, webservices: info.tfso.webservices };
  const login = async () => {
    await establishSession(
      {
        http: (u, i) => fetch(u, i),
        bases,
        timeoutMs: 60_000,
        cookies: { set: async (u, k, v) => fetch.jar.set(u, k, v), get: async (u, k) => fetch.jar.get(u, k) ?? null },
      },
      { applicationId: info.tfso.applicationId, username: info.tfso.username, password: info.tfso.password },
    );
  };
  await login();
  const store = await createIdbStore(`bench-${storeSeq++}`, { indexedDB: new IDBFactory() });
  const deps: OptionDeps<SyncDeps> = {
    store,
    // As the product runs (background, command line): what each server is known to offer, learnt
    // at run time (e.g. the hour transfer's person-wide marker search, tfso.hourSearchAnyProject).
    capabilities: await Capabilities.load(store),
    now,
    tfso: { http, bases, timeoutMs: 60_000 },
    busy: {
      http,
      apiBase: info.busy.api,
      auth: { kind: 'token', token: info.busy.token },
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      now,
      timeoutMs: 60_000,
    },
  };
  return { deps, store, login };
}

export async function startBenchWorld(seed: `large:${number}`): Promise<BenchWorld> {
  const { child, info, call } = await startSims(seed);
  const fetch = createLeanFetch();
  const world = { record: null } as BenchWorld;
  let seq = 0;
  // What the engine hands to fetch, copied before sending; the status is filled in on answer.
  const http: HttpFetch = async (url, init) => {
    const record = world.record;
    if (!record) return fetch(url, init);
    const entry: LoggedRequest = {
      at: seq++,
      method: (init.method ?? 'GET').toUpperCase(),
      url,
      headers: plainHeaders(init.headers),
      body: init.body === undefined || init.body === null ? null : String(init.body),
      status: 0,
    };
    const res = await fetch(url, init);
    entry.status = res.status;
    record(entry);
    return res;
  };
  // The engine's clock: real time plus what `advance` added (the sims' clock moves with it).
  let offsetMs = 0;
  const now = () => new Date(Date.now() + offsetMs);
  const side = await engineSide(info, fetch, http, now);
  const storeCalls: Record<string, number> = {};
  const store = countCalls(side.store, storeCalls);
  const deps: OptionDeps<SyncDeps> = { ...side.deps, store };
  return Object.assign(world, {
    info,
    deps,
    store,
    fetch,
    storeCalls,
    sims: call,
    login: side.login,
    now,
    freshStore: () => createIdbStore(`bench-${storeSeq++}`, { indexedDB: new IDBFactory() }),
    async advance(ms: number) {
      offsetMs += ms;
      await call({ cmd: 'advance', ms });
    },
    async close() {
      store.close();
      await fetch.close();
      await call({ cmd: 'close' }).catch(() => undefined);
      if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
    },
  }) as BenchWorld;
}

/**
 * The floor: the logged requests sent again in the same order through the same client (so the
 * same connection pool and cookie jar), each answer read to its end and nothing else done with it.
 * `depth` 1 = one after the other. `depth` > 1 = the engine's own overlap rule (utils/sync/ahead.ts):
 * up to `depth` reads in flight, every write alone (it waits for the reads before it, and the
 * reads after it wait for it), so the ids the sims assign come out as in the engine's run.
 * Returns the wall time and how many answers had another status than the engine got (0 when the
 * sims' state was reset to the same seed first).
 */
export async function replay(fetch: LeanFetch, log: LoggedRequest[], depth = 1): Promise<{ ms: number; statusMismatches: number }> {
  let mismatches = 0;
  const send = async (r: LoggedRequest) => {
    const res = await fetch(r.url, { method: r.method, headers: r.headers, body: r.body ?? undefined });
    await res.text();
    if (res.status !== r.status) mismatches++;
  };
  // A SOAP call is a POST whatever it does: its operation (the SOAPAction) says whether it writes.
  const isRead = (r: LoggedRequest) =>
    r.method === 'GET' || (r.method === 'POST' && /"?[^"]*\/(Get|Has)[A-Za-z]*"?$/.test(r.headers.soapaction ?? ''));
  const t0 = performance.now();
  const inFlight = new Set<Promise<void>>();
  for (const r of log) {
    if (depth <= 1) {
      await send(r);
      continue;
    }
    if (!isRead(r)) {
      await Promise.all(inFlight);
      await send(r);
      continue;
    }
    while (inFlight.size >= depth) await Promise.race(inFlight);
    const p: Promise<void> = send(r).finally(() => inFlight.delete(p));
    inFlight.add(p);
  }
  await Promise.all(inFlight);
  return { ms: performance.now() - t0, statusMismatches: mismatches };
}
/** The same store, each method call counted under `group.method` (transactions, in the IDB store). */
function countCalls(store: SyncStore, calls: Record<string, number>): SyncStore {
  const wrap = <T extends object>(o: T, prefix: string): T =>
    new Proxy(o, {
      get(target, key, recv) {
        const v = Reflect.get(target, key, recv) as unknown;
        if (typeof key !== 'string') return v;
        if (typeof v === 'function') {
          const name = `${prefix}${key}`;
          return (...args: unknown[]) => {
            calls[name] = (calls[name] ?? 0) + 1;
            return (v as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        if (v && typeof v === 'object' && !prefix) return wrap(v as object, `${key}.`);
        return v;
      },
    });
  return wrap(store, '');
}
