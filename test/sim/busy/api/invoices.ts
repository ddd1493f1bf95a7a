// Busy's orders, read-only: finalized invoices, drafts, their lines, and each line's hour entries.
import { noQuery, runList } from '../pagination.js';
import { getOr404, ok, type Route } from './router.js';
import type { BusyState } from '../state.js';

const ORDER = { values: ['createdAt', 'updatedAt'], default: 'createdAt' };

function linesOf(state: BusyState, invoiceId: string) {
  return [...state.invoiceLines.values()].filter((l) => state.lineOwner.get(l.id) === invoiceId);
}

export const invoiceRoutes: Route[] = [
  {
    method: 'GET',
    template: '/invoices',
    handle: ({ state, query }) => ok(runList(state.invoices, query, { orderBy: ORDER, isActive: true }).rows),
  },
  {
    method: 'GET',
    template: '/invoices/{invoiceId}',
    handle: ({ state, params, query }) => {
      noQuery(query);
      return ok(getOr404(state.invoices, params.invoiceId, 'Invoice'));
    },
  },
  {
    method: 'GET',
    template: '/invoices/{invoiceId}/invoiceLines',
    handle: ({ state, params, query }) => {
      getOr404(state.invoices, params.invoiceId, 'Invoice');
      return ok(runList(linesOf(state, params.invoiceId), query, { orderBy: ORDER }).rows);
    },
  },
  {
    method: 'GET',
    template: '/invoices/drafts',
    handle: ({ state, query }) => ok(runList(state.drafts, query, { orderBy: ORDER, isActive: true }).rows),
  },
  {
    method: 'GET',
    template: '/invoices/drafts/{draftInvoiceId}',
    handle: ({ state, params, query }) => {
      noQuery(query);
      return ok(getOr404(state.drafts, params.draftInvoiceId, 'Draft invoice'));
    },
  },
  {
    method: 'GET',
    template: '/invoices/drafts/{draftInvoiceId}/invoiceLines',
    handle: ({ state, params, query }) => {
      getOr404(state.drafts, params.draftInvoiceId, 'Draft invoice');
      return ok(runList(linesOf(state, params.draftInvoiceId), query, { orderBy: ORDER }).rows);
    },
  },
  {
    method: 'GET',
    template: '/invoiceLines/{invoiceLineId}',
    handle: ({ state, params, query }) => {
      noQuery(query);
      return ok(getOr404(state.invoiceLines, params.invoiceLineId, 'Invoice line'));
    },
  },
  {
    method: 'GET',
    template: '/invoiceLines/{invoiceLineId}/hourEntries',
    handle: ({ state, params, query }) => {
      getOr404(state.invoiceLines, params.invoiceLineId, 'Invoice line');
      const hs = (state.lineHours.get(params.invoiceLineId) ?? []).flatMap((id) => {
        const h = state.hourEntries.get(id);
        return h ? [h] : [];
      });
      return ok(runList(hs, query, { orderBy: ORDER }).rows);
    },
  },
];
