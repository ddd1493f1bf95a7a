// The 24SO request budget (issue 15): per applicationId and clock hour, answered with the same
// numbers in the quarantine fault and the APILimit headers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HOUR_MS, limitHeaders, spend, windowEnd, type RateTable } from './rate.js';

describe('24SO budget per clock hour (issue 15)', () => {
  it('equals a plain count of the accepted requests in the same clock hour, the clock moving forward or standing still', () => {
    const step = fc.oneof(
      { weight: 6, arbitrary: fc.integer({ min: 0, max: HOUR_MS / 8 }) },
      { weight: 2, arbitrary: fc.constantFrom(0, 1, HOUR_MS - 1, HOUR_MS) },
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.tuple(step, fc.constantFrom('a', 'b')), { minLength: 1, maxLength: 150 }),
        (limit, steps) => {
          const rate: RateTable = {};
          const accepted: { app: string; t: number }[] = [];
          const refused: { app: string; t: number }[] = [];
          let now = 1_800_000_000_000 + 1234;
          for (const [s, app] of steps) {
            now += s;
            const hour = Math.floor(now / HOUR_MS);
            const sameHour = (x: { app: string; t: number }) => x.app === app && Math.floor(x.t / HOUR_MS) === hour;
            const used = accepted.filter(sameHour).length;
            const r = spend(rate, app, now, limit);
            if (used < limit) {
              expect(r).toBeNull();
              accepted.push({ app, t: now });
            } else {
              refused.push({ app, t: now });
              expect(r).toEqual({ over: refused.filter(sameHour).length, ends: new Date((hour + 1) * HOUR_MS) });
            }
            expect(limitHeaders(rate, app, now, limit)).toEqual({
              APILimitRemaining: String(limit - accepted.filter(sameHour).length),
              APILimitReset: new Date((hour + 1) * HOUR_MS).toISOString(),
            });
          }
        },
      ),
    );
  });

  it('the window ends at the next full hour, also exactly on an hour', () => {
    expect(windowEnd(Date.parse('2026-11-20T09:00:00.000Z')).toISOString()).toBe('2026-11-20T10:00:00.000Z');
    expect(windowEnd(Date.parse('2026-11-20T09:59:59.999Z')).toISOString()).toBe('2026-11-20T10:00:00.000Z');
  });

  it('a clock set back into an earlier hour counts that hour afresh (the sim keeps one window per applicationId)', () => {
    const rate: RateTable = {};
    const t = Date.parse('2026-11-20T10:30:00Z');
    expect(spend(rate, 'a', t, 1)).toBeNull();
    expect(spend(rate, 'a', t, 1)).not.toBeNull();
    expect(spend(rate, 'a', t - HOUR_MS, 1)).toBeNull();
  });
});
