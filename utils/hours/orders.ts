// R21, on order creation: each Busy order (draft or finalized invoice) created since the cursor
// becomes ONE 24SO order (SaveInvoices), then its hours go through the hour transfer.
//
// The 24SO order:
//   CustomerId   the 24SO customer of the linked project (link snapshot `tfso.customer`)
//   ProjectId    the linked 24SO project
//   OrderStatus  'Draft': it waits in 24SO for a person to check and invoice it.
//   rows         one InvoiceRow per work type: ProductId = the 24SO work type's ProductId,
//                Quantity = the summed billable hours of that work type's entries on the order,
//                Price = the unit price of the Busy order line those entries are on. Chosen over
//                the 24SO work type's price because the Busy order is what the customer is to be
//                invoiced (Busy rates can be set per project and person); 24SO's price is a list
//                price. Name = the work type's name.
//   ReferenceNumber "Busy <order id>" (the marker, marker.ts).
// Exactly once: before every SaveInvoices, under the company's write lock (utils/coordination),
// 24SO is searched for an order carrying the marker (GetInvoices by customer, public
// InvoiceService): found → recorded, not made again (made by another installation, or by us with
// the answer lost). Then ledger 'pending', SaveInvoices, 'sent' with 24SO's OrderId, and a look
// again (a second order with the marker: a warning, 24SO cannot delete one through the API). A
// refusal (APIException or SOAP fault) leaves 'failed' and is retried. An answer lost leaves
// 'uncertain' with a warning until the next pass's search settles it; resolveUncertainOrder()
// still records a person's answer.
import { AppError, RateLimitedError, RemoteFaultError, SessionMissingError } from '../core/errors';
import { listLineHourEntries, listOrderLines, listOrdersSince, type BusyOrder } from '../busy/invoices';
import type { OrderLedgerRecord, Reason, SyncStore } from '../store/types';
import { findOrders, saveOrder, type TfsoOrderRow } from '../tfso/invoice';
import type { PassCtx } from './context';
import { orderMarker } from './marker';
import { reason } from './reasons';

export const ORDERS_CURSOR = 'orders';

/** Processes new orders; returns the hour entry ids on them (the hour pass looks at those too). */
export async function processOrders(ctx: PassCtx): Promise<string[]> {
  const cursor = await ctx.store.hourCursors.get(ORDERS_CURSOR);
  const retry = (await ctx.store.orders.all()).filter((r) => r.state === 'failed' || r.state === 'skipped' || r.state === 'pending');
  const sinceMs = Math.min(
    cursor ? Date.parse(cursor.at) - ctx.overlapMs : Number.NEGATIVE_INFINITY,
    ...retry.map((r) => Date.parse(r.busyCreatedAt)),
  );
  const orders = await listOrdersSince(ctx.busy, Number.isFinite(sinceMs) ? new Date(sinceMs) : undefined);
  const entryIds: string[] = [];
  let cursorAt = cursor?.at;
  for (const o of orders) {
    const ids = await processOrder(ctx, o);
    entryIds.push(...ids);
    if (!cursorAt || Date.parse(o.createdAt) > Date.parse(cursorAt)) cursorAt = o.createdAt;
  }
  if (cursorAt) await ctx.store.hourCursors.put({ name: ORDERS_CURSOR, at: cursorAt, idsAtCursor: [] });
  return entryIds;
}

async function processOrder(ctx: PassCtx, o: BusyOrder): Promise<string[]> {
  const rec = await ctx.store.orders.get(o.id);
  const base = (state: OrderLedgerRecord['state'], extra: Partial<OrderLedgerRecord> = {}): OrderLedgerRecord => ({
    busyOrderId: o.id,
    state,
    tfsoOrderId: null,
    busyProjectId: o.projectId,
    busyCreatedAt: o.createdAt,
    reason: null,
    updatedAt: ctx.now().toISOString(),
    ...extra,
  });
  // Its hours reach the hour pass through the hour-entry cursor (an order bumps their updatedAt).
  if (rec?.state === 'sent') return [];
  // 'pending' (a SaveInvoices that may have committed: the worker stopped, or the answer was lost)
  // and 'uncertain' (the same, from before orders could be searched) are settled by the marker
  // search below, made under the write lock like every first send.
  const lines = await listOrderLines(ctx.busy, o);
  const entries = (
    await Promise.all(lines.map(async (l) => (await listLineHourEntries(ctx.busy, l.id)).map((e) => ({ e, line: l }))))
  ).flat();
  const entryIds = entries.map((x) => x.e.id);
  const skip = async (r: Reason) => {
    await ctx.store.orders.put(base('skipped', { reason: r }));
    ctx.summary.orders.skipped.push({ busyOrderId: o.id, reason: r });
    return entryIds;
  };

  const pl = await ctx.link('project', o.projectId);
  if (!pl) return skip(reason('hoursProjectNotLinked', o.projectId));
  const projectId = Number(pl.tfsoId);
  const customer = pl.tfso.customer;
  if (typeof customer !== 'number') return skip(reason('orderNoCustomer', String(pl.tfso.name ?? projectId)));

  // One row per work type, in the order the lines come.
  const byWorkType = new Map<number, { minutes: number; price: number }>();
  for (const { e, line } of entries) {
    if (!e.tagId) return skip(reason('hoursWorkTypeMissing'));
    const wl = await ctx.link('workType', e.tagId);
    if (!wl) return skip(reason('hoursWorkTypeNotLinked', e.tagId));
    const id = Number(wl.tfsoId);
    const row = byWorkType.get(id) ?? { minutes: 0, price: Number(line.unitPrice) };
    row.minutes += e.billableMinutes;
    byWorkType.set(id, row);
  }
  const rows: TfsoOrderRow[] = [];
  for (const [id, r] of byWorkType) {
    const wt = await ctx.workType(id);
    if (!wt || wt.productId === null) return skip(reason('orderWorkTypeNoProduct', wt?.name ?? String(id)));
    rows.push({
      productId: wt.productId,
      name: wt.name,
      quantity: Math.round((r.minutes / 60) * 10_000) / 10_000,
      price: r.price,
      projectId,
    });
  }
  if (!rows.length) return skip(reason('orderNoRows'));

  // The order may exist already: made by another installation, or by us with the answer lost.
  await ctx.holdLock();
  const since = new Date(Date.parse(o.createdAt) - SEARCH_SLACK_MS);
  const found = await orderByMarker(ctx, customer, o.id, since);
  if (found !== undefined) {
    await ctx.store.orders.put(base('sent', { tfsoOrderId: found }), {
      id: `order-${o.id}-${found}`,
      at: ctx.now().toISOString(),
      op: 'recover',
      busyId: o.id,
      tfsoId: found,
      busyUserId: null,
      contactId: null,
      projectId,
      hours: rows.reduce((sum, r) => sum + r.quantity, 0),
      description: o.description ?? '',
    });
    if (rec?.state === 'uncertain') await ctx.store.warnings.resolve(`orderUncertain:${o.id}`);
    return entryIds;
  }
  await ctx.store.orders.put(base('pending'));
  let orderId: number;
  try {
    orderId = await saveOrder(ctx.tfso, { customerId: customer, projectId, status: 'Draft', rows, referenceNumber: orderMarker(o.id) });
  } catch (err) {
    // Session/rate-limit faults and SOAP faults/APIExceptions are refusals: nothing was created.
    const refused =
      err instanceof SessionMissingError ||
      err instanceof RateLimitedError ||
      (err instanceof RemoteFaultError && !/^HTTP \d+$/.test(err.remoteMessage));
    if (refused) {
      const r = reason('orderRefused', err instanceof AppError ? err.message : String(err));
      await ctx.store.orders.put(base('failed', { reason: r }));
      if (err instanceof SessionMissingError || err instanceof RateLimitedError) throw err;
      ctx.summary.orders.skipped.push({ busyOrderId: o.id, reason: r });
      return entryIds;
    }
    const r = reason('orderUncertain', o.id, orderMarker(o.id));
    await ctx.store.orders.put(base('uncertain', { reason: r }));
    ctx.warn(`orderUncertain:${o.id}`, r);
    ctx.summary.orders.skipped.push({ busyOrderId: o.id, reason: r });
    return entryIds;
  }
  await ctx.store.orders.put(base('sent', { tfsoOrderId: orderId }), {
    id: `order-${o.id}-${orderId}`,
    at: ctx.now().toISOString(),
    op: 'order',
    busyId: o.id,
    tfsoId: orderId,
    busyUserId: null,
    contactId: null,
    projectId,
    hours: rows.reduce((s, r) => s + r.quantity, 0),
    description: o.description ?? '',
  });
  ctx.summary.orders.sent.push({ busyOrderId: o.id, tfsoOrderId: orderId, rows: rows.length });
  if (rec?.state === 'uncertain') await ctx.store.warnings.resolve(`orderUncertain:${o.id}`);
  // Look again: a second order with the same marker means the write lock failed somewhere. 24SO
  // cannot delete an order through the API: the lowest stays recorded and a person is told.
  const copies = (await findOrders(ctx.tfso, { customerId: customer, changedAfter: since }))
    .filter((f) => f.referenceNumber === orderMarker(o.id))
    .map((f) => f.orderId!)
    .sort((a, b) => a - b);
  if (copies.length > 1) {
    ctx.warn(`orderDuplicate:${o.id}`, reason('orderDuplicateInTfso', o.id, copies.join(', ')));
    if (copies[0] !== orderId) await ctx.store.orders.put(base('sent', { tfsoOrderId: copies[0]! }));
  }
  return entryIds;
}

/** 24SO's orders may change (invoiced, edited) after they are made; the search starts well before. */
const SEARCH_SLACK_MS = 7 * 86_400_000;

/** The lowest 24SO order carrying the Busy order's marker (ReferenceNumber), if any. */
async function orderByMarker(ctx: PassCtx, customerId: number, busyOrderId: string, since: Date): Promise<number | undefined> {
  const hits = (await findOrders(ctx.tfso, { customerId, changedAfter: since }))
    .filter((f) => f.referenceNumber === orderMarker(busyOrderId))
    .map((f) => f.orderId!)
    .sort((a, b) => a - b);
  return hits[0];
}

/**
 * A person's answer about an 'uncertain' order: the 24SO order id it has (→ 'sent'), or null when
 * it is not in 24SO (→ 'failed': the next pass creates it).
 */
export async function resolveUncertainOrder(
  store: SyncStore,
  busyOrderId: string,
  tfsoOrderId: number | null,
  now = new Date(),
): Promise<void> {
  const rec = await store.orders.get(busyOrderId);
  if (rec?.state !== 'uncertain') throw new Error(`order ${busyOrderId} is not waiting for a decision`);
  await store.orders.put(
    tfsoOrderId === null
      ? { ...rec, state: 'failed', reason: null, updatedAt: now.toISOString() }
      : { ...rec, state: 'sent', tfsoOrderId, reason: null, updatedAt: now.toISOString() },
  );
  await store.warnings.resolve(`orderUncertain:${busyOrderId}`);
}
