// When the sync runs by itself (R7, R8, R9). Alarms are re-created at every start of the
// background, from these definitions.

export interface AlarmSpec {
  name: string;
  periodInMinutes: number;
  /** First run (epoch ms); alarms need at least 30 s. */
  when: number;
}

export const ALARMS = {
  /** R9: Busy changes reach 24SO within a minute of being made. */
  push: 'sync:push',
  /** R7: 24SO changes reach Busy within an hour. */
  incremental: 'sync:incremental',
  /** R8: the main (full) sync once a day. */
  full: 'sync:full',
} as const;

export type AlarmName = (typeof ALARMS)[keyof typeof ALARMS];

/** Default time of the daily full sync: an odd minute at night, outside working hours (local time). */
export const DEFAULT_FULL_SYNC_AT = { hour: 2, minute: 17 };

/** The next local time-of-day `at` strictly after `now` (DST-safe: built from local fields). */
export function nextDailyRun(now: Date, at: { hour: number; minute: number }): Date {
  const next = new Date(now.getFullYear(), now.getMonth(), now.getDate(), at.hour, at.minute, 0, 0);
  if (next.getTime() <= now.getTime()) next.setDate(next.getDate() + 1);
  return next;
}

export function alarmSpecs(now: Date, fullSyncAt = DEFAULT_FULL_SYNC_AT): AlarmSpec[] {
  const t = now.getTime();
  return [
    { name: ALARMS.push, periodInMinutes: 1, when: t + 60_000 },
    { name: ALARMS.incremental, periodInMinutes: 60, when: t + 60 * 60_000 },
    { name: ALARMS.full, periodInMinutes: 24 * 60, when: nextDailyRun(now, fullSyncAt).getTime() },
  ];
}

export function triggerForAlarm(name: string): 'push' | 'incremental' | 'full' | null {
  switch (name) {
    case ALARMS.push:
      return 'push';
    case ALARMS.incremental:
      return 'incremental';
    case ALARMS.full:
      return 'full';
    default:
      return null;
  }
}
