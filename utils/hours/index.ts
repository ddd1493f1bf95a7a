// The hour transfer's public API (background, popup, options, CLI).
export { runHoursTransfer, sendEntries, isEligible, HOURS_CURSOR, type TransferRequest } from './transfer';
export type { HoursDeps, HoursMode, HoursOptions, TransferSummary, SentItem, OrderItem } from './context';
export { resolveUncertainOrder, ORDERS_CURSOR } from './orders';
export { waitingEntries, pendingByUnmappedUser, type WaitingEntry, type UnmappedWaiting } from './waiting';
export { exportCsv, CSV_COLUMNS } from './csv';
export { withMarker, markerOf, markerOfHour, markedHour, markerPlace, orderMarker, type MarkerPlace } from './marker';
export { HOURS_MESSAGES, reason, reasonText, type HoursMessageKey } from './reasons';
