import { describe, expect, it } from 'vitest';
import { createSyncService, rateLimitHold } from '../../utils/services/sync';
import { createHoursService } from '../../utils/services/hours';
import type { SyncStore } from '../../utils/store/types';
import { syncedWorld } from './rates';

// Issue 5, rate limits across runs: the worker does not live from one minute alarm to the next,
// so a quarantine must be remembered in the store, and the scheduled runs must leave both
// systems alone until it ends (24SO keeps a client that knocks during quarantine blocked).

describe('a rate limit holds the scheduled runs until it ends', () => {
  it('a run stopped by a 24SO quarantine leaves a hold in the store until the quarantine ends', async () => {
    const w = await syncedWorld();
    try {
      const ends = new Date(Date.now() + 90_000);
      w.tfso.faults.add({
        op: 'GetProjectList',
        kind: 'rateLimit',
        count: 1,
        message: `Limit exceeded by 1. Request is blocked. Quarantine ends at ${ends.toISOString()}`,
      });
      expect((await w.sync('full')).error?.code).toBe('rate_limited');
      const hold = await rateLimitHold(w.store, new Date());
      expect(hold).not.toBeNull();
      expect(hold!.getTime()).toBeGreaterThanOrEqual(ends.getTime() - 1000);
      expect(hold!.getTime()).toBeLessThanOrEqual(ends.getTime() + 120_000); // rounded up to whole minutes
      expect(await rateLimitHold(w.store, new Date(ends.getTime() + 3 * 60_000))).toBeNull();
      // A successful run afterwards lifts it.
      expect((await w.sync('full')).ok).toBe(true);
      expect(await rateLimitHold(w.store, new Date())).toBeNull();
    } finally {
      await w.close();
    }
  });

  it('the sync service and the hour poll ask neither system anything while held, and run again after', async () => {
    const w = await syncedWorld();
    try {
      w.tfso.faults.add({
        op: 'GetProjectList',
        kind: 'rateLimit',
        count: 1,
        message: `Limit exceeded by 1. Request is blocked. Quarantine ends at ${new Date(Date.now() + 90_000).toISOString()}`,
      });
      expect((await w.sync('full')).error?.code).toBe('rate_limited');
      let now = new Date();
      const asked: string[] = [];
      const refuse = (name: string) =>
        new Proxy(
          {},
          {
            get: (_t, p) => () => {
              asked.push(`${name}.${String(p)}`);
              throw new Error('stop here');
            },
          },
        );
      const deps = {
        store: async () => w.store as SyncStore,
        connection: refuse('connection') as never,
        settings: refuse('settings') as never,
        http: (() => {
          asked.push('http');
          throw new Error('no');
        }) as never,
        now: () => now,
        sleep: async () => undefined,
        onChanged: () => undefined,
      };
      const sync = createSyncService(deps);
      const hours = createHoursService(deps);
      expect(await sync.run('push')).toBeNull();
      expect(await sync.run('full')).toBeNull();
      expect(await hours.poll()).toBeNull();
      expect(asked).toEqual([]);
      now = new Date(Date.now() + 5 * 60_000);
      await expect(sync.run('push')).rejects.toThrow('stop here');
      expect(asked[0]).toMatch(/^connection\./);
    } finally {
      await w.close();
    }
  });
});
