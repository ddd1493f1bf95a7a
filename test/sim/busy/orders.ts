// What the web app does to the shared state: approving hours, and turning a project's approved,
// un-invoiced hours into an order (Busy's draft invoice) with one line per tag.
import { hourlyRateOf } from './rates.js';
import type { DraftInvoice, HourEntry, Invoice, InvoiceLine } from './schemas.js';
import { fixed4, type BusyState } from './state.js';

/** Approves the given active, not yet approved entries; returns those it changed. */
export function approveEntries(state: BusyState, ids: string[]): HourEntry[] {
  const changed: HourEntry[] = [];
  for (const id of new Set(ids)) {
    const h = state.hourEntries.get(id);
    if (!h?.isActive || h.approvalStatus === 'approved') continue;
    h.approvalStatus = 'approved';
    h.updatedAt = state.stamp();
    changed.push(h);
  }
  return changed;
}

/** Hours an order for `projectId` would take: active, approved, billable, not yet on an invoice. */
export function orderableEntries(state: BusyState, projectId: string): HourEntry[] {
  return [...state.hourEntries.values()]
    .filter(
      (h) =>
        h.projectId === projectId &&
        h.isActive &&
        h.approvalStatus === 'approved' &&
        h.invoiceId === null &&
        !h.isExcludedFromBilling &&
        h.billableMinutes > 0,
    )
    .sort((a, b) => Date.parse(a.startTime) - Date.parse(b.startTime) || Number(a.id) - Number(b.id));
}

export class NothingToOrder extends Error {}

/**
 * Creates the draft invoice. Line quantity is hours with 4 decimals [A] (Busy's format for
 * `quantity` is not documented); `productId` is null (no Busy products in the sim) [A].
 */
export function createOrder(state: BusyState, projectId: string, byUserId: string | null): { draft: DraftInvoice; lines: InvoiceLine[] } {
  const project = state.projects.get(projectId);
  if (!project) throw new NothingToOrder(`Project ${projectId} does not exist`);
  const entries = orderableEntries(state, projectId);
  if (!entries.length) throw new NothingToOrder('No approved, un-invoiced hours on this project');

  const byTag = new Map<string, HourEntry[]>();
  for (const h of entries) {
    const k = h.tagId ?? '';
    byTag.set(k, [...(byTag.get(k) ?? []), h]);
  }
  const now = state.stamp();
  const invoiceId = state.nextId('invoices');
  const lines: InvoiceLine[] = [];
  let total = 0;
  for (const [tagId, hs] of byTag) {
    const minutes = hs.reduce((s, h) => s + h.billableMinutes, 0);
    const rate = hourlyRateOf(state, { hourlyRate: null, projectId, tagId: tagId || null });
    const amount = hs.reduce((s, h) => s + (hourlyRateOf(state, h) * h.billableMinutes) / 60, 0);
    const line: InvoiceLine = {
      id: state.nextId('invoiceLines'),
      quantity: fixed4(minutes / 60),
      unitPrice: fixed4(rate),
      totalAmount: fixed4(amount),
      productId: null,
      description: state.tags.get(tagId)?.name ?? project.name,
    };
    total += Number(line.totalAmount);
    state.invoiceLines.set(line.id, line);
    state.lineOwner.set(line.id, invoiceId);
    state.lineHours.set(
      line.id,
      hs.map((h) => h.id),
    );
    lines.push(line);
    for (const h of hs) {
      h.invoiceId = invoiceId;
      h.updatedAt = now;
    }
  }
  const draft: DraftInvoice = {
    id: invoiceId,
    projectId,
    clientId: project.clientId,
    externalId: null,
    description: project.name,
    invoiceText: project.defaultInvoiceText,
    externalReferenceNumber: null,
    externalCustomerReference: project.externalCustomerReference || null,
    referenceUserId: byUserId,
    totalAmount: fixed4(total),
    createdAt: now,
    createdByUserId: byUserId,
    updatedAt: now,
    isActive: true,
  };
  state.drafts.set(invoiceId, draft);
  return { draft, lines };
}

/** Finalizes a draft: it leaves `/invoices/drafts` and appears under `/invoices` with the same id. */
export function finalizeOrder(state: BusyState, draftId: string, byUserId: string | null): Invoice | undefined {
  const d = state.drafts.get(draftId);
  if (!d) return undefined;
  const now = state.stamp();
  const { isActive, ...rest } = d;
  const inv: Invoice = { ...rest, updatedAt: now, finalizedAt: now, finalizedByUserId: byUserId, isActive };
  state.drafts.delete(draftId);
  state.invoices.set(draftId, inv);
  return inv;
}
