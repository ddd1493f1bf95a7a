// Issue 15: 24SO's request budget as the real server reports it — `APILimitRemaining` and
// `APILimitReset` on every SOAP answer, per applicationId and clock hour, consistent with the
// quarantine fault; `limitHeaders: false` for a server that sends none.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SimClock } from '../clock.js';
import { makeSeed } from '../seeds/index.js';
import { startTfsoSim, type TfsoSim } from './server.js';
import { faultstring, login, loginXml, rawRequest, soapCall, type RawAnswer } from './test-client.js';

let sim: TfsoSim;
const clock = new SimClock('2026-11-20T09:40:00Z', { frozen: true });
beforeEach(async () => {
  clock.set('2026-11-20T09:40:00Z');
  sim = await startTfsoSim({ seed: makeSeed('empty'), clock: clock.fn, rateLimitPerHour: 5 });
});
afterEach(() => sim.close());

const budget = (r: RawAnswer) => ({ remaining: r.headers.apilimitremaining, reset: r.headers.apilimitreset });
const RESET = '2026-11-20T10:00:00.000Z';

describe('issue 15: APILimitRemaining / APILimitReset', () => {
  it('count down on every answer, success and fault alike, and say when the clock hour ends', async () => {
    const cookie = await login(sim); // 1
    const seen: RawAnswer[] = [];
    seen.push(await soapCall(sim, 'client', 'GetUsers', '', { cookie })); // 2
    seen.push(await soapCall(sim, 'client', 'GetUsers', '<bogus />', { cookie })); // 3: a schema fault, counted
    seen.push(await soapCall(sim, 'project', 'GetProjectStatuses', '', { cookie })); // 4
    expect(seen.map((r) => r.status)).toEqual([200, 500, 200]);
    expect(seen.map(budget)).toEqual([
      { remaining: '3', reset: RESET },
      { remaining: '2', reset: RESET },
      { remaining: '1', reset: RESET },
    ]);
  });

  it('past the budget: the quarantine fault, Remaining 0 and Reset = the quarantine end it names; then a new hour resets both', async () => {
    const cookie = await login(sim);
    for (let i = 0; i < 4; i++) await soapCall(sim, 'client', 'GetUsers', '', { cookie });
    const blocked = await soapCall(sim, 'client', 'GetUsers', '', { cookie });
    expect(blocked.status).toBe(500);
    expect(faultstring(blocked.body)).toBe(
      `Server was unable to process request. ---> Limit exceeded by 1. Request is blocked. Quarantine ends at ${RESET}`,
    );
    expect(budget(blocked)).toEqual({ remaining: '0', reset: RESET });
    expect(faultstring((await soapCall(sim, 'client', 'GetUsers', '', { cookie })).body)).toContain('Limit exceeded by 2.');
    clock.set(RESET);
    const again = await soapCall(sim, 'auth', 'Login', loginXml(sim));
    expect(again.status).toBe(200);
    expect(budget(again)).toEqual({ remaining: '4', reset: '2026-11-20T11:00:00.000Z' });
  });

  it('answers the framework gives before an operation runs carry them too, without counting (unknown SOAPAction, no session)', async () => {
    const cookie = await login(sim);
    const unknown = await soapCall(sim, 'client', 'NoSuchOperation', '', { cookie });
    expect(unknown.status).toBe(500);
    expect(budget(unknown)).toEqual({ remaining: '4', reset: RESET });
    const anonymous = await soapCall(sim, 'client', 'GetUsers', '');
    expect(faultstring(anonymous.body)).toContain('Session is not authenticated');
    expect(budget(anonymous)).toEqual({ remaining: '4', reset: RESET });
  });

  it('injected faults carry them; an injected rateLimit fault says Remaining 0 and the end it announces', async () => {
    const cookie = await login(sim);
    sim.faults.add({ op: 'GetUsers', kind: 'http500', count: 1 });
    expect(budget(await soapCall(sim, 'client', 'GetUsers', '', { cookie }))).toEqual({ remaining: '4', reset: RESET });
    sim.faults.add({
      op: 'GetUsers',
      kind: 'rateLimit',
      count: 1,
      message: 'Limit exceeded by 3. Request is blocked. Quarantine ends at 2026-11-20T09:55:00Z',
    });
    const limited = await soapCall(sim, 'client', 'GetUsers', '', { cookie });
    expect(budget(limited)).toEqual({ remaining: '0', reset: '2026-11-20T09:55:00.000Z' });
  });

  it("per applicationId: another application's Login spends its own budget", async () => {
    const other = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
    const r = await soapCall(sim, 'auth', 'Login', loginXml(sim).replace(sim.applicationId, other));
    expect(budget(r)).toEqual({ remaining: '4', reset: RESET });
    expect(budget(await soapCall(sim, 'auth', 'Login', loginXml(sim)))).toEqual({ remaining: '4', reset: RESET });
    expect(sim.state.rate[other]).toMatchObject({ used: 1 });
  });

  it('limitHeaders: false — no such headers anywhere (the client must count locally); the limit itself still holds', async () => {
    await rawRequest(
      sim.port,
      `127.0.0.1:${sim.port}`,
      'POST',
      '/_sim/config',
      JSON.stringify({ limitHeaders: false, rateLimitPerHour: 2 }),
      { 'content-type': 'application/json' },
    );
    const cookie = await login(sim);
    const ok = await soapCall(sim, 'client', 'GetUsers', '', { cookie });
    const blocked = await soapCall(sim, 'client', 'GetUsers', '', { cookie });
    expect(ok.status).toBe(200);
    expect(faultstring(blocked.body)).toContain('Limit exceeded by 1.');
    for (const r of [ok, blocked]) expect(Object.keys(r.headers).filter((h) => h.startsWith('apilimit'))).toEqual([]);
  });

  it('the header names are sent as 24SO spells them', async () => {
    const r = await new Promise<string[]>((resolve, reject) => {
      import('node:http').then(({ request }) => {
        const body = `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><HasSession xmlns="http://24sevenOffice.com/webservices" /></soap:Body></soap:Envelope>`;
        const req = request(
          {
            host: '127.0.0.1',
            port: sim.port,
            method: 'POST',
            path: '/authenticate/v001/authenticate.asmx',
            headers: {
              host: new URL(sim.api).host,
              'content-type': 'text/xml; charset=utf-8',
              soapaction: '"http://24sevenOffice.com/webservices/HasSession"',
            },
          },
          (res) => {
            res.resume();
            resolve(res.rawHeaders.filter((_, i) => i % 2 === 0));
          },
        );
        req.on('error', reject);
        req.end(body);
      }, reject);
    });
    expect(r).toEqual(expect.arrayContaining(['APILimitRemaining', 'APILimitReset']));
  });
});
