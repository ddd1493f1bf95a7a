// InvoiceService (api host): SaveInvoices creates orders. Like every Save* list operation it answers
// 200 and reports per-item errors in an APIException child of the echoed item.
import { DOTNET_MIN_INT } from './soap-envelope.js';
import { dataOf, isSetInt, type OpTable } from './ops.js';
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
        if (!isSetInt(customerId) || !hasActive(d.companies, customerId)) errors.push(`CustomerId ${String(customerId ?? '(missing)')} does not exist`);
        if (isSetInt(inv.ProjectId) && !findById(d.projects, inv.ProjectId)) errors.push(`ProjectId ${inv.ProjectId} does not exist`);
        const rows = (inv.InvoiceRows as (Rec | null)[] | undefined) ?? [];
        rows.forEach((r, i) => {
          if (!r) return;
          if (r.Type === 'Text' || r.Type === 'TextBold') return;
          if (!isSetInt(r.ProductId) || !productIds.has(r.ProductId)) errors.push(`Row ${i + 1}: ProductId ${String(r.ProductId ?? '(missing)')} does not exist`);
          if (isSetInt(r.ProjectId) && !findById(d.projects, r.ProjectId)) errors.push(`Row ${i + 1}: ProjectId ${r.ProjectId} does not exist`);
        });
        const echo: Rec = { ...inv };
        if (errors.length) {
          echo.APIException = { Type: 'ValidationException', Message: errors.join('; ') };
          return echo;
        }
        const orderId = d.nextId.order++;
        d.invoices.push({
          orderId, customerId: customerId as number, projectId: isSetInt(inv.ProjectId) ? inv.ProjectId : null,
          orderStatus: (inv.OrderStatus as string | undefined) ?? 'Web', dateOrdered: ctx.now().toISOString(),
          rows: rows.filter((r): r is Rec => !!r).map((r) => ({
            productId: r.ProductId as number, name: (r.Name as string | undefined) ?? '', quantity: (r.Quantity as number | undefined) ?? 0,
            price: (r.Price as number | undefined) ?? 0, projectId: isSetInt(r.ProjectId) ? r.ProjectId : null,
          })),
        });
        echo.OrderId = orderId;
        if (echo.InvoiceId === undefined) echo.InvoiceId = DOTNET_MIN_INT;
        return echo;
      });
    },
  },
};
