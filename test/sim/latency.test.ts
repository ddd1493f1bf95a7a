// Issue 15: real-world latency in both simulators — every API/SOAP request waits delayMs +
// random(0…jitterMs) ms of wall-clock time; `/_sim/*` (and Busy's web app) never do.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeFetch } from '../../cli/node-fetch.js';
import { startBusySim, type BusySim } from './busy/server.js';
import { makeSeed } from './seeds/index.js';
import { login, soapCall } from './tfso/test-client.js';
import { startTfsoSim, type TfsoSim } from './tfso/server.js';

let tfso: TfsoSim;
let busy: BusySim;
const fetch = createNodeFetch();
beforeAll(async () => {
  [tfso, busy] = await Promise.all([startTfsoSim({ seed: makeSeed('empty') }), startBusySim({ seed: makeSeed('empty') })]);
});
afterAll(async () => {
  await fetch.close();
  await Promise.all([tfso.close(), busy.close()]);
});

async function timed(f: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await f();
  return performance.now() - t;
}
const busyGet = (path: string) =>
  fetch(`${busy.api}${path}`, { headers: { authorization: `Bearer ${busy.token}` } }).then((r) => r.arrayBuffer());
const control = (port: number, path: string) => fetch(`http://127.0.0.1:${port}/_sim${path}`).then((r) => r.json());

describe('issue 15: delayMs and jitterMs', () => {
  it('off by default: both simulators say 0 and 0', async () => {
    expect(await control(tfso.port, '/config')).toMatchObject({ delayMs: 0, jitterMs: 0 });
    expect(await control(busy.port, '/config')).toMatchObject({ delayMs: 0, jitterMs: 0 });
  });

  it('24SO: every SOAP request (and the live WSDL) waits at least delayMs; the controls do not', async () => {
    const cookie = await login(tfso);
    tfso.configure({ delayMs: 400 });
    try {
      expect(await timed(() => soapCall(tfso, 'client', 'GetUsers', '', { cookie }))).toBeGreaterThanOrEqual(395);
      expect(
        await timed(() => fetch(`${tfso.webservices}/timesheet/v001/timeservice.asmx?WSDL`).then((r) => r.text())),
      ).toBeGreaterThanOrEqual(395);
      expect(await timed(() => control(tfso.port, '/counts'))).toBeLessThan(300);
    } finally {
      tfso.configure({ delayMs: 0 });
    }
  });

  it('Busy: every API request waits at least delayMs; the controls and the web app do not', async () => {
    busy.configure({ delayMs: 400 });
    try {
      expect(await timed(() => busyGet('/users'))).toBeGreaterThanOrEqual(395);
      expect(await timed(() => busyGet('/openapi.json'))).toBeGreaterThanOrEqual(395);
      expect(await timed(() => control(busy.port, '/counts'))).toBeLessThan(300);
      expect(await timed(() => fetch(`${busy.web}/login`).then((r) => r.text()))).toBeLessThan(300);
    } finally {
      busy.configure({ delayMs: 0 });
    }
  });

  it('jitter: each request waits a random 0…jitterMs more, so requests sent together finish in varying order', async () => {
    busy.configure({ delayMs: 50, jitterMs: 250 });
    try {
      const times = await Promise.all(Array.from({ length: 10 }, () => timed(() => busyGet('/tags'))));
      for (const t of times) expect(t).toBeGreaterThanOrEqual(45);
      // Ten uniform draws over 250 ms all within 30 ms of each other: about 1 in 10^7.
      expect(Math.max(...times) - Math.min(...times)).toBeGreaterThan(30);
    } finally {
      busy.configure({ delayMs: 0, jitterMs: 0 });
    }
  });

  it('a delay above a minute or below 0 is refused (400) and nothing changes', async () => {
    const r = await fetch(`http://127.0.0.1:${tfso.port}/_sim/config`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ delayMs: 60_001 }),
    });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: string }).error).toMatch(/delayMs/);
    expect(() => busy.configure({ jitterMs: -1 })).toThrow(/jitterMs/);
    expect(await control(busy.port, '/config')).toMatchObject({ jitterMs: 0 });
  });
});
