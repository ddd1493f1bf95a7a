// Each injected 24SO failure reaches the caller as the typed error the UI explains.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeSeed } from '../sim/seeds/company';
import { startTfsoSim, type TfsoSim } from '../sim/tfso/server';
import { createNodeFetch, type NodeFetch } from '../../cli/node-fetch';
import { BadResponseError, RateLimitedError, RemoteFaultError, SessionMissingError, UnreachableError } from '../../utils/core/errors';
import { getUsers } from '../../utils/tfso/client';
import { establishSession, type TfsoSessionContext } from '../../utils/tfso/session';
import { callService } from '../../utils/tfso/soap';
import { caught } from '../support/http-fakes';

let sim: TfsoSim;
let f: NodeFetch;
let ctx: TfsoSessionContext;

// One clock for the sim and the client (as the real server's and the browser's agree).
const seed = makeSeed('demo');
const t0 = Date.now();
const clock = () => new Date(Date.parse(seed.now) + (Date.now() - t0));

beforeAll(async () => {
  sim = await startTfsoSim({ seed, clock });
  f = createNodeFetch();
  ctx = {
    http: (u, i) => f(u, i),
    bases: { api: sim.api, webservices: sim.webservices },
    timeoutMs: 300,
    now: clock,
    cookies: { set: async (u, n, v) => f.jar.set(u, n, v) },
  };
  await establishSession(ctx, { applicationId: sim.applicationId, username: sim.username, password: sim.password });
});
afterAll(async () => {
  await f.close();
  await sim.close();
});
beforeEach(() => sim.faults.clear());

const getStatuses = () => callService(ctx, 'ProjectService', 'GetProjectStatuses');

describe('24SO faults (real simulator)', () => {
  it('htmlLogin (200 text/html) → SessionMissingError', async () => {
    sim.faults.add({ op: 'GetUsers', kind: 'htmlLogin', count: 1 });
    await expect(getUsers(ctx)).rejects.toBeInstanceOf(SessionMissingError);
  });

  it('unauthorized ("Session is not authenticated" fault) → SessionMissingError', async () => {
    sim.faults.add({ op: 'GetProjectStatuses', kind: 'unauthorized', count: 1 });
    await expect(getStatuses()).rejects.toBeInstanceOf(SessionMissingError);
  });

  it('rateLimit (quarantine fault) → RateLimitedError with the time until the quarantine ends', async () => {
    sim.faults.add({ op: 'GetProjectStatuses', kind: 'rateLimit', count: 1, delayMs: 120_000 });
    const e = await caught(getStatuses());
    expect(e).toBeInstanceOf(RateLimitedError);
    expect(e.retryAfterMs).toBeGreaterThan(60_000);
    expect(e.retryAfterMs).toBeLessThanOrEqual(120_000 + 5_000);
  });

  it('soapFault → RemoteFaultError naming the operation and the message', async () => {
    sim.faults.add({ op: 'GetProjectStatuses', kind: 'soapFault', count: 1, message: 'Noe gikk galt – æøå' });
    const e = await caught(getStatuses());
    expect(e).toBeInstanceOf(RemoteFaultError);
    expect(e.operation).toBe('GetProjectStatuses');
    expect(e.remoteMessage).toContain('Noe gikk galt – æøå');
  });

  it('http500 → RemoteFaultError', async () => {
    sim.faults.add({ op: 'GetProjectStatuses', kind: 'http500', count: 1 });
    await expect(getStatuses()).rejects.toBeInstanceOf(RemoteFaultError);
  });

  it('malformed body → BadResponseError(operation)', async () => {
    sim.faults.add({ op: 'GetUsers', kind: 'malformed', count: 1 });
    const e = await caught(getUsers(ctx));
    expect(e).toBeInstanceOf(BadResponseError);
    expect(e.operation).toBe('GetUsers');
  });

  it('truncated body (socket closed mid-answer) → BadResponseError', async () => {
    sim.faults.add({ op: 'GetUsers', kind: 'truncated', count: 1 });
    await expect(getUsers(ctx)).rejects.toBeInstanceOf(BadResponseError);
  });

  it('timeout (no answer) → UnreachableError of kind timeout', async () => {
    sim.faults.add({ op: 'GetProjectStatuses', kind: 'timeout', count: 1 });
    const e = await caught(getStatuses());
    expect(e).toBeInstanceOf(UnreachableError);
    expect(e.reason.kind).toBe('timeout');
  });

  it('lostAnswer (work done, socket closed) → UnreachableError: the outcome is unknown to the client', async () => {
    sim.faults.add({ op: 'GetProjectStatuses', kind: 'lostAnswer', count: 1 });
    const e = await caught(getStatuses());
    expect(e).toBeInstanceOf(UnreachableError);
    expect(e.reason.kind).toBe('network');
  });

  it('slow answer within the timeout still succeeds', async () => {
    sim.faults.add({ op: 'GetProjectStatuses', kind: 'slow', count: 1, delayMs: 50 });
    await expect(getStatuses()).resolves.toBeDefined();
  });

  it('a closed port → UnreachableError(tfso)', async () => {
    const dead = { ...ctx, bases: { api: 'http://api.24so.localhost:1', webservices: 'http://webservices.24so.localhost:1' } };
    const e = await caught(callService(dead, 'Authenticate', 'HasSession'));
    expect(e).toBeInstanceOf(UnreachableError);
    expect(e.system).toBe('tfso');
  });
});

describe('24SO configured rate limit (real simulator limiter)', () => {
  it('past the hourly limit the quarantine fault → RateLimitedError with a wait of at most an hour', async () => {
    const limited = await startTfsoSim({ seed, clock, rateLimitPerHour: 4 });
    const lf = createNodeFetch();
    try {
      const lctx: TfsoSessionContext = {
        http: (u, i) => lf(u, i),
        bases: { api: limited.api, webservices: limited.webservices },
        now: clock,
        cookies: { set: async (u, n, v) => lf.jar.set(u, n, v) },
      };
      await establishSession(lctx, { applicationId: limited.applicationId, username: limited.username, password: limited.password });
      let err: unknown;
      for (let i = 0; i < 10 && !err; i++) await getUsers(lctx).catch((e) => (err = e));
      expect(err).toBeInstanceOf(RateLimitedError);
      expect((err as RateLimitedError).retryAfterMs).toBeGreaterThan(0);
      expect((err as RateLimitedError).retryAfterMs).toBeLessThanOrEqual(3_600_000);
    } finally {
      await lf.close();
      await limited.close();
    }
  });
});
