// The hours ledger (R22), the order ledger (R21), the transfer log and the hour-transfer cursors:
// what the hour transfer keeps between passes. Engine-free, like types.ts; every record is checked
// with these zod schemas on write and on read.
import { z } from 'zod';

/** Why an entry or order could not be sent: an i18n key and its substitutions (utils/hours/reasons.ts). */
export interface Reason {
  code: string;
  messageKey: string;
  substitutions: string[];
}

/** The fields of a 24SO Hour this extension writes (description WITHOUT the Busy marker). */
export interface HourFields {
  contactId: number;
  projectId: number;
  typeOfWorkId: number;
  projectTaskId: number | null;
  /** ISO instants (UTC). */
  startTime: string;
  stopTime: string;
  totalHours: number;
  totalHoursInvoice: number;
  description: string;
}

/**
 * pending   a SaveHour for it may be in flight or may have committed with its answer lost:
 *           `fields` is what was being written. Resolved by searching 24SO for the marker.
 * unmarked  in 24SO as `tfsoHourId`; Busy's externalId not yet written.
 * sent      in 24SO and marked in Busy. `fields` = what 24SO holds.
 * skipped   cannot be sent yet (`reason`); retried every pass.
 * failed    24SO refused the write (nothing committed); retried every pass.
 * deleted   was sent, then deleted in 24SO because it was deleted in Busy.
 */
export type HourLedgerState = 'pending' | 'unmarked' | 'sent' | 'skipped' | 'failed' | 'deleted';
export const UNSETTLED_HOUR_STATES = ['pending', 'unmarked', 'skipped', 'failed'] as const satisfies readonly HourLedgerState[];

export interface HourLedgerRecord {
  busyEntryId: string;
  state: HourLedgerState;
  tfsoHourId: number | null;
  fields: HourFields | null;
  busyUserId: string | null;
  reason: Reason | null;
  updatedAt: string;
  /** The Busy entry's updatedAt when this record was last settled (Busy's clock): an entry seen
   * again with the same stamp has not changed, and a pass skips it without reading anything. */
  busyUpdatedAt?: string;
}

/** pending: SaveInvoices may have committed; uncertain: its answer was lost and 24SO offers no
 * search by our marker in the simulated API, so a person decides (see utils/hours/orders.ts). */
export type OrderLedgerState = 'pending' | 'sent' | 'skipped' | 'failed' | 'uncertain';

export interface OrderLedgerRecord {
  busyOrderId: string;
  state: OrderLedgerState;
  tfsoOrderId: number | null;
  busyProjectId: string;
  /** When Busy created it: the order cursor's field. */
  busyCreatedAt: string;
  reason: Reason | null;
  updatedAt: string;
}

export type TransferOp = 'send' | 'update' | 'delete' | 'adopt' | 'recover' | 'order';

export interface TransferLogEntry {
  id: string;
  at: string;
  op: TransferOp;
  /** Busy hour entry id, or Busy order id for op 'order'. */
  busyId: string;
  /** 24SO hour id, or 24SO order id for op 'order'. */
  tfsoId: number;
  busyUserId: string | null;
  contactId: number | null;
  projectId: number | null;
  hours: number | null;
  description: string;
}

export interface HoursCursor {
  name: string;
  at: string;
  idsAtCursor: string[];
}

export interface HoursStore {
  hours: {
    get(busyEntryId: string): Promise<HourLedgerRecord | undefined>;
    /** The records of these entries, read together (absent ids: no record). */
    getMany(busyEntryIds: readonly string[]): Promise<Map<string, HourLedgerRecord>>;
    /** Writes the record, and the log entry with it in the same transaction. */
    put(rec: HourLedgerRecord, log?: TransferLogEntry): Promise<void>;
    delete(busyEntryId: string): Promise<void>;
    all(): Promise<HourLedgerRecord[]>;
    /** Records every pass looks at again (UNSETTLED_HOUR_STATES). */
    unsettled(): Promise<HourLedgerRecord[]>;
  };
  orders: {
    get(busyOrderId: string): Promise<OrderLedgerRecord | undefined>;
    put(rec: OrderLedgerRecord, log?: TransferLogEntry): Promise<void>;
    all(): Promise<OrderLedgerRecord[]>;
  };
  transferLog: {
    /** Oldest first. */
    all(): Promise<TransferLogEntry[]>;
    /** Newest first. */
    recent(n: number): Promise<TransferLogEntry[]>;
  };
  hourCursors: { get(name: string): Promise<HoursCursor | undefined>; put(c: HoursCursor): Promise<void> };
}

// ---- schemas -------------------------------------------------------------------------------

const iso = z.iso.datetime({ offset: true });
const nonEmpty = z.string().min(1);
const posInt = z.number().int().positive();

export const ReasonSchema: z.ZodType<Reason> = z.strictObject({ code: nonEmpty, messageKey: nonEmpty, substitutions: z.array(z.string()) });

export const HourFieldsSchema: z.ZodType<HourFields> = z.strictObject({
  contactId: posInt,
  projectId: posInt,
  typeOfWorkId: posInt,
  projectTaskId: posInt.nullable(),
  startTime: iso,
  stopTime: iso,
  totalHours: z.number().min(0),
  totalHoursInvoice: z.number().min(0),
  description: z.string(),
});

export const HourLedgerRecordSchema: z.ZodType<HourLedgerRecord> = z
  .strictObject({
    busyEntryId: nonEmpty,
    state: z.enum(['pending', 'unmarked', 'sent', 'skipped', 'failed', 'deleted']),
    tfsoHourId: posInt.nullable(),
    fields: HourFieldsSchema.nullable(),
    busyUserId: nonEmpty.nullable(),
    reason: ReasonSchema.nullable(),
    updatedAt: iso,
    busyUpdatedAt: iso.optional(),
  })
  .refine((r) => !['unmarked', 'sent', 'deleted'].includes(r.state) || r.tfsoHourId !== null, { message: 'a sent hour needs its 24SO id' })
  .refine((r) => r.state !== 'pending' || r.fields !== null, { message: 'a pending send needs the fields being written' });

export const OrderLedgerRecordSchema: z.ZodType<OrderLedgerRecord> = z
  .strictObject({
    busyOrderId: nonEmpty,
    state: z.enum(['pending', 'sent', 'skipped', 'failed', 'uncertain']),
    tfsoOrderId: posInt.nullable(),
    busyProjectId: nonEmpty,
    busyCreatedAt: iso,
    reason: ReasonSchema.nullable(),
    updatedAt: iso,
  })
  .refine((r) => r.state !== 'sent' || r.tfsoOrderId !== null, { message: 'a sent order needs its 24SO id' });

export const TransferLogEntrySchema: z.ZodType<TransferLogEntry> = z.strictObject({
  id: nonEmpty,
  at: iso,
  op: z.enum(['send', 'update', 'delete', 'adopt', 'recover', 'order']),
  busyId: nonEmpty,
  tfsoId: posInt,
  busyUserId: z.string().nullable(),
  contactId: z.number().int().nullable(),
  projectId: z.number().int().nullable(),
  hours: z.number().nullable(),
  description: z.string(),
});

export const HoursCursorSchema: z.ZodType<HoursCursor> = z.strictObject({ name: nonEmpty, at: iso, idsAtCursor: z.array(z.string()) });
