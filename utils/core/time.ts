// UTC ⇄ Europe/Oslo, in ONE place. Busy gives instants (ISO with offset, stored as UTC); 24SO's
// timesheet is Norwegian wall-clock time. Whether 24SO reads a written hour time as UTC or as
// Oslo local time is undocumented [U]. The convention chosen here:
//
//   WRITE  Oslo wall-clock time WITH Oslo's offset at that instant: 2026-10-25T02:30:00+01:00.
//          A server that honours the offset gets the exact instant; a server that drops the
//          offset and reads the wall clock (the likely reading of a Norwegian timesheet) gets the
//          Oslo time a person sees in Busy. Either way the hour lands where the user put it.
//          The simulator honours the offset.
//   READ   24SO answers date-times in UTC (CONTRACT.md): text without a zone is UTC; text with a
//          zone is that instant.
//
// If the real server turns out to read unzoned wall-clock and to strip offsets, change only
// toTfsoHourTime/fromTfsoHourTime below; the DST tests in test/hours/time.test.ts pin the
// round trip at both changes (last Sunday of March and of October).

const OSLO = 'Europe/Oslo';

const fmt = new Intl.DateTimeFormat('en-GB', {
  timeZone: OSLO,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

export interface OsloWallClock {
  date: string /* YYYY-MM-DD */;
  time: string /* HH:mm:ss */;
  offsetMinutes: number;
}

/** The Oslo wall clock at an instant, and Oslo's UTC offset then (+60 winter, +120 summer). */
export function toOslo(instant: Date | string): OsloWallClock {
  const d = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(d.getTime())) throw new RangeError(`not an instant: ${String(instant)}`);
  const p = Object.fromEntries(fmt.formatToParts(d).map((x) => [x.type, x.value])) as Record<string, string>;
  const date = `${p.year}-${p.month}-${p.day}`;
  const time = `${p.hour}:${p.minute}:${p.second}`;
  const wallAsUtc = Date.parse(`${date}T${time}Z`);
  const offsetMinutes = Math.round((wallAsUtc - Math.floor(d.getTime() / 1000) * 1000) / 60_000);
  return { date, time, offsetMinutes };
}

function offsetText(min: number): string {
  const sign = min < 0 ? '-' : '+';
  const a = Math.abs(min);
  return `${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/** A Busy instant as written into a 24SO Hour's StartTime/StopTime (see the convention above). */
export function toTfsoHourTime(isoUtc: string | Date): string {
  const w = toOslo(isoUtc);
  return `${w.date}T${w.time}${offsetText(w.offsetMinutes)}`;
}

/** A 24SO Hour's StartTime/StopTime as an ISO instant (UTC, milliseconds). */
export function fromTfsoHourTime(s: string): string {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)?$/.exec(s.trim());
  if (!m) throw new RangeError(`not a 24SO date-time: ${JSON.stringify(s)}`);
  const d = new Date(`${m[1]}${m[2] ?? ''}${m[3] ?? 'Z'}`);
  if (Number.isNaN(d.getTime())) throw new RangeError(`not a 24SO date-time: ${JSON.stringify(s)}`);
  return d.toISOString();
}

/**
 * The instant of an Oslo wall-clock time. In the spring gap (02:00–03:00 on the last Sunday of
 * March) a wall time that does not exist is read with the winter offset (02:30 → 03:30 CEST); in
 * the autumn overlap the FIRST (summer) occurrence is taken. Tests and seeds use it.
 */
export function osloToUtc(date: string, time: string): string {
  const wall = Date.parse(`${date}T${time.length === 5 ? `${time}:00` : time}Z`);
  if (Number.isNaN(wall)) throw new RangeError(`not an Oslo date/time: ${date} ${time}`);
  // Try the summer offset first (first occurrence in the overlap), then winter.
  for (const off of [120, 60]) {
    const t = wall - off * 60_000;
    const o = toOslo(new Date(t));
    if (o.offsetMinutes === off && Date.parse(`${o.date}T${o.time}Z`) === wall) return new Date(t).toISOString();
  }
  return new Date(wall - 60 * 60_000).toISOString();
}

/** The Oslo calendar day an instant falls on, as UTC instants [start, end) of that day. */
export function osloDay(instant: Date | string): { date: string; start: string; end: string } {
  const { date } = toOslo(instant);
  let day = dayCache.get(date);
  if (!day) {
    const next = new Date(Date.parse(`${date}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    day = { date, start: osloToUtc(date, '00:00:00'), end: osloToUtc(next, '00:00:00') };
    if (dayCache.size >= 4096) dayCache.clear();
    dayCache.set(date, day);
  }
  return { ...day };
}

// A day's bounds never change; Intl formatting is the costly part (an hour transfer asks for the
// same few days thousands of times).
const dayCache = new Map<string, { date: string; start: string; end: string }>();
