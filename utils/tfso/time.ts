// 24SO TimeService (webservices host): work types. Names and order copied from timeService.wsdl:
// GetWorkTypeList(Wts{Active (TriState), ProjectId}); WorkType{Id (minOccurs=1), Name, Description,
// Invoiceable (minOccurs=1), Price, ProductId}.
import { z } from 'zod';
import { BadResponseError, RemoteFaultError } from '../core/errors';
import { callService, parseWith, read, required, toPlainList, xs, type TfsoContext } from './soap';
import type { XmlElement } from '../core/xml';

export interface TfsoWorkType {
  id: number;
  name: string;
  invoiceable: boolean;
  price: number | null;
  productId: number | null;
  /** Free text; where a work type created from Busy carries its origin marker (sync/origin.ts). */
  description?: string | null;
}

/** decimal.MinValue: .NET's "not set" for Price. */
// biome-ignore lint/correctness/noPrecisionLoss: the value as .NET writes it; a double holds its nearest neighbour, as JSON.parse of the answer would
const DOTNET_MIN_DECIMAL = -79228162514264337593543950335;

const WorkTypeSchema = z
  .object({
    Id: required(xs.int),
    Name: xs.string,
    Description: xs.string,
    Invoiceable: required(xs.bool),
    Price: xs.decimal,
    ProductId: xs.int,
  })
  .transform(
    (w): TfsoWorkType => ({
      id: w.Id,
      name: w.Name ?? '',
      invoiceable: w.Invoiceable,
      price: w.Price === null || w.Price === DOTNET_MIN_DECIMAL ? null : w.Price,
      productId: w.ProductId,
      description: w.Description,
    }),
  );

/** Work types; `active` filters (true: active only, false: inactive only), omitted: all. */
export async function getWorkTypeList(ctx: TfsoContext, q: { active?: boolean } = {}): Promise<TfsoWorkType[]> {
  const active = q.active === undefined ? 'none' : q.active ? 'True' : 'False';
  const result = await callService(ctx, 'TimeService', 'GetWorkTypeList', [['Wts', [['Active', active]]]]);
  return parseWith('GetWorkTypeList', z.array(WorkTypeSchema), toPlainList('GetWorkTypeList', result, 'WorkType'));
}

/**
 * Creates (no id) or updates a work type; returns its id.
 *
 * ASSUMPTION [A]: no public 24SO WSDL shows a write path for work types. This assumes
 * `TimeService.SaveWorkType(workType: WorkType) → int`, shaped like the other Save* operations.
 * It is kept in this one function so it can be replaced once 24SO's real API is known. A server
 * that does not offer it (ASP.NET's "did not recognize the value of HTTP Header SOAPAction" fault,
 * or a 404) surfaces as a RemoteFaultError for SaveWorkType saying so, not as a generic failure.
 */
export async function saveWorkType(
  ctx: TfsoContext,
  w: { id?: number; name: string; invoiceable: boolean; price?: number | null; description?: string },
): Promise<number> {
  let result: XmlElement | null;
  try {
    result = await callService(ctx, 'TimeService', 'SaveWorkType', [
      [
        'workType',
        [
          // Id is required by the WorkType type; 0 means "new", as with the other Save* operations.
          ['Id', w.id ?? 0],
          ['Name', w.name],
          ['Description', w.description ?? null],
          ['Invoiceable', w.invoiceable],
          ['Price', w.price ?? null],
        ],
      ],
    ]);
  } catch (e) {
    if (e instanceof RemoteFaultError && isUnknownOperation(e)) {
      throw new RemoteFaultError(
        'tfso',
        'SaveWorkType',
        `this 24SO server does not offer SaveWorkType (an assumed operation): ${e.remoteMessage}`,
        e.status,
      );
    }
    throw e;
  }
  const id = read.int('SaveWorkType', result);
  if (id === null || id <= 0) throw new BadResponseError('SaveWorkType', 'SaveWorkTypeResult', `no id in the answer (${id ?? 'missing'})`);
  if (w.id !== undefined && id !== w.id)
    throw new BadResponseError('SaveWorkType', 'SaveWorkTypeResult', `updated ${w.id} but the answer names ${id}`);
  return id;
}

/** The real server's ways of saying "no such operation". */
function isUnknownOperation(e: RemoteFaultError): boolean {
  return e.status === 404 || /did not recognize|not recognized|unknown (web )?method|HTTP 404/i.test(e.remoteMessage);
}
