// 24SO InvoiceService (api host): SaveInvoices creates orders. Element names and order copied from
// invoiceService.wsdl: InvoiceOrder{OrderId, CustomerId, …, OrderStatus, …, ProjectId, OurReference,
// IncludeVAT (minOccurs=1, nillable), …, InvoiceRows, APIException, …, ReferenceNumber, …};
// InvoiceRow{ProductId, RowId, VatRate, Price, Name, DiscountRate, Quantity, …, ProjectId, …}.
// Like every Save* list operation it answers 200 and reports a refused item in an APIException
// child of the echoed item.
import { z } from 'zod';
import { BadResponseError, RemoteFaultError } from '../core/errors';
import { callService, NIL, parseWith, toPlainList, xs, type SoapParams, type TfsoContext } from './soap';

/** OrderSlipStateType values this module writes. 'Draft': the order waits in 24SO for a person to
 * check and invoice it; nothing reaches the customer by itself. */
export type TfsoOrderStatus = 'Draft' | 'Web' | 'Confirmed' | 'ForInvoicing';

export interface TfsoOrderRow {
  productId: number;
  name: string;
  quantity: number;
  price: number;
  projectId: number | null;
}

export interface TfsoOrderWrite {
  customerId: number;
  projectId: number | null;
  status: TfsoOrderStatus;
  rows: TfsoOrderRow[];
  /** A reference 24SO keeps with the order: where the Busy order's marker goes (orders.ts). */
  referenceNumber: string;
}

const EchoSchema = z
  .object({
    OrderId: xs.int,
    APIException: z.object({ Type: xs.string, Message: xs.string }).optional(),
  })
  .transform((o) => ({
    orderId: o.OrderId,
    error: o.APIException ? `${o.APIException.Type ?? 'APIException'}: ${o.APIException.Message ?? ''}` : null,
  }));

/** Creates one order; returns 24SO's OrderId. A refused order is a RemoteFaultError (nothing was created). */
export async function saveOrder(ctx: TfsoContext, o: TfsoOrderWrite): Promise<number> {
  const rows: SoapParams = o.rows.map(
    (r) =>
      [
        'InvoiceRow',
        [
          ['ProductId', r.productId],
          ['Price', r.price],
          ['Name', r.name],
          ['Quantity', r.quantity],
          ['ProjectId', r.projectId ?? undefined],
        ],
      ] as const,
  );
  const order: SoapParams = [
    ['CustomerId', o.customerId],
    ['OrderStatus', o.status],
    ['ProjectId', o.projectId ?? undefined],
    ['IncludeVAT', NIL],
    ['InvoiceRows', rows],
    ['ReferenceNumber', o.referenceNumber],
  ];
  const result = await callService(ctx, 'InvoiceService', 'SaveInvoices', [['invoices', [['InvoiceOrder', order]]]]);
  const items = parseWith(
    'SaveInvoices',
    z.array(EchoSchema),
    toPlainList('SaveInvoices', result, 'InvoiceOrder', { lists: ['InvoiceRows'] }),
  );
  if (items.length !== 1) throw new BadResponseError('SaveInvoices', 'SaveInvoicesResult', `expected one order back, got ${items.length}`);
  const item = items[0]!;
  if (item.error) throw new RemoteFaultError('tfso', 'SaveInvoices', item.error, 200);
  if (item.orderId === null || item.orderId <= 0) throw new BadResponseError('SaveInvoices', 'OrderId', 'no order id in the answer');
  return item.orderId;
}

const FoundSchema = z
  .object({ OrderId: xs.int, CustomerId: xs.int, ReferenceNumber: xs.string, DateChanged: xs.dateTime })
  .transform((o) => ({
    orderId: o.OrderId,
    customerId: o.CustomerId,
    referenceNumber: o.ReferenceNumber ?? '',
    dateChanged: o.DateChanged?.toISOString() ?? null,
  }));
const FoundList = z.array(FoundSchema);
export type TfsoOrderFound = z.output<typeof FoundSchema>;

/**
 * The customer's orders (changed after, when given) with their references: how an order already
 * made from a Busy order is recognised by its marker (GetInvoices, public InvoiceService;
 * invoiceReturnProperties names exactly what comes back).
 */
export async function findOrders(ctx: TfsoContext, q: { customerId: number; changedAfter?: Date }): Promise<TfsoOrderFound[]> {
  const result = await callService(ctx, 'InvoiceService', 'GetInvoices', [
    [
      'searchParams',
      [
        ['CustomerIds', [['int', q.customerId]]],
        ['ChangedAfter', q.changedAfter ?? null],
      ],
    ],
    ['invoiceReturnProperties', ['OrderId', 'CustomerId', 'ReferenceNumber', 'DateChanged'].map((p) => ['string', p] as const)],
  ]);
  return parseWith('GetInvoices', FoundList, toPlainList('GetInvoices', result, 'InvoiceOrder')).filter(
    (o) => o.orderId !== null && o.orderId > 0,
  );
}
