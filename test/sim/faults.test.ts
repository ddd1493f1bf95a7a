import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SaxesParser } from 'saxes';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createNodeFetch } from '../../cli/node-fetch.js';
import { applyFault, FaultQueue, problemJson, soapFaultEnvelope, type SimProtocol } from './faults.js';

const NOW = new Date('2026-11-20T09:00:00.000Z');

function wellFormedXml(text: string): boolean {
  const p = new SaxesParser();
  let ok = true;
  p.on('error', () => {
    ok = false;
  });
  try {
    p.write(text).close();
  } catch {
    ok = false;
  }
  return ok;
}

// A tiny server that answers `/<op>` through applyFault; `committed` counts work done.
let server: http.Server;
let base: string;
let committed = 0;
const queue = new FaultQueue();
const fetch = createNodeFetch();

const realAnswer = (protocol: SimProtocol) =>
  protocol === 'soap'
    ? {
        status: 200,
        headers: { 'content-type': 'text/xml; charset=utf-8' },
        body: '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><HasSessionResponse xmlns="http://24sevenOffice.com/webservices"><HasSessionResult>true</HasSessionResult></HasSessionResponse></soap:Body></soap:Envelope>',
      }
    : {
        status: 200,
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify({
          data: [
            { id: '1', name: 'Ørjan Bø' },
            { id: '2', name: 'Åse Ødegård' },
          ],
        }),
      };

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const op = (req.url ?? '/').slice(1);
    const protocol = (req.headers['x-protocol'] as SimProtocol) ?? 'busy';
    void applyFault(queue.take(op), req, res, {
      protocol,
      op,
      now: () => NOW,
      work: async () => {
        committed++;
        return realAnswer(protocol);
      },
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await fetch.close();
  await new Promise((r) => server.close(r));
});
afterEach(() => {
  queue.clear();
  committed = 0;
});

const call = (op: string, protocol: SimProtocol, init: RequestInit = {}) =>
  fetch(`${base}/${op}`, { ...init, headers: { 'x-protocol': protocol } });

describe('FaultQueue', () => {
  it("take() returns an op's faults in the order added and only for that op", () => {
    const q = new FaultQueue();
    q.add({ op: 'GetHours', kind: 'http500', count: 1 });
    q.add([
      { op: 'Login', kind: 'timeout', count: 1 },
      { op: 'GetHours', kind: 'slow', count: 1, delayMs: 5 },
    ]);
    expect(q.take('SaveHour')).toBeUndefined();
    expect(q.take('GetHours')?.kind).toBe('http500');
    expect(q.take('GetHours')?.kind).toBe('slow');
    expect(q.take('GetHours')).toBeUndefined();
    expect(q.take('Login')?.kind).toBe('timeout');
  });

  it('a fault with count K fails exactly the next K calls, then is gone from list()', () => {
    const q = new FaultQueue();
    q.add({ op: 'GET /projects', kind: 'rateLimit', count: 3 });
    expect(q.list()).toEqual([{ op: 'GET /projects', kind: 'rateLimit', count: 3 }]);
    expect([q.take('GET /projects'), q.take('GET /projects')].map((f) => f?.kind)).toEqual(['rateLimit', 'rateLimit']);
    expect(q.list()[0].count).toBe(1);
    q.take('GET /projects');
    expect(q.list()).toEqual([]);
    expect(q.take('GET /projects')).toBeUndefined();
  });

  it('op "*" matches any operation; clear() removes everything', () => {
    const q = new FaultQueue();
    q.add({ op: '*', kind: 'http500', count: 2 });
    expect(q.take('Login')?.op).toBe('Login');
    expect(q.take('GET /users')?.kind).toBe('http500');
    q.add({ op: 'x', kind: 'http500', count: 5 });
    q.clear();
    expect(q.list()).toEqual([]);
  });

  it('add() refuses an unknown kind or a count below 1', () => {
    const q = new FaultQueue();
    expect(() => q.add({ op: 'Login', kind: 'explode' as never, count: 1 })).toThrow();
    expect(() => q.add({ op: 'Login', kind: 'http500', count: 0 })).toThrow();
    expect(q.list()).toEqual([]);
  });

  it('list() is a copy: mutating it does not change the queue', () => {
    const q = new FaultQueue();
    q.add({ op: 'Login', kind: 'http500', count: 2 });
    q.list()[0].count = 99;
    expect(q.list()[0].count).toBe(2);
  });
});

describe('applyFault', () => {
  it('without a fault the work is done and answered as computed', async () => {
    const res = await call('op', 'busy');
    expect(res.status).toBe(200);
    expect((await res.json()).data[1].name).toBe('Åse Ødegård');
    expect(committed).toBe(1);
  });

  it('http500 on SOAP: 500 soap:Fault "Server was unable to process request. ---> Internal error", work not done', async () => {
    queue.add({ op: 'op', kind: 'http500', count: 1 });
    const res = await call('op', 'soap');
    const text = await res.text();
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toMatch(/^text\/xml/);
    expect(text).toContain('<faultcode>soap:Server</faultcode>');
    expect(text).toContain('<faultstring>Server was unable to process request. ---&gt; Internal error</faultstring>');
    expect(wellFormedXml(text)).toBe(true);
    expect(committed).toBe(0);
  });

  it('http500 on Busy: 500 problem+json {error{name,message},trackingId}, work not done', async () => {
    queue.add({ op: 'op', kind: 'http500', count: 1 });
    const res = await call('op', 'busy');
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const body = await res.json();
    expect(Object.keys(body).sort()).toEqual(['error', 'trackingId']);
    expect(typeof body.error.name).toBe('string');
    expect(typeof body.error.message).toBe('string');
    expect(committed).toBe(0);
  });

  it('soapFault carries the given message in the real faultstring shape', async () => {
    queue.add({ op: 'op', kind: 'soapFault', count: 1, message: 'Please specify at least one search parameter' });
    const res = await call('op', 'soap');
    expect(res.status).toBe(500);
    expect(await res.text()).toContain(
      '<faultstring>Server was unable to process request. ---&gt; Please specify at least one search parameter</faultstring>',
    );
    expect(committed).toBe(0);
  });

  it('timeout never answers: the client gives up and the work is not done', async () => {
    queue.add({ op: 'op', kind: 'timeout', count: 1 });
    const err = await call('op', 'busy', { signal: AbortSignal.timeout(300) }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).name).toMatch(/TimeoutError|AbortError/);
    expect(committed).toBe(0);
  });

  it('timeout still lets server.close() finish (the held socket is destroyed)', async () => {
    const q = new FaultQueue();
    q.add({ op: 'x', kind: 'timeout', count: 1 });
    const s = http.createServer(
      (_req, res) => void applyFault(q.take('x'), res, { protocol: 'busy', op: 'x', realBody: () => realAnswer('busy') }),
    );
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const pending = fetch(`http://127.0.0.1:${(s.address() as AddressInfo).port}/x`).catch((e: Error) => e);
    await new Promise((r) => setTimeout(r, 150));
    const started = Date.now();
    await new Promise<void>((r, j) => s.close((e) => (e ? j(e) : r())));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await pending).toBeInstanceOf(Error);
  });

  it('slow waits delayMs, then does the work and answers normally', async () => {
    queue.add({ op: 'op', kind: 'slow', count: 1, delayMs: 300 });
    const t = Date.now();
    const res = await call('op', 'busy');
    expect(Date.now() - t).toBeGreaterThanOrEqual(280);
    expect(res.status).toBe(200);
    expect((await res.json()).data).toHaveLength(2);
    expect(committed).toBe(1);
  });

  it('truncated: work done, full Content-Length announced, half the body sent, then the connection dies', async () => {
    queue.add({ op: 'op', kind: 'truncated', count: 1 });
    const res = await call('op', 'busy');
    expect(res.status).toBe(200);
    expect(Number(res.headers.get('content-length'))).toBe(Buffer.byteLength(realAnswer('busy').body as string));
    await expect(res.text()).rejects.toThrow();
    expect(committed).toBe(1);
  });

  it('malformed on Busy: work done, 200 JSON content type, body is not JSON', async () => {
    queue.add({ op: 'op', kind: 'malformed', count: 1 });
    const res = await call('op', 'busy');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const text = await res.text();
    expect(() => JSON.parse(text)).toThrow();
    expect(committed).toBe(1);
  });

  it('malformed on SOAP: work done, 200 text/xml, body is not well-formed XML', async () => {
    queue.add({ op: 'op', kind: 'malformed', count: 1 });
    const res = await call('op', 'soap');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/xml/);
    expect(wellFormedXml(await res.text())).toBe(false);
    expect(committed).toBe(1);
  });

  it('htmlLogin: 200 text/html login form instead of data, work not done', async () => {
    queue.add({ op: 'op', kind: 'htmlLogin', count: 1 });
    const res = await call('op', 'busy');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toMatch(/<input[^>]+type="password"/);
    expect(committed).toBe(0);
  });

  it('unauthorized on SOAP: 500 "Session is not authenticated" fault', async () => {
    queue.add({ op: 'op', kind: 'unauthorized', count: 1 });
    const res = await call('op', 'soap');
    expect(res.status).toBe(500);
    expect(await res.text()).toContain('Server was unable to process request. ---&gt; Session is not authenticated</faultstring>');
    expect(committed).toBe(0);
  });

  it('unauthorized on Busy: 401 problem+json', async () => {
    queue.add({ op: 'op', kind: 'unauthorized', count: 1 });
    const res = await call('op', 'busy');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await res.json()).error.name).toBeTruthy();
    expect(committed).toBe(0);
  });

  it('rateLimit on SOAP: quarantine fault ending delayMs after the sim clock', async () => {
    queue.add({ op: 'op', kind: 'rateLimit', count: 1, delayMs: 60_000 });
    const res = await call('op', 'soap');
    expect(res.status).toBe(500);
    expect(await res.text()).toContain('Limit exceeded by 1. Request is blocked. Quarantine ends at 2026-11-20T09:01:00.000Z');
    expect(committed).toBe(0);
  });

  it('rateLimit on Busy: 429 problem+json with Retry-After in seconds', async () => {
    queue.add({ op: 'op', kind: 'rateLimit', count: 1, delayMs: 30_000 });
    const res = await call('op', 'busy');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('30');
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    await res.arrayBuffer();
    expect(committed).toBe(0);
  });

  it('lostAnswer: the work is committed but the client gets no response at all', async () => {
    queue.add({ op: 'op', kind: 'lostAnswer', count: 1 });
    const err = await call('op', 'busy').then(
      () => null,
      (e: Error) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect(committed).toBe(1);
  });

  it('a fault for another op leaves this op alone', async () => {
    queue.add({ op: 'other', kind: 'http500', count: 1 });
    expect((await call('op', 'busy')).status).toBe(200);
    expect(queue.list()).toHaveLength(1);
  });
});

describe('answer shapes', () => {
  it('soapFaultEnvelope escapes XML-special characters and stays well-formed', () => {
    const xml = soapFaultEnvelope('Instance validation error: \'<x> & "y"\' is not valid', 'soap:Client');
    expect(wellFormedXml(xml)).toBe(true);
    expect(xml).toContain('<faultcode>soap:Client</faultcode>');
    expect(xml).toContain('&lt;x&gt; &amp; &quot;y&quot;');
  });

  it("problemJson has exactly Busy's ErrorResponse keys and the payload when given", () => {
    const r = problemJson(422, 'ValidationError', 'name is too short', { field: 'name' });
    const body = JSON.parse(r.body as string);
    expect(r.status).toBe(422);
    expect(body).toEqual({
      error: { name: 'ValidationError', message: 'name is too short', payload: { field: 'name' } },
      trackingId: expect.any(String),
    });
  });
});

describe('sendResponse', () => {
  it('a 204 goes out without Content-Length or body', async () => {
    const { sendResponse } = await import('./faults.js');
    const s = http.createServer((_req, res) => sendResponse(res, { status: 204, headers: {}, body: '' }));
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    try {
      const res = await fetch(`http://127.0.0.1:${(s.address() as AddressInfo).port}/`);
      expect(res.status).toBe(204);
      expect(res.headers.get('content-length')).toBeNull();
    } finally {
      await new Promise((r) => s.close(r));
    }
  });
});
