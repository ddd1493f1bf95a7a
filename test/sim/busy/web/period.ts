// ISO weeks and day ranges for the approval views. Week and day boundaries are UTC [A]
// (Busy shows Europe/Oslo; the difference does not matter to the content script's contract).
const DAY = 86_400_000;

export interface Period {
  from: Date /** exclusive */;
  to: Date;
}

export function isoWeekOf(d: Date): string {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const dow = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - dow);
  const year = t.getUTCFullYear();
  const week = Math.ceil(((t.getTime() - Date.UTC(year, 0, 1)) / DAY + 1) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Monday 00:00Z of the week to the next Monday, or undefined if `week` is not `YYYY-Www`. */
export function weekPeriod(week: string): Period | undefined {
  const m = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!m) return undefined;
  const year = Number(m[1]),
    w = Number(m[2]);
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const monday1 = jan4.getTime() - ((jan4.getUTCDay() || 7) - 1) * DAY;
  const from = new Date(monday1 + (w - 1) * 7 * DAY);
  if (w < 1 || isoWeekOf(from) !== week) return undefined;
  return { from, to: new Date(from.getTime() + 7 * DAY) };
}

export function shiftWeek(week: string, by: number): string {
  const p = weekPeriod(week)!;
  return isoWeekOf(new Date(p.from.getTime() + by * 7 * DAY));
}

export function ymd(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function parseYmd(s: string | null): Date | undefined {
  if (!s || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return undefined;
  const d = new Date(`${s}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || ymd(d) !== s ? undefined : d;
}

export const addDays = (d: Date, n: number) => new Date(d.getTime() + n * DAY);

const fmt = new Intl.DateTimeFormat('nb-NO', { timeZone: 'UTC', day: '2-digit', month: '2-digit', year: 'numeric' });
const fmtTime = new Intl.DateTimeFormat('nb-NO', { timeZone: 'UTC', hour: '2-digit', minute: '2-digit' });
export const showDate = (iso: string | Date) => fmt.format(new Date(iso));
export const showTime = (iso: string) => fmtTime.format(new Date(iso));
export const showMinutes = (m: number) => `${Math.floor(m / 60)}:${String(m % 60).padStart(2, '0')}`;
