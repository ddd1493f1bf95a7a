// Busy's orders, read-only: draft invoices, finalized invoices, their lines, and each line's hour
// entries. A draft keeps its id when finalized (it moves from /invoices/drafts to /invoices).
import { z } from 'zod';
import type { BusyClient } from './client';
import { BUSY_PAGE_SIZE } from './client';
import { BUSY_PATHS } from './operations';
import { HourEntrySchema, type BusyHourEntry } from './schemas';

const id = z.string().regex(/^\d+$/, 'expected a numeric string id');
const nullableId = id.nullable();
const dateTime = z.iso.datetime({ offset: true });
const amount4 = z.string().regex(/^\d+\.\d{4}$/);

const draftShape = {
  id,
  projectId: id,
  clientId: nullableId,
  externalId: z.string().nullable(),
  description: z.string().nullable(),
  invoiceText: z.string().nullable(),
  externalReferenceNumber: z.string().nullable(),
  externalCustomerReference: z.string().nullable(),
  referenceUserId: nullableId,
  totalAmount: amount4,
  createdAt: dateTime,
  createdByUserId: nullableId,
  updatedAt: dateTime,
};
export const DraftInvoiceSchema = z.strictObject({ ...draftShape, isActive: z.boolean() });
export const InvoiceSchema = z.strictObject({ ...draftShape, finalizedAt: dateTime, finalizedByUserId: nullableId, isActive: z.boolean() });
export const InvoiceLineSchema = z.strictObject({
  id,
  quantity: z.string(),
  unitPrice: amount4,
  totalAmount: amount4,
  productId: nullableId,
  description: z.string(),
});
export type BusyDraftInvoice = z.output<typeof DraftInvoiceSchema>;
export type BusyInvoice = z.output<typeof InvoiceSchema>;
export type BusyInvoiceLine = z.output<typeof InvoiceLineSchema>;

/** A Busy order, draft or finalized. */
export interface BusyOrder {
  id: string;
  projectId: string;
  createdAt: string;
  draft: boolean;
  description: string | null;
}

/**
 * Orders created at or after `since` (all when omitted), oldest first. Neither list has
 * `updatedFrom`, so pages are read newest first until one reaches back past `since`.
 */
export async function listOrdersSince(c: BusyClient, since?: Date): Promise<BusyOrder[]> {
  const out = new Map<string, BusyOrder>();
  for (const [path, schema, draft] of [
    [BUSY_PATHS.draftInvoices, DraftInvoiceSchema, true],
    [BUSY_PATHS.invoices, InvoiceSchema, false],
  ] as const) {
    for (let offset = 0; ; offset += BUSY_PAGE_SIZE) {
      const page = await c.get(path, z.array(schema), {
        query: { orderBy: 'createdAt', orderByDirection: 'desc', isActive: 'true', limit: BUSY_PAGE_SIZE, offset },
      });
      let older = false;
      for (const o of page) {
        if (since && Date.parse(o.createdAt) < since.getTime()) {
          older = true;
          continue;
        }
        // finalized wins over a draft seen in the same read (it moved while we paged)
        if (!out.has(o.id) || !draft)
          out.set(o.id, { id: o.id, projectId: o.projectId, createdAt: o.createdAt, draft, description: o.description });
      }
      if (older || page.length < BUSY_PAGE_SIZE) break;
    }
  }
  return [...out.values()].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || Number(a.id) - Number(b.id));
}

export function listOrderLines(c: BusyClient, order: Pick<BusyOrder, 'id' | 'draft'>): Promise<BusyInvoiceLine[]> {
  return order.draft
    ? c.listAll(BUSY_PATHS.draftInvoiceLines, {}, InvoiceLineSchema, { params: { draftInvoiceId: order.id } })
    : c.listAll(BUSY_PATHS.invoiceLines, {}, InvoiceLineSchema, { params: { invoiceId: order.id } });
}

export function listLineHourEntries(c: BusyClient, lineId: string): Promise<BusyHourEntry[]> {
  return c.listAll(BUSY_PATHS.invoiceLineHours, {}, HourEntrySchema, { params: { invoiceLineId: lineId } });
}
