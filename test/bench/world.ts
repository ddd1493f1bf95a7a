// The engine's side of the benchmark: the sims child (sims.ts), one Node fetch over loopback, a
// logged-in 24SO session, the real IndexedDB store on fake-indexeddb, and a request log that
// records what the engine sends (for the floor replay).
import 'fake-indexeddb/auto';
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { IDBFactory } from 'fake-indexeddb';
import { createNodeFetch, type NodeFetch } from '../support/node-fetch';
import { createIdbStore } from '../../utils/store/idb-store';
import type { SyncStore } from '../../utils/store/types';
import type { HttpFetch } from '../../utils/http';
import { establishSession } from '../../utils/tfso/session';
import type { SyncDeps } from '../../utils/sync/engine';
import type { SimsCommand, SimsInfo } from './sims';

export interface LoggedRequest { at: number; method: string; url: string; headers: Record<string, string>; body: string | null; status: number }

export interface BenchWorld {
  info: SimsInfo;
  deps: SyncDeps;
  store: SyncStore;
  fetch: NodeFetch;
  /** Called with each request the engine sent (and its answer's status) while set; `at` = send order. */
  record: ((r: LoggedRequest) => void) | null;
  sims<T = unknown>(c: SimsCommand): Promise<T>;
  /** Store calls by name (e.g. `commit`, `links.all`) since the last reset: the storage half of the engine's cost. */
  storeCalls: Record<string, number>;
  /** Logs in again (after a reseed) with the same fetch and its cookie jar. */
  login(): Promise<void>;
  close(): Promise<void>;
}

const SIMS_FILE = fileURLToPath(new URL('./sims.ts', import.meta.url));

/** The sims child: `node --import tsx sims.ts`, with an IPC channel for commands. */
async function startSims(seed: `large:${number}`): Promise<{ child: ChildProcess; info: SimsInfo; call: <T>(c: SimsCommand) => Promise<T> }> {
  const child = fork(SIMS_FILE, [], { execArgv: ['--import', 'tsx', '--max-old-space-size=8192'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let seq = 0;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  child.on('message', (m: { id: number; result?: unknown; error?: string }) => {
    const w = waiting.get(m.id);
    if (!w) return;
    waiting.delete(m.id);
    if (m.error) w.reject(new Error(`sims: ${m.error}`)); else w.resolve(m.result);
  });
  child.on('exit', (code) => { for (const w of waiting.values()) w.reject(new Error(`sims child exited (${code})`)); waiting.clear(); });
  const send = <T>(msg: object) => new Promise<T>((resolve, reject) => {
    const id = ++seq;
    waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
    child.send({ id, ...msg });
  });
  const info = await send<SimsInfo>({ start: seed });
  return { child, info, call: (c) => send({ command: c }) };
}

let storeSeq = 0;

export async function startBenchWorld(seed: `large:${number}`): Promise<BenchWorld> {
  const { child, info, call } = await startSims(seed);
  const fetch = createNodeFetch();
  const world = { record: null } as BenchWorld;
  let seq = 0;
  // What the engine hands to fetch, copied before sending; the status is filled in on answer.
  const http: HttpFetch = async (url, init) => {
    const record = world.record;
    if (!record) return fetch(url, init);
    const entry: LoggedRequest = {
      at: seq++, method: (init.method ?? 'GET').toUpperCase(), url, headers: Object.fromEntries(new Headers(init.headers).entries()),
      body: init.body === undefined || init.body === null ? null : String(init.body), status: 0,
    };
    const res = await fetch(url, init);
    entry.status = res.status;
    record(entry);
    return res;
  };
  const bases = { api: info.tfso.api, webservices: info.tfso.webservices };
  const login = async () => {
    await establishSession(
      { http: (u, i) => fetch(u, i), bases, timeoutMs: 60_000, cookies: { set: async (u, k, v) => fetch.jar.set(u, k, v), get: async (u, k) => fetch.jar.get(u, k) ?? null } },
      { applicationId: info.tfso.applicationId, username: info.tfso.username, password: info.tfso.password },
    );
  };
  await login();
  const storeCalls: Record<string, number> = {};
  const store = countCalls(await createIdbStore(`bench-${storeSeq++}`, { indexedDB: new IDBFactory() }), storeCalls);
  const deps: SyncDeps = {
    store,
    tfso: { http, bases, timeoutMs: 60_000 },
    busy: {
      http, apiBase: info.busy.api, auth: { kind: 'token', token: info.busy.token },
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)), now: () => new Date(), timeoutMs: 60_000,
    },
  };
  return Object.assign(world, {
    info, deps, store, fetch, storeCalls,
    sims: call, login,
    async close() {
      store.close();
      await fetch.close();
      await call({ cmd: 'close' }).catch(() => undefined);
      if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
    },
  }) as BenchWorld;
}

/**
 * The floor: the logged requests sent again, one after the other in the same order, through the
 * same fetch (so the same connection pool and cookie jar), each answer read to its end and
 * nothing else done with it. Returns the wall time and how many answers had another status than
 * the engine got (0 when the sims' state was reset to the same seed first).
 */
export async function replay(fetch: NodeFetch, log: LoggedRequest[]): Promise<{ ms: number; statusMismatches: number }> {
  let mismatches = 0;
  const t0 = performance.now();
  for (const r of log) {
    const res = await fetch(r.url, { method: r.method, headers: r.headers, body: r.body ?? undefined });
    await res.arrayBuffer();
    if (res.status !== r.status) mismatches++;
  }
  return { ms: performance.now() - t0, statusMismatches: mismatches };
}

/** The same store, each method call counted under `group.method` (transactions, in the IDB store). */
function countCalls(store: SyncStore, calls: Record<string, number>): SyncStore {
  const wrap = <T extends object>(o: T, prefix: string): T => new Proxy(o, {
    get(target, key, recv) {
      const v = Reflect.get(target, key, recv) as unknown;
      if (typeof key !== 'string') return v;
      if (typeof v === 'function') {
        const name = `${prefix}${key}`;
        return (...args: unknown[]) => { calls[name] = (calls[name] ?? 0) + 1; return (v as (...a: unknown[]) => unknown).apply(target, args); };
      }
      if (v && typeof v === 'object' && !prefix) return wrap(v as object, `${key}.`);
      return v;
    },
  });
  return wrap(store, '');
}
