// CompanyService (api host): customers. GetCompanies needs at least one search parameter and
// returns only the properties named in returnProperties; GetCompanySyncList pages of 1,000;
// SaveCompanies creates and updates them (per-item APIException, as every Save* list operation).
import { processFault, SCHEMA } from './soap-envelope.js';
import type { TfsoCompany } from './state.js';
import { dataOf, date, isSetDate, isSetInt, type OpTable } from './ops.js';
import { findById } from './lookup.js';

type Rec = Record<string, unknown>;
export const SYNC_PAGE_SIZE = 1000;

const COMPANY_PROPS = new Set(SCHEMA.services.company.types.Company.map((e) => e.name));

/** Every property the simulator holds, in wire form; GetCompanies picks the asked-for ones. */
function companyProps(c: TfsoCompany): Rec {
  return {
    Id: c.id,
    OrganizationNumber: c.organizationNumber ?? '',
    Name: c.name,
    EmailAddresses: c.email ? { Primary: { Value: c.email } } : undefined,
    Country: 'NO',
    Type: 'Business',
    DateCreated: date(c.dateCreated),
    DateChanged: date(c.dateChanged),
  };
}

const SEARCH_KEYS = [
  'ExternalId',
  'CompanyId',
  'CompanyIds',
  'CompanyName',
  'ChangedAfter',
  'CompanyEmail',
  'CompanyPhone',
  'OrganizationNumber',
];

export const companyOps: OpTable = {
  GetCompanies: {
    run(ctx, p) {
      const d = dataOf(ctx);
      const s = (p.searchParams ?? {}) as Rec;
      const given = SEARCH_KEYS.filter((k) => {
        const v = s[k];
        if (k === 'CompanyId') return isSetInt(v);
        if (k === 'ChangedAfter') return isSetDate(v);
        if (k === 'CompanyIds') return Array.isArray(v) && v.length > 0;
        return typeof v === 'string' && v !== '';
      });
      if (!given.length) throw processFault('Please specify at least one search parameter');
      const props = ((p.returnProperties as (string | null)[] | undefined) ?? []).filter((x): x is string => !!x);
      // Strictness: a property name that is not a Company element (e.g. wrong case) would silently
      // come back empty from the real server; we name it.
      const unknown = props.filter((x) => !COMPANY_PROPS.has(x) || x === 'APIException');
      if (unknown.length)
        throw processFault(
          `Unknown returnProperties (simulator strictness; names are case-sensitive Company elements): ${unknown.join(', ')}`,
        );
      const ids = (s.CompanyIds as number[] | undefined) ?? [];
      // One pass, the conditions in their order; the arguments' parts worked out once, dates compared as ms.
      const companyId = isSetInt(s.CompanyId) ? s.CompanyId : undefined;
      const name = s.CompanyName ? String(s.CompanyName).toLowerCase() : undefined;
      const changedAfter = isSetDate(s.ChangedAfter) ? s.ChangedAfter.getTime() : undefined;
      const none = !!s.ExternalId || !!s.CompanyPhone; // the simulator holds no external ids or phones
      return d.companies
        .filter(
          (c) =>
            c.active &&
            (companyId === undefined || c.id === companyId) &&
            (ids.length === 0 || ids.includes(c.id)) &&
            (name === undefined || c.name.toLowerCase().includes(name)) &&
            (changedAfter === undefined || Date.parse(c.dateChanged) > changedAfter) &&
            (!s.CompanyEmail || c.email === s.CompanyEmail) &&
            (!s.OrganizationNumber || c.organizationNumber === s.OrganizationNumber) &&
            !none,
        )
        .sort((a, b) => a.id - b.id)
        .map((c) => {
          const all = companyProps(c);
          return Object.fromEntries(props.filter((k) => all[k] !== undefined).map((k) => [k, all[k]]));
        });
    },
  },
  GetCompanySyncList: {
    run(ctx, p) {
      const d = dataOf(ctx);
      const s = (p.syncSearchParameters ?? {}) as Rec;
      // [A] pages are numbered from 1; a missing page means the first.
      const page = isSetInt(s.Page) && (s.Page as number) > 0 ? (s.Page as number) : 1;
      const active = s.Active as boolean | null | undefined;
      const changedAfter = isSetDate(s.ChangedAfter) ? s.ChangedAfter.getTime() : undefined;
      const registeredAfter = isSetDate(s.RegisteredAfter) ? s.RegisteredAfter.getTime() : undefined;
      const items = d.companies
        .filter(
          (c) =>
            (active === null || active === undefined || c.active === active) &&
            (changedAfter === undefined || Date.parse(c.dateChanged) > changedAfter) &&
            (registeredAfter === undefined || Date.parse(c.dateCreated) > registeredAfter),
        )
        .sort((a, b) => a.dateChanged.localeCompare(b.dateChanged) || a.id - b.id);
      const totalPages = Math.ceil(items.length / SYNC_PAGE_SIZE);
      return {
        CurrentPage: page,
        TotalPages: totalPages,
        TotalItems: items.length,
        ItemsPerPage: SYNC_PAGE_SIZE,
        Items: items.slice((page - 1) * SYNC_PAGE_SIZE, page * SYNC_PAGE_SIZE).map((c) => ({
          CompanyId: c.id,
          DateChanged: date(c.dateChanged),
          DateRegistered: date(c.dateCreated),
          Active: c.active,
        })),
      };
    },
  },
  SaveCompanies: {
    run(ctx, p) {
      const d = dataOf(ctx);
      const items = (p.companies as (Rec | null)[] | undefined) ?? [];
      return items.map((c) => {
        if (!c) return null;
        const now = ctx.now().toISOString();
        const errors: string[] = [];
        const id = isSetInt(c.Id) && (c.Id as number) > 0 ? (c.Id as number) : undefined;
        // A deleted (inactive) company cannot be saved again: for the API it is gone.
        const found = id === undefined ? undefined : findById(d.companies, id);
        const existing = found?.active ? found : undefined;
        const explicitNew = c.ExplicitlySpecifyNewCompanyId === true;
        if (id !== undefined && !existing && !explicitNew) errors.push(`Company ${id} does not exist`);
        if (id !== undefined && found && explicitNew) errors.push(`Company ${id} already exists`);
        if (typeof c.Name === 'string' ? !c.Name.trim() : !existing) errors.push('Name is required');
        const emails = c.EmailAddresses as Rec | undefined;
        const primary = emails && 'Primary' in emails ? (((emails.Primary as Rec | null)?.Value as string | undefined) ?? '') : undefined;
        const echo: Rec = { ...c };
        if (errors.length) {
          echo.APIException = { Type: 'ValidationException', Message: errors.join('; ') };
          return echo;
        }
        if (existing) {
          if (typeof c.Name === 'string') existing.name = c.Name;
          if (typeof c.OrganizationNumber === 'string') existing.organizationNumber = c.OrganizationNumber || null;
          if (primary !== undefined) existing.email = primary || null;
          existing.dateChanged = now;
          echo.Id = existing.id;
        } else {
          const newId = id ?? d.nextId.company++;
          if (newId >= d.nextId.company) d.nextId.company = newId + 1;
          d.companies.push({
            id: newId,
            name: c.Name as string,
            organizationNumber: typeof c.OrganizationNumber === 'string' && c.OrganizationNumber ? c.OrganizationNumber : null,
            email: primary || null,
            dateCreated: now,
            dateChanged: now,
            active: true,
          });
          echo.Id = newId;
        }
        echo.DateChanged = new Date(now);
        return echo;
      });
    },
  },
};
