// Times across Europe/Oslo's DST changes: 2026-03-29 (02:00 → 03:00) and 2026-10-25 (03:00 → 02:00).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromTfsoHourTime, osloDay, osloToUtc, toOslo, toTfsoHourTime } from '../../utils/core/time';
import { startHoursWorld, type HoursWorld } from './harness';
import { sendable } from './fixtures';

describe('utils/time: UTC ⇄ Europe/Oslo', () => {
  it('winter and summer offsets, and the wall clock at each', () => {
    expect(toOslo('2026-01-15T12:00:00Z')).toEqual({ date: '2026-01-15', time: '13:00:00', offsetMinutes: 60 });
    expect(toOslo('2026-07-15T12:00:00Z')).toEqual({ date: '2026-07-15', time: '14:00:00', offsetMinutes: 120 });
  });

  it('spring change 2026-03-29: 01:30 local is CET, 03:30 local is CEST, one hour apart', () => {
    const a = osloToUtc('2026-03-29', '01:30');
    const b = osloToUtc('2026-03-29', '03:30');
    expect([a, b]).toEqual(['2026-03-29T00:30:00.000Z', '2026-03-29T01:30:00.000Z']);
    expect(toTfsoHourTime(a)).toBe('2026-03-29T01:30:00+01:00');
    expect(toTfsoHourTime(b)).toBe('2026-03-29T03:30:00+02:00');
    // 02:30 does not exist on that night: read with the winter offset (= 03:30 CEST)
    expect(osloToUtc('2026-03-29', '02:30')).toBe('2026-03-29T01:30:00.000Z');
  });

  it('autumn change 2026-10-25: 02:30 happens twice; the written time carries which one', () => {
    const first = '2026-10-25T00:30:00.000Z';
    const second = '2026-10-25T01:30:00.000Z';
    expect(toTfsoHourTime(first)).toBe('2026-10-25T02:30:00+02:00');
    expect(toTfsoHourTime(second)).toBe('2026-10-25T02:30:00+01:00');
    expect(osloToUtc('2026-10-25', '02:30')).toBe(first);
    const a = osloToUtc('2026-10-25', '01:30');
    const b = osloToUtc('2026-10-25', '03:30');
    expect(Date.parse(b) - Date.parse(a)).toBe(3 * 3_600_000);
  });

  it('round trip: what is written reads back as the same instant, on both nights and around them', () => {
    for (let t = Date.parse('2026-03-28T20:00:00Z'); t < Date.parse('2026-03-29T06:00:00Z'); t += 15 * 60_000) {
      expect(fromTfsoHourTime(toTfsoHourTime(new Date(t).toISOString()))).toBe(new Date(t).toISOString());
    }
    for (let t = Date.parse('2026-10-24T20:00:00Z'); t < Date.parse('2026-10-25T06:00:00Z'); t += 15 * 60_000) {
      expect(fromTfsoHourTime(toTfsoHourTime(new Date(t).toISOString()))).toBe(new Date(t).toISOString());
    }
    // 24SO answers in UTC; unzoned text is UTC
    expect(fromTfsoHourTime('2026-10-25T01:30:00')).toBe('2026-10-25T01:30:00.000Z');
  });

  it('the Oslo day of an instant is 23 hours on the spring night and 25 on the autumn night', () => {
    const spring = osloDay('2026-03-29T10:00:00Z');
    const autumn = osloDay('2026-10-25T10:00:00Z');
    expect(Date.parse(spring.end) - Date.parse(spring.start)).toBe(23 * 3_600_000);
    expect(Date.parse(autumn.end) - Date.parse(autumn.start)).toBe(25 * 3_600_000);
    expect(osloDay('2026-10-24T22:30:00Z').date).toBe('2026-10-25'); // 00:30 local
  });
});

describe('DST against the simulators', () => {
  let w: HoursWorld;
  beforeAll(async () => {
    w = await startHoursWorld();
    await w.transfer();
  });
  afterAll(() => w?.close());

  it('an entry 01:30–03:30 local on 2026-03-29 lands as 1 hour at the right instants; on 2026-10-25 as 3 hours', async () => {
    const [a, b] = sendable(w, 2);
    w.edit(a!.id, {
      startTime: osloToUtc('2026-03-29', '01:30'),
      stopTime: osloToUtc('2026-03-29', '03:30'),
      totalMinutes: 60,
      billableMinutes: 60,
    });
    w.edit(b!.id, {
      startTime: osloToUtc('2026-10-25', '01:30'),
      stopTime: osloToUtc('2026-10-25', '03:30'),
      totalMinutes: 180,
      billableMinutes: 0,
    });
    w.approve([a!.id, b!.id]);
    const r = await w.transfer();
    expect(r.sent.map((s) => s.busyEntryId).sort()).toEqual([a!.id, b!.id].sort());
    const ha = w.tfsoHours().find((h) => h.description.endsWith(`[Busy ${a!.id}]`))!;
    const hb = w.tfsoHours().find((h) => h.description.endsWith(`[Busy ${b!.id}]`))!;
    expect([ha.startTime, ha.stopTime, ha.totalHours]).toEqual(['2026-03-29T00:30:00.000Z', '2026-03-29T01:30:00.000Z', 1]);
    expect([hb.startTime, hb.stopTime, hb.totalHours, hb.totalHoursInvoice]).toEqual([
      '2026-10-24T23:30:00.000Z',
      '2026-10-25T02:30:00.000Z',
      3,
      0,
    ]);
    // and the marker search (GetHours over the Oslo day) finds them: a repeat sends nothing
    await w.store.hours.put({ ...(await w.store.hours.get(a!.id))!, state: 'pending', tfsoHourId: null });
    const again = await w.transfer();
    expect(again.sent).toEqual([]);
    expect(again.recovered.map((x) => x.busyEntryId)).toEqual([a!.id]);
    expect(w.tfsoHours().filter((h) => h.description.endsWith(`[Busy ${a!.id}]`))).toHaveLength(1);
  });
});
