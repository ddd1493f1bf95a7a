import type { Sims } from './sims';
import { tfsoData } from './checks';
import { markerOf } from '../../../utils/hours/marker';

/** A mapped Busy user (has a 24SO user in the seed) with submitted entries in ISO week `week`. */
export function userWithSubmittedHours(sims: Sims, weekStart: string, weekEnd: string) {
  const entries = [...sims.busy.state.hourEntries.values()].filter(
    (e) => e.isActive && e.approvalStatus === 'submitted' && e.startTime >= weekStart && e.startTime < weekEnd,
  );
  const tfsoUsers = new Set(tfsoData(sims).users.map((u) => u.contactId));
  const byUser = new Map<string, typeof entries>();
  for (const e of entries) byUser.set(e.userId, [...(byUser.get(e.userId) ?? []), e]);
  for (const [userId, list] of byUser) {
    const user = sims.busy.state.users.get(userId)!;
    // The seed's mapped users carry their employee number as in 24SO.
    const mapped = tfsoData(sims).users.find((u) => String(u.employeeId) === user.employeeCode);
    if (mapped && tfsoUsers.has(mapped.contactId)) return { userId, contactId: mapped.contactId, entries: list };
  }
  throw new Error('the seed has no mapped user with submitted hours that week');
}

/** 24SO hours carrying the marker of this Busy entry. */
export function tfsoHoursFor(sims: Sims, busyEntryId: string) {
  return tfsoData(sims).hours.filter((h) => markerOf(h.description) === busyEntryId);
}
