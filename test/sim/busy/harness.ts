// Test harness: a Busy sim on the fixture seed, plus a browser-like fetch (cookie jar, *.localhost).
import { createNodeFetch, type NodeFetch } from '../../../cli/node-fetch.js';
import { SimClock } from '../clock.js';
import { fixtureSeed, NOW } from './fixture.js';
import { startBusySim, type BusySim, type BusySimOptions } from './server.js';

export interface Harness {
  sim: BusySim;
  fetch: NodeFetch;
  clock: SimClock;
  close(): Promise<void>;
}

export async function startHarness(opts: Partial<BusySimOptions> = {}): Promise<Harness> {
  const clock = new SimClock(NOW, { frozen: true });
  const sim = await startBusySim({ seed: fixtureSeed(), clock: clock.fn, ...opts });
  const fetch = createNodeFetch();
  return {
    sim,
    fetch,
    clock,
    close: async () => {
      await fetch.close();
      await sim.close();
    },
  };
}

/** API call with the token; `body` is sent as JSON. */
export async function api(h: Harness, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await h.fetch(h.sim.api + path, {
    method,
    headers: { authorization: `Bearer ${h.sim.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'omit',
  });
  const text = await res.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** Logs the harness's fetch in on the web app (the cookie lands in its jar). */
export async function webLogin(h: Harness, email = h.sim.email, password = h.sim.password) {
  return h.fetch(`${h.sim.web}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password, next: '/' }).toString(),
  });
}

/** A `/_sim/*` control call on the loopback address (any Host works). */
export async function control(h: Harness, method: string, path: string, body?: unknown) {
  const res = await h.fetch(`http://127.0.0.1:${h.sim.port}/_sim${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'omit',
  });
  return { status: res.status, json: (await res.json()) as any };
}
