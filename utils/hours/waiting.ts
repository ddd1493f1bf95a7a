// What is waiting to be sent, for the popup (R18's warning) and the approval-page control (R23).
// Read-only: nothing is written, no cursor moves. Figures come from Busy and the ledger, never
// from the page.
import { listHourEntries, type BusyHourEntry } from '../busy/hours';
import { PassCtx, type HoursDeps, type HoursOptions } from './context';
import { HOURS_CURSOR, isEligible } from './transfer';

export interface WaitingEntry {
  busyEntryId: string;
  busyUserId: string;
  hours: number;
  unmapped: boolean;
}
export interface UnmappedWaiting {
  busyUserId: string;
  name: string;
  hours: number;
}

/** Eligible entries not yet in 24SO: `ids` (the control's view) or everything the next pass would see. */
export async function waitingEntries(deps: HoursDeps, opts: HoursOptions, ids?: string[]): Promise<WaitingEntry[]> {
  if (opts.mode === null || opts.mode === 'never') return [];
  const ctx = new PassCtx(deps, opts);
  let entries: BusyHourEntry[];
  if (ids) entries = ids.length ? await listHourEntries(ctx.busy, { idIn: ids }) : [];
  else {
    const cursor = await ctx.store.hourCursors.get(HOURS_CURSOR);
    const changed = await listHourEntries(ctx.busy, { updatedFrom: cursor ? new Date(Date.parse(cursor.at) - ctx.overlapMs) : undefined });
    const have = new Set(changed.map((e) => e.id));
    const again = (await ctx.store.hours.unsettled()).map((r) => r.busyEntryId).filter((id) => !have.has(id));
    entries = [...changed, ...(again.length ? await listHourEntries(ctx.busy, { idIn: again }) : [])];
  }
  const out: WaitingEntry[] = [];
  for (const e of entries) {
    if (!isEligible(e, opts.mode)) continue;
    if (e.externalId && /^\d+$/.test(e.externalId)) continue;
    const rec = await ctx.store.hours.get(e.id);
    if (rec && rec.tfsoHourId !== null) continue;
    out.push({ busyEntryId: e.id, busyUserId: e.userId, hours: e.totalMinutes / 60, unmapped: !(await ctx.contactOf(e.userId)).mapped });
  }
  return out;
}

/** R18: per Busy user without a 24SO user, the hours that will go on the integration user. */
export async function pendingByUnmappedUser(deps: HoursDeps, opts: HoursOptions, ids?: string[]): Promise<UnmappedWaiting[]> {
  const waiting = (await waitingEntries(deps, opts, ids)).filter((w) => w.unmapped);
  if (!waiting.length) return [];
  const ctx = new PassCtx(deps, opts);
  const users = new Map((await ctx.users()).map((u) => [u.id, u.displayName]));
  const by = new Map<string, number>();
  for (const w of waiting) by.set(w.busyUserId, (by.get(w.busyUserId) ?? 0) + w.hours);
  return [...by]
    .map(([busyUserId, hours]) => ({ busyUserId, name: users.get(busyUserId) ?? busyUserId, hours: Math.round(hours * 100) / 100 }))
    .sort((a, b) => a.name.localeCompare(b.name, 'nb'));
}
