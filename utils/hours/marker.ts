// The marker that ties a 24SO hour to its Busy entry, so that a send whose answer was lost (or
// whose ledger write never happened) is recognised in 24SO instead of being sent again (R22).
//
// THE place to change if the real server offers a field for it: the public TimeService WSDL's Hour
// has no InternalNote (the simulator faults on elements not in the WSDL), so the marker lives at
// the end of Description: "Kundemøte [Busy 1234]". Should 24SO's API gain InternalNote (or an
// external id) on Hour, write the marker there instead and keep the description clean: only this
// pair of functions and the Hour write in utils/tfso/hours.ts change.

const MARKER = /\s*\[Busy (\d+)\]$/;

/** The description as written to 24SO: Busy's text, then the marker. */
export function withMarker(description: string | null, busyEntryId: string): string {
  if (!/^\d+$/.test(busyEntryId)) throw new RangeError(`not a Busy id: ${busyEntryId}`);
  const text = (description ?? '').replace(MARKER, '').trim();
  return text ? `${text} [Busy ${busyEntryId}]` : `[Busy ${busyEntryId}]`;
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
