import { describe, expect, it } from 'vitest';
import { ALARMS, alarmSpecs, nextDailyRun, triggerForAlarm } from '../../utils/services/schedule';
import { createSyncRunner } from '../../utils/services/sync-runner';

describe('schedule', () => {
  const now = new Date(2026, 10, 28, 10, 5, 0);

  it('R9: Busy changes are pushed every minute', () => {
    const push = alarmSpecs(now).find((a) => a.name === ALARMS.push)!;
    expect(push.periodInMinutes).toBe(1);
    expect(push.when - now.getTime()).toBeGreaterThanOrEqual(30_000);
    expect(triggerForAlarm(ALARMS.push)).toBe('push');
  });

  it('R7: 24SO changes are fetched hourly', () => {
    const inc = alarmSpecs(now).find((a) => a.name === ALARMS.incremental)!;
    expect(inc.periodInMinutes).toBe(60);
    expect(triggerForAlarm(ALARMS.incremental)).toBe('incremental');
  });

  it('R8: the full sync runs once a day at an odd minute outside working hours', () => {
    const full = alarmSpecs(now).find((a) => a.name === ALARMS.full)!;
    expect(full.periodInMinutes).toBe(24 * 60);
    const at = new Date(full.when);
    expect(at.getHours()).toBeLessThan(6);
    expect(at.getMinutes() % 2).toBe(1);
    expect(at.getTime()).toBeGreaterThan(now.getTime());
    expect(at.getTime() - now.getTime()).toBeLessThanOrEqual(24 * 3600_000);
    expect(triggerForAlarm(ALARMS.full)).toBe('full');
  });

  it('the next daily run is later today when the time has not passed, else tomorrow', () => {
    expect(nextDailyRun(new Date(2026, 10, 28, 1, 0), { hour: 2, minute: 17 })).toEqual(new Date(2026, 10, 28, 2, 17));
    expect(nextDailyRun(new Date(2026, 10, 28, 2, 17), { hour: 2, minute: 17 })).toEqual(new Date(2026, 10, 29, 2, 17));
  });

  it('an unknown alarm triggers nothing', () => {
    expect(triggerForAlarm('something-else')).toBeNull();
  });
});

describe('sync runner: one sync at a time', () => {
  function controllable() {
    const started: string[] = [];
    const finish = new Map<string, () => void>();
    const runner = createSyncRunner(async (trigger) => {
      started.push(trigger);
      await new Promise<void>((r) => finish.set(`${trigger}#${started.length}`, r));
      return `${trigger} done`;
    });
    const release = async (key: string) => {
      for (let i = 0; i < 50 && !finish.has(key); i++) await new Promise((r) => setTimeout(r, 1));
      finish.get(key)!();
    };
    return { runner, started, release };
  }

  it('a run asked for while the same run is going joins it', async () => {
    const { runner, started, release } = controllable();
    const a = runner.run('full');
    const b = runner.run('full');
    await release('full#1');
    expect(await a).toBe('full done');
    expect(await b).toBe('full done');
    expect(started).toEqual(['full']);
  });

  it('another run waits for the current one, and is queued once however often it is asked for', async () => {
    const { runner, started, release } = controllable();
    const full = runner.run('full');
    const push1 = runner.run('push');
    const push2 = runner.run('push');
    expect(started).toEqual([]);
    await release('full#1');
    await full;
    for (let i = 0; i < 50 && started.length < 2; i++) await new Promise((r) => setTimeout(r, 1));
    expect(runner.current()).toBe('push');
    await release('push#2');
    expect(await push1).toBe('push done');
    expect(await push2).toBe('push done');
    expect(started).toEqual(['full', 'push']);
  });

  it('a failed run does not block the next one', async () => {
    let n = 0;
    const runner = createSyncRunner(async (t) => {
      n++;
      if (n === 1) throw new Error('boom');
      return t;
    });
    await expect(runner.run('full')).rejects.toThrow('boom');
    await expect(runner.run('push')).resolves.toBe('push');
  });
});
