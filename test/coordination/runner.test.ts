// Issue 13: which installation runs the schedule, agreed through Busy alone. Over HTTP against the
// Busy simulator, with the lease's timing scaled down (same ratios as production).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBusyClient } from '../../utils/busy/client';
import type { RunnerView } from '../../utils/coordination/coordination';
import { decodeRegister } from '../../utils/coordination/register';
import { startSimPair, type SimPair } from '../support/sim-pair';
import { installations, TEST_RUNNER_TIMING, type Installation } from '../support/installations';

let pair: SimPair;
beforeAll(async () => {
  pair = await startSimPair('demo', { timeoutMs: 5000, storePrefix: 'runner' });
});
afterAll(async () => {
  await pair?.close();
});

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const beat = (i: Installation, takeOver = false) => i.coordination.heartbeat(createBusyClient(i.sync.busy), takeOver);
const registerTags = () => [...pair.busy.state.tags.values()].filter((t) => t.externalId?.startsWith('b24so:runner'));

describe('issue 13: the runner lease', () => {
  it('5 installations heartbeat at the same moment: exactly one runs the schedule, all name the same runner, one register tag (archived, no work type)', async () => {
    const all = await installations(pair, 5, { jitterMs: 30 });
    // Rounds of simultaneous heartbeats until one runs (the first round also makes the register,
    // which may take longer than a claim may: then nobody counts its claim and the next round
    // decides). Never two at once.
    // Standing by always names the installation that runs it (never "standing by" for nobody).
    const named = (vs: RunnerView[]) => {
      for (const v of vs.filter((x) => x.role === 'standby')) expect(v.runner && v.runner.id !== v.thisId).toBe(true);
    };
    let views = await Promise.all(all.map((i) => beat(i)));
    named(views);
    for (let round = 0; !views.some((v) => v.role === 'runner') && round < 10; round++) {
      expect(views.filter((v) => v.role === 'runner').length).toBeLessThanOrEqual(1);
      views = await Promise.all(all.map((i) => beat(i)));
      named(views);
    }
    expect(views.filter((v) => v.role === 'runner')).toHaveLength(1);
    const runner = views.find((v) => v.role === 'runner')!;
    // The others learn who it is from Busy (a further heartbeat each).
    const again = await Promise.all(all.map((i) => beat(i)));
    expect(again.filter((v) => v.role === 'runner').map((v) => v.thisId)).toEqual([runner.thisId]);
    for (const v of again) expect(v.runner?.id).toBe(runner.thisId);
    expect(again.find((v) => v.role === 'standby')!.runner!.label).toBe(runner.thisLabel);
    const tags = registerTags();
    expect(tags).toHaveLength(1);
    expect(tags[0]!.isActive).toBe(false);
    expect(tags[0]!.type).not.toBe('work');
    expect(decodeRegister('runner', tags[0]!.externalId)?.holder).toBe(runner.thisId);
    for (const i of all) i.store.close();
  });

  it("the runner goes silent: after the stale time (Busy's clock) a standby takes over; before it, nobody does", async () => {
    const [r, s] = await installations(pair, 2);
    // whoever holds it from the test above is silent from now on as well
    let v = await beat(r!);
    for (let i = 0; v.role !== 'runner' && i < 20; i++) {
      await sleep(400);
      v = await beat(r!);
    }
    expect(v.role).toBe('runner');
    expect((await beat(s!)).role).toBe('standby');
    await sleep(TEST_RUNNER_TIMING.staleMs / 2);
    expect((await beat(s!)).role).toBe('standby'); // silent, but not long enough
    await sleep(TEST_RUNNER_TIMING.staleMs / 2 + 500);
    const took = await beat(s!);
    expect(took.role).toBe('runner');
    // The old runner, back, sees it lost the lease and stands by.
    const back = await beat(r!);
    expect(back.role).toBe('standby');
    expect(back.runner?.id).toBe(s!.id);
    for (const i of [r!, s!]) i.store.close();
  }, 30_000);

  it('"Take over": a person makes this installation the runner at once; the former runner stands by at its next heartbeat', async () => {
    const [x, y] = await installations(pair, 2);
    let v = await beat(x!);
    for (let i = 0; v.role !== 'runner' && i < 20; i++) {
      await sleep(400);
      v = await beat(x!);
    }
    expect(v.role).toBe('runner');
    expect((await beat(y!, true)).role).toBe('runner');
    const after = await beat(x!);
    expect(after.role).toBe('standby');
    expect(after.runner?.id).toBe(y!.id);
    for (const i of [x!, y!]) i.store.close();
  }, 30_000);

  it('a lone installation on a Busy with no register yet runs the schedule from its first heartbeat (the claim that made the register, too slow to count, is tried again at once)', async () => {
    for (const t of registerTags()) pair.busy.state.tags.delete(t.id);
    const [z] = await installations(pair, 1);
    const v = await beat(z!);
    expect(v.role).toBe('runner');
    expect(registerTags()).toHaveLength(1);
    z!.store.close();
  }, 30_000);

  it('the register tag deleted by hand: the next heartbeat makes a new one and the lease starts over', async () => {
    const [z] = await installations(pair, 1);
    for (const t of registerTags()) pair.busy.state.tags.delete(t.id);
    let v = await beat(z!);
    for (let i = 0; v.role !== 'runner' && i < 20; i++) {
      await sleep(400);
      v = await beat(z!);
    }
    expect(v.role).toBe('runner');
    expect(registerTags()).toHaveLength(1);
    z!.store.close();
  }, 30_000);
});
