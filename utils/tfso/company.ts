// 24SO CompanyService (api host): customers, read only (R4: customers go 24SO → Busy only).
// Element names and order copied from companyService.wsdl: GetCompanies(searchParams
// {ExternalId, CompanyId, CompanyIds, CompanyName, ChangedAfter, …}, returnProperties[string]),
// GetCompanySyncList(syncSearchParameters{Page, Active (minOccurs=1, nillable), ChangedAfter, RegisteredAfter}).
import { z } from 'zod';
import { BadResponseError } from '../core/errors';
import { callService, parseWith, required, toPlain, toPlainList, xs, type SoapParams, type TfsoContext } from './soap';

export interface TfsoCompany {
  id: number;
  name: string;
  organizationNumber: string | null;
  dateChanged: string | null;
}

export interface TfsoCompanySyncItem {
  companyId: number;
  dateChanged: string | null;
  /** false = deleted in 24SO. */
  active: boolean;
}

/** GetCompanies answers only what returnProperties names (case-sensitive Company elements). */
const RETURN_PROPERTIES = ['Id', 'Name', 'OrganizationNumber', 'DateChanged'] as const;

/** GetCompanies refuses a search without a parameter; changed after this means "all". */
const EPOCH = new Date(Date.UTC(1970, 0, 1));

/** Keeps one request's id list modest. */
const IDS_PER_REQUEST = 500;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

const CompanySchema = z
  .object({ Id: required(xs.int), Name: xs.string, OrganizationNumber: xs.string, DateChanged: xs.dateTime })
  .transform(
    (c): TfsoCompany => ({
      id: c.Id,
      // .NET omits elements equal to their default (''), so absent means empty.
      name: c.Name ?? '',
      organizationNumber: c.OrganizationNumber?.trim() ? c.OrganizationNumber.trim() : null,
      dateChanged: iso(c.DateChanged),
    }),
  );

const SyncCompanySchema = z
  .object({ CompanyId: required(xs.int), DateChanged: xs.dateTime, Active: required(xs.bool) })
  .transform((s): TfsoCompanySyncItem => ({ companyId: s.CompanyId, dateChanged: iso(s.DateChanged), active: s.Active }));

const SyncPageSchema = z.object({
  CurrentPage: required(xs.long),
  TotalPages: required(xs.long),
  Items: z.array(SyncCompanySchema).nullable().optional(),
});

/**
 * Active customers (GetCompanies only returns those) changed after `changedAfter` and/or among
 * `companyIds`; with neither, all of them (an empty id list asks for none: no request).
 * Long id lists are split over several requests.
 */
export async function getCompanies(ctx: TfsoContext, q: { changedAfter?: Date; companyIds?: number[] }): Promise<TfsoCompany[]> {
  if (q.companyIds && q.companyIds.length === 0) return [];
  const batches = q.companyIds ? chunk(q.companyIds, IDS_PER_REQUEST) : [undefined];
  const out: TfsoCompany[] = [];
  for (const ids of batches) {
    const searchParams: [string, SoapParams | Date][] = [];
    if (ids) searchParams.push(['CompanyIds', ids.map((id) => ['int', id] as const)]);
    if (q.changedAfter || !ids) searchParams.push(['ChangedAfter', q.changedAfter ?? EPOCH]);
    const result = await callService(ctx, 'CompanyService', 'GetCompanies', [
      ['searchParams', searchParams],
      ['returnProperties', RETURN_PROPERTIES.map((p) => ['string', p] as const)],
    ]);
    out.push(...parseWith('GetCompanies', z.array(CompanySchema), toPlainList('GetCompanies', result, 'Company')));
  }
  return out;
}

/** One page (numbered from 1 [A]) of GetCompanySyncList: ids, change times and active flags. */
export async function getCompanySyncList(
  ctx: TfsoContext,
  q: { page: number; active: boolean; changedAfter?: Date },
): Promise<{ items: TfsoCompanySyncItem[]; totalPages: number; currentPage: number }> {
  const result = await callService(ctx, 'CompanyService', 'GetCompanySyncList', [
    [
      'syncSearchParameters',
      [
        ['Page', q.page],
        ['Active', q.active],
        ['ChangedAfter', q.changedAfter ?? null],
      ],
    ],
  ]);
  if (!result) throw new BadResponseError('GetCompanySyncList', 'GetCompanySyncListResult', 'missing');
  const page = parseWith('GetCompanySyncList', SyncPageSchema, toPlain(result, { lists: ['Items'] }));
  return { items: page.Items ?? [], totalPages: page.TotalPages, currentPage: page.CurrentPage };
}

/** Every page of GetCompanySyncList, in order. */
export async function getAllCompanySyncItems(
  ctx: TfsoContext,
  q: { active: boolean; changedAfter?: Date },
): Promise<TfsoCompanySyncItem[]> {
  const out: TfsoCompanySyncItem[] = [];
  for (let page = 1; ; page++) {
    const r = await getCompanySyncList(ctx, { ...q, page });
    // A server that ignores Page would hand back page 1 forever.
    if (r.items.length && r.currentPage !== page) {
      throw new BadResponseError('GetCompanySyncList', 'CurrentPage', `asked for page ${page}, got ${r.currentPage}`);
    }
    out.push(...r.items);
    if (page >= r.totalPages || !r.items.length) return out;
  }
}

function chunk<T>(xs: readonly T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}
