// Issue 13: the company-wide write lock (Fischer's algorithm over a Busy tag, shared-lock.ts) over
// HTTP against the Busy simulator: installations contending with random request delays and random
// slow answers never hold it at the same time, and each gets it in the end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createBusyClient } from '../../utils/busy/client';
import { startSimPair, type SimPair } from '../support/sim-pair';
import { installations } from '../support/installations';
import { rng } from '../resilience/installations';

let pair: SimPair;
beforeAll(async () => {
  pair = await startSimPair('demo', { timeoutMs: 5000, storePrefix: 'lock' });
});
afterAll(async () => {
  await pair?.close();
});

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe('issue 13: the write lock', () => {
  it('contenders with random delays and slow answers are never inside together, and every one gets in (random schedules)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: 5 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), async (n, seed) => {
        const random = rng(seed);
        const all = await installations(pair, n, { jitterMs: 40, random });
        // A few slow answers on the register's own operations.
        for (const op of ['GET /tags/{tagId}', 'PATCH /tags/{tagId}'])
          if (random() < 0.5) pair.busy.faults.add({ op, kind: 'slow', count: 2, delayMs: 100 + Math.floor(random() * 500) });
        let inside = 0;
        let most = 0;
        const entered: string[] = [];
        await Promise.all(
          all.map(async (inst) => {
            await sleep(random() * 100);
            const busy = createBusyClient(inst.sync.busy);
            await inst.coordination.withLock(busy, async (lock) => {
              // A long create run: before each step's writes it calls ensure() (which renews, or
              // waits for the lock again if it was lost); the writes follow. The lock's promise is
              // about these steps: no two installations' steps overlap.
              for (let k = 0; k < 4; k++) {
                await lock.ensure();
                inside++;
                most = Math.max(most, inside);
                if (k === 0) entered.push(inst.id);
                await sleep(random() * 200);
                inside--;
              }
            });
          }),
        );
        pair.busy.faults.clear();
        for (const i of all) i.store.close();
        expect(most).toBe(1);
        expect(entered.sort()).toEqual(all.map((i) => i.id).sort());
      }),
      { numRuns: 4 },
    );
  }, 240_000);
});
