// Where a record came from, written in the systems themselves, so that every installation (not
// only the one whose store remembers the create) can tell a record it would create from one that
// was already carried over:
//   - into Busy: `externalId` = the 24SO id, set in the create itself (atomic).
//   - into 24SO (projects, work types, tasks made in Busy): `[Busy <id>]` at the end of the
//     record's Description, set in the create itself. 24SO has no external-id field on these, and
//     Description is the one free text they all share. A person may edit the description; the
//     marker is only needed until Busy carries the 24SO id back (R10), which follows at once.
const MARKER = /\s*\[Busy (\d+)\]\s*$/;

export function withOrigin(description: string | null | undefined, busyId: string): string {
  if (!/^\d+$/.test(busyId)) throw new RangeError(`not a Busy id: ${busyId}`);
  const text = (description ?? '').replace(MARKER, '').trim();
  return text ? `${text} [Busy ${busyId}]` : `[Busy ${busyId}]`;
}

/** The Busy id a 24SO record says it was made from, or null. */
export function originOf(description: string | null | undefined): string | null {
  return MARKER.exec(description ?? '')?.[1] ?? null;
}
