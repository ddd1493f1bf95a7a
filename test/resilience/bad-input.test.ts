import { describe, expect, it } from 'vitest';
import { hoursCases, masterCases, masterReference, runHoursCampaign, runMasterCampaign, type CampaignStats } from './bad-input';

// Issue 5, bad input everywhere. CI runs a sample in which every operation and every kind of bad
// answer occurs at least once; BAD_INPUT=all (or `npx tsx test/resilience/report.ts`) the whole matrix.
const FULL = process.env.BAD_INPUT === 'all';

function summary(label: string, s: CampaignStats) {
  return (
    `${label}: bad inputs tried ${s.tried}, faults survived ${s.survived}, records lost ${s.recordsLost}` +
    ` (error names the operation: ${s.namedOperation}, only the system: ${s.namedSystemOnly}, not reached: ${s.unreached})`
  );
}

describe('bad input on every operation', () => {
  it('master data: each bad answer stops the run cleanly (a slow one is survived), no partial write, and later runs reach the clean end state with no record lost', async () => {
    const ref = await masterReference();
    expect(ref.ops.length).toBeGreaterThan(20);
    const stats = await runMasterCampaign(masterCases(ref.ops, FULL), ref.state);
    console.log(summary('master data', stats));
    expect(stats.problems).toEqual([]);
    expect(stats.recordsLost).toBe(0);
    expect(stats.tried).toBeGreaterThanOrEqual(ref.ops.length - stats.unreached);
    expect(stats.survived).toBe(stats.tried);
    // Every stop says what failed: the operation, or (connection lost, timeout) the system.
    expect(stats.outcomes.filter((o) => o.stopped && o.named === 'none').map((o) => `${o.system} ${o.op} ${o.kind}`)).toEqual([]);
  }, 120_000);

  it('hours: each bad answer mid-transfer leaves no duplicate and no hour for an unapproved entry; later transfers put every approved entry into 24SO exactly once', async () => {
    const stats = await runHoursCampaign(hoursCases(FULL));
    console.log(summary('hours', stats));
    expect(stats.problems).toEqual([]);
    expect(stats.recordsLost).toBe(0);
    expect(stats.tried).toBeGreaterThan(0);
    expect(stats.survived).toBe(stats.tried);
    expect(stats.outcomes.filter((o) => o.stopped && o.named === 'none').map((o) => `${o.system} ${o.op} ${o.kind}`)).toEqual([]);
  }, 120_000);
});
