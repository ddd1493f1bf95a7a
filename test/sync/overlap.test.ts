// The master phases overlap their pairs (utils/sync/ahead.ts forEachBounded): creates may be in
// flight together. Each keeps its own journal → write → commit order, so a run stopped with
// several of them in flight is recovered one by one, each exactly once (R11).
import { describe, expect, it } from 'vitest';
import { forEachBounded } from '../../utils/sync/ahead';
import { runSync } from '../../utils/sync/engine';
import type { HttpFetch } from '../../utils/core/http';
import { expectNoDuplicates } from './checks';
import { fails, startWorld } from './harness';

const tick = (ms = 1) => new Promise((r) => setTimeout(r, ms));

describe('forEachBounded', () => {
  it('runs every item, never more than depth at once', async () => {
    let running = 0;
    let most = 0;
    const done: number[] = [];
    await forEachBounded(
      [1, 2, 3, 4, 5, 6, 7],
      async (n) => {
        running++;
        most = Math.max(most, running);
        await tick((7 - n) % 3);
        running--;
        done.push(n);
      },
      3,
    );
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(most).toBe(3);
  });

  it('after a failure starts nothing new, lets the running ones finish, then throws the first error', async () => {
    const started: number[] = [];
    const finished: number[] = [];
    const run = forEachBounded(
      [1, 2, 3, 4, 5, 6],
      async (n) => {
        started.push(n);
        if (n === 2) {
          await tick();
          throw new Error('item 2 failed');
        }
        await tick(5);
        finished.push(n);
      },
      3,
    );
    await expect(run).rejects.toThrow('item 2 failed');
    expect(started).toEqual([1, 2, 3]);
    expect(finished.sort()).toEqual([1, 3]);
  });
});

describe('creates in flight together', () => {
  it('R11: a run stopped with several Busy project creates sent but unanswered → the next run adopts each once, no duplicate', async () => {
    // What an uninterrupted first run creates, on a world of its own.
    const ref = await startWorld('demo');
    let creates: number;
    try {
      expect(fails(await ref.sync('full'))).toBe('');
      creates = ref.busy.counts()['POST /projects'] ?? 0;
    } finally {
      await ref.close();
    }
    const w = await startWorld('demo');
    try {
      // The first "browser" sends its creates, the server does them, and the answers never come
      // back (as when the worker is stopped): nothing after the sends is committed.
      const hang: HttpFetch = async (u, i) => {
        const res = await w.deps.busy.http(u, i);
        if ((i.method ?? 'GET') === 'POST' && new URL(u).pathname.endsWith('/projects/')) return new Promise(() => undefined);
        return res;
      };
      void runSync({ ...w.deps, busy: { ...w.deps.busy, http: hang } }, 'full');
      for (let i = 0; i < 500 && (w.busy.counts()['POST /projects'] ?? 0) < 2; i++) await tick(10);
      await tick(50);
      const sent = w.busy.counts()['POST /projects'] ?? 0;
      expect(sent, 'several creates were in flight at once').toBeGreaterThanOrEqual(2);
      const pending = (await w.store.journal.pending()).filter((e) => e.state === 'pending' && e.kind === 'project' && e.target === 'busy');
      expect(pending.length, 'each left its own pending journal entry').toBe(sent);

      const r = await w.sync('full');
      expect(fails(r)).toBe('');
      expect(w.busy.counts()['POST /projects'], 'no create was sent again').toBe(creates);
      expect(r.counts.project.busy.created).toBe(creates - sent);
      expect((await w.store.journal.pending()).filter((e) => e.state === 'pending')).toEqual([]);
      expect(fails(await w.sync('full'))).toBe('');
      expectNoDuplicates(w);
    } finally {
      await w.close();
    }
  });
});
