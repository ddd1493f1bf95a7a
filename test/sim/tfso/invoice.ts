// InvoiceService (api host): SaveInvoices creates orders. Like every Save* list operation it answers
// 200 and reports per-item errors in an APIException child of the echoed item. GetInvoices searches
// orders; like GetCompanies it needs at least one search parameter and returns only the properties
// named in invoiceReturnProperties.
import { DOTNET_MIN_INT, processFault, SCHEMA } from './soap-envelope.js';
import { dataOf, date, isSetDate, isSetInt, type OpTable } from './ops.js';
import type { TfsoInvoice } from './state.js';
import { findById, hasActive } from './lookup.js';

type Rec = Record<string, unknown>;

export const invoiceOps: OpTable = {
  SaveInvoices: {
    run(ctx, p) {
      const d = dataOf(ctx);
      const items = (p.invoices as (Rec | null)[] | undefined) ?? [];
      const productIds = new Set(d.workTypes.map((w) => w.productId).filter((x): x is number => x !== null));
      return items.map((inv) => {
        if (!inv) return null;
        const errors: string[] = [];
        const customerId = inv.CustomerId;
        if (!isSetInt(customerId) || !hasActive(d.companies, customerId))
          errors.push(`CustomerId ${String(customerId ?? '(missing)')} does not exist`);
        if (isSetInt(inv.ProjectId) && !findById(d.projects, inv.ProjectId)) errors.push(`ProjectId ${inv.ProjectId} does not exist`);
        const rows = (inv.InvoiceRows as (Rec | null)[] | undefined) ?? [];
        rows.forEach((r, i) => {
          if (!r) return;
          if (r.Type === 'Text' || r.Type === 'TextBold') return;
          if (!isSetInt(r.ProductId) || !productIds.has(r.ProductId))
            errors.push(`Row ${i + 1}: ProductId ${String(r.ProductId ?? '(missing)')} does not exist`);
          if (isSetInt(r.ProjectId) && !findById(d.projects, r.ProjectId))
            errors.push(`Row ${i + 1}: ProjectId ${r.ProjectId} does not exist`);
        });
        const echo: Rec = { ...inv };
        if (errors.length) {
          echo.APIException = { Type: 'ValidationException', Message: errors.join('; ') };
          return echo;
        }
        const orderId = d.nextId.order++;
        d.invoices.push({
          orderId,
          customerId: customerId as number,
          projectId: isSetInt(inv.ProjectId) ? inv.ProjectId : null,
          orderStatus: (inv.OrderStatus as string | undefined) ?? 'Web',
          dateOrdered: ctx.now().toISOString(),
          dateChanged: ctx.now().toISOString(),
          ...(typeof inv.ReferenceNumber === 'string' ? { referenceNumber: inv.ReferenceNumber } : {}),
          rows: rows
            .filter((r): r is Rec => !!r)
            .map((r) => ({
              productId: r.ProductId as number,
              name: (r.Name as string | undefined) ?? '',
              quantity: (r.Quantity as number | undefined) ?? 0,
              price: (r.Price as number | undefined) ?? 0,
              projectId: isSetInt(r.ProjectId) ? r.ProjectId : null,
            })),
        });
        echo.OrderId = orderId;
        if (echo.InvoiceId === undefined) echo.InvoiceId = DOTNET_MIN_INT;
        return echo;
      });
    },
  },
};

const ORDER_PROPS = new Set(SCHEMA.services.invoice.types.InvoiceOrder.map((e) => e.name));

/** Every property the simulator holds of an order, in wire form; GetInvoices picks the asked-for ones. */
function orderProps(o: TfsoInvoice): Rec {
  return {
    OrderId: o.orderId,
    CustomerId: o.customerId,
    OrderStatus: o.orderStatus,
    DateOrdered: date(o.dateOrdered),
    DateChanged: date(o.dateChanged ?? o.dateOrdered),
    ProjectId: o.projectId ?? DOTNET_MIN_INT,
    ReferenceNumber: o.referenceNumber,
  };
}

invoiceOps.GetInvoices = {
  run(ctx, p) {
    const d = dataOf(ctx);
    const s = (p.searchParams ?? {}) as Rec;
    const list = (k: string) => ((s[k] as unknown[] | undefined) ?? []).filter((x) => x !== null && x !== undefined);
    const customers = list('CustomerIds') as number[];
    const orderIds = list('OrderIds') as number[];
    const states = list('OrderStates') as string[];
    const changedAfter = isSetDate(s.ChangedAfter) ? s.ChangedAfter.getTime() : undefined;
    if (!customers.length && !orderIds.length && !states.length && !list('InvoiceIds').length && changedAfter === undefined) {
      throw processFault('Please specify at least one search parameter');
    }
    const props = ((p.invoiceReturnProperties as (string | null)[] | undefined) ?? []).filter((x): x is string => !!x);
    const unknown = props.filter((x) => !ORDER_PROPS.has(x) || x === 'APIException');
    if (unknown.length)
      throw processFault(
        `Unknown invoiceReturnProperties (simulator strictness; names are case-sensitive InvoiceOrder elements): ${unknown.join(', ')}`,
      );
    return d.invoices
      .filter(
        (o) =>
          (!customers.length || customers.includes(o.customerId)) &&
          (!orderIds.length || orderIds.includes(o.orderId)) &&
          (!states.length || states.includes(o.orderStatus)) &&
          (changedAfter === undefined || Date.parse(o.dateChanged ?? o.dateOrdered) > changedAfter),
      )
      .sort((a, b) => a.orderId - b.orderId)
      .map((o) => {
        const all = orderProps(o);
        // IncludeVAT is minOccurs=1 (nillable): .NET writes it nil whatever was asked for.
        return { ...Object.fromEntries(props.filter((k) => all[k] !== undefined).map((k) => [k, all[k]])), IncludeVAT: null };
      });
  },
};
