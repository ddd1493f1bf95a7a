// The marker that ties a 24SO hour to its Busy entry, so that a send whose answer was lost (or
// whose ledger write never happened) is recognised in 24SO instead of being sent again (R22).
//
// THE one place that decides where it goes (issue 14). The public TimeService WSDL's Hour has no
// InternalNote (the simulator faults on elements not in the WSDL), so by default the marker lives
// at the end of Description: "Kundemøte [Busy 1234]". Where the live WSDL declares Hour.InternalNote
// (capability tfso.hourInternalNote confirmed), the marker goes there and the description stays
// Busy's text. Reading always recognises BOTH places, so hours marked in the description before
// InternalNote was found are still found.
import type { Capabilities } from '../capabilities/handle';
import { RemoteFaultError } from '../core/errors';

const MARKER = /\s*\[Busy (\d+)\]$/;

/** The description as written to 24SO: Busy's text, then the marker. */
export function withMarker(description: string | null, busyEntryId: string): string {
  if (!/^\d+$/.test(busyEntryId)) throw new RangeError(`not a Busy id: ${busyEntryId}`);
  const text = (description ?? '').replace(MARKER, '').trim();
  return text ? `${text} [Busy ${busyEntryId}]` : `[Busy ${busyEntryId}]`;
}

/** Where this pass writes the marker. `sequence`: the live Hour's element order (SaveHour writes
 * InternalNote where the server's WSDL has it). */
export type MarkerPlace = { field: 'description' } | { field: 'internalNote'; sequence: readonly string[] | null };

export function markerPlace(caps: Capabilities | undefined): MarkerPlace {
  const e = caps?.entry('tfso.hourInternalNote');
  return e?.state === 'confirmed' ? { field: 'internalNote', sequence: e.sequence ?? null } : { field: 'description' };
}

/** A server whose WSDL declared InternalNote but refuses it: the capability is off at once, and
 * the entry (refused, nothing written) goes with the marker in its description on the next pass. */
export async function noteMarkerRefused(caps: Capabilities | undefined, place: MarkerPlace, e: unknown): Promise<void> {
  if (
    place.field !== 'internalNote' ||
    !caps ||
    !(e instanceof RemoteFaultError) ||
    e.system !== 'tfso' ||
    !/InternalNote/.test(e.remoteMessage)
  )
    return;
  await caps.observe('tfso.hourInternalNote', 'absent', `SaveHour: ${e.remoteMessage}`);
}

/** What SaveHour writes for an entry: the description (and InternalNote) with the marker in its place. */
export function markedHour(
  description: string | null,
  busyEntryId: string,
  place: MarkerPlace,
): { description: string; internalNote?: string } {
  if (place.field === 'description') return { description: withMarker(description, busyEntryId) };
  return { description: withoutMarker(description), internalNote: withMarker(null, busyEntryId) };
}

/** The Busy entry id a 24SO hour carries, in InternalNote or at the end of its description. */
export function markerOfHour(h: { description: string | null; internalNote?: string | null }): string | null {
  return markerOf(h.internalNote) ?? markerOf(h.description);
}

/** The Busy entry id a 24SO description carries, or null. */
export function markerOf(description: string | null | undefined): string | null {
  const m = MARKER.exec(description ?? '');
  return m ? m[1]! : null;
}

/** The description without the marker (what Busy holds). */
export function withoutMarker(description: string | null | undefined): string {
  return (description ?? '').replace(MARKER, '').trim();
}

/** The reference written on a 24SO order made from a Busy order (InvoiceOrder.ReferenceNumber). */
export function orderMarker(busyOrderId: string): string {
  return `Busy ${busyOrderId}`;
}
