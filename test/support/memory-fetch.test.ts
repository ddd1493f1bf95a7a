// The in-memory pair is the loopback pair without the wire: the same run gives the same result and
// the same requests over both, and what a dropped or cut connection does to a fetch, it does here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../utils/sync/engine';
import { startWorld, type World } from '../sync/harness';
import { createMemoryFetch } from './memory-fetch';

/** What a run did, without its ids and times. */
const result = (s: RunSummary) => ({
  ok: s.ok,
  counts: s.counts,
  requests: s.requests,
  linked: s.linked,
  warnings: s.warnings.map((w) => w.key).sort(),
});

describe('the in-memory transport (test/support/memory-fetch.ts)', () => {
  it('a full sync and an incremental run over memory do what they do over loopback HTTP, request for request', async () => {
    const seen: Record<'http' | 'memory', unknown[]> = { http: [], memory: [] };
    const ms: Record<'http' | 'memory', number> = { http: 0, memory: 0 };
    for (const transport of ['http', 'memory'] as const) {
      const w = await startWorld('demo', transport);
      try {
        const t0 = performance.now();
        const full = await w.sync('full');
        const incremental = await w.sync('incremental');
        ms[transport] = performance.now() - t0;
        expect(full.ok, JSON.stringify(full.error)).toBe(true);
        seen[transport].push(result(full), result(incremental), w.busy.counts(), w.tfso.counts());
      } finally {
        await w.close();
      }
    }
    expect(seen.memory).toEqual(seen.http);
    expect((seen.memory[0] as { requests: { busy: number } }).requests.busy).toBeGreaterThan(10);
    console.log(`full + incremental on the demo company: loopback HTTP ${ms.http.toFixed(0)} ms, in memory ${ms.memory.toFixed(0)} ms`);
  });

  describe('faults', () => {
    let w: World;
    beforeAll(async () => {
      w = await startWorld('demo', 'memory');
    });
    afterAll(async () => {
      await w?.close();
    });
    const fetch = () => createMemoryFetch([w.busy, w.tfso]);
    const get = (f: ReturnType<typeof fetch>, init: RequestInit = {}) =>
      f(`${w.busy.api}/projects?limit=1`, { ...init, headers: { authorization: `Bearer ${w.busy.token}`, accept: 'application/json' } });

    it('an answer: status, headers, body', async () => {
      const r = await get(fetch());
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toMatch(/json/);
      expect(JSON.parse(await r.text()).data).toHaveLength(1);
    });

    it('the server drops the connection after the work (lostAnswer): the fetch fails, the work is done', async () => {
      w.busy.faults.add({ op: 'GET /projects', kind: 'lostAnswer', count: 1 });
      await expect(get(fetch())).rejects.toThrow(/fetch failed/);
    });

    it('the body is cut (truncated): reading it fails', async () => {
      w.busy.faults.add({ op: 'GET /projects', kind: 'truncated', count: 1 });
      const r = await get(fetch());
      await expect(r.text()).rejects.toThrow(/fetch failed/);
    });

    it('no answer (timeout): the abort signal ends the fetch', async () => {
      w.busy.faults.add({ op: 'GET /projects', kind: 'timeout', count: 1 });
      await expect(get(fetch(), { signal: AbortSignal.timeout(200) })).rejects.toThrow(/timeout|abort/i);
    });

    it('nothing on that port: the fetch fails as with no server', async () => {
      await expect(fetch()('http://api.busy.localhost:1/v2/projects', {})).rejects.toThrow(/fetch failed/);
    });
  });
});
