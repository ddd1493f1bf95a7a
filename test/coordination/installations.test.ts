// Issue 13, R11, R22: installations started together, random start offsets and request delays,
// over HTTP against the simulators: every record and every hour exactly once on each side,
// nothing lost. A sample here; 5 installations are the campaign's (`npx tsx test/resilience/installations-campaign.ts`).
import { describe, expect, it } from 'vitest';
import { runScenario } from '../resilience/installations';

describe('issue 13: many installations, one company', () => {
  for (const [n, mode, seed, killOne] of [
    [2, 'on-approval', 1, false],
    [3, 'on-order', 2, true],
  ] as const) {
    it(`R11, R22: ${n} installations at once (${mode}, seed ${seed}${killOne ? ', one stopped mid-transfer' : ''}): each record and hour once on each side, nothing lost`, async () => {
      // The browsers' clocks off by up to three hours either way: the coordination reads Busy's.
      const r = await runScenario({ installations: n, seed, mode, jitterMs: 20, killOne, slowFaults: true, skewMs: 3 * 3_600_000 });
      expect(r.problems).toEqual([]);
      expect(r.duplicates).toEqual([]);
      expect(r.lost).toEqual([]);
      expect(r.runs).toBeGreaterThanOrEqual(n * 4 - (killOne ? 3 : 0));
    }, 180_000);
  }

  it('the same checks catch what uncoordinated installations do (records made twice): they can fail', async () => {
    const r = await runScenario({ installations: 2, seed: 3, mode: 'on-approval', jitterMs: 20, coordinate: false });
    expect(r.duplicates.length).toBeGreaterThan(0);
  }, 180_000);
});
