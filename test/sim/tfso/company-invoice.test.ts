// CompanyService, ClientService, PersonService and InvoiceService facts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSeed } from '../seeds/index.js';
import { startTfsoSim, type TfsoSim } from './server.js';
import { all, faultstring, login, soapCall } from './test-client.js';

let sim: TfsoSim;
let cookie: string;
beforeAll(async () => {
  // 1,500 companies of which 300 deleted: enough for two sync pages.
  const seed = makeSeed('demo');
  seed.tfso.companies = Array.from({ length: 1500 }, (_, i) => ({
    id: 20000 + i,
    name: `Kunde ${i} AS`,
    organizationNumber: String(900000000 + i),
    email: i % 2 ? `post${i}@kunde.no` : null,
    dateChanged: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
    active: i % 5 !== 0,
  }));
  sim = await startTfsoSim({ seed });
  cookie = await login(sim);
});
afterAll(() => sim.close());

const data = () => sim.state.clients[sim.state.identities.find((i) => i.isDefault)!.clientId];
const returnProps = (...names: string[]) => `<returnProperties>${names.map((n) => `<string>${n}</string>`).join('')}</returnProperties>`;

describe('GetCompanies', () => {
  it('[C] without any search parameter → "Please specify at least one search parameter"', async () => {
    const r = await soapCall(sim, 'company', 'GetCompanies', `<searchParams />${returnProps('Id')}`, { cookie });
    expect(r.status).toBe(500);
    expect(faultstring(r.body)).toBe('Server was unable to process request. ---> Please specify at least one search parameter');
  });

  it('[C] a default ChangedAfter (0001-01-01) is no search parameter either', async () => {
    const r = await soapCall(
      sim,
      'company',
      'GetCompanies',
      `<searchParams><ChangedAfter>0001-01-01T00:00:00</ChangedAfter></searchParams>${returnProps('Id')}`,
      { cookie },
    );
    expect(faultstring(r.body)).toContain('Please specify at least one search parameter');
  });

  it('[C] only the returnProperties asked for come back', async () => {
    const r = await soapCall(
      sim,
      'company',
      'GetCompanies',
      `<searchParams><CompanyIds><int>20001</int><int>20002</int></CompanyIds></searchParams>${returnProps('Id', 'Name')}`,
      { cookie },
    );
    expect(r.status).toBe(200);
    expect(r.body).toContain(
      '<GetCompaniesResult><Company><Id>20001</Id><Name>Kunde 1 AS</Name></Company><Company><Id>20002</Id><Name>Kunde 2 AS</Name></Company></GetCompaniesResult>',
    );
    const r2 = await soapCall(
      sim,
      'company',
      'GetCompanies',
      `<searchParams><CompanyId>20001</CompanyId></searchParams>${returnProps('Name', 'OrganizationNumber', 'EmailAddresses')}`,
      { cookie },
    );
    expect(r2.body).toContain(
      '<Company><OrganizationNumber>900000001</OrganizationNumber><Name>Kunde 1 AS</Name><EmailAddresses><Primary><Value>post1@kunde.no</Value></Primary></EmailAddresses></Company>',
    );
  });

  it('client mistake: a wrongly cased returnProperty (name) → fault naming it (simulator strictness)', async () => {
    const r = await soapCall(
      sim,
      'company',
      'GetCompanies',
      `<searchParams><CompanyId>20001</CompanyId></searchParams>${returnProps('Id', 'name')}`,
      { cookie },
    );
    expect(r.status).toBe(500);
    expect(faultstring(r.body)).toContain('Unknown returnProperties');
    expect(faultstring(r.body)).toContain('name');
  });

  it('deleted companies are not returned by GetCompanies', async () => {
    const r = await soapCall(
      sim,
      'company',
      'GetCompanies',
      `<searchParams><CompanyIds><int>20000</int><int>20001</int></CompanyIds></searchParams>${returnProps('Id')}`,
      { cookie },
    );
    expect(all(r.body, 'Id')).toEqual(['20001']);
  });
});

describe('[C] GetCompanySyncList', () => {
  it('pages of 1,000 {CompanyId, DateChanged, Active}; Active=false marks deleted ones', async () => {
    const page = (n: number, active = '<Active xsi:nil="true" />') =>
      soapCall(
        sim,
        'company',
        'GetCompanySyncList',
        `<syncSearchParameters><Page>${n}</Page>${active}<ChangedAfter>2025-01-01T00:00:00Z</ChangedAfter></syncSearchParameters>`,
        { cookie },
      );
    const p1 = await page(1);
    expect(p1.status).toBe(200);
    expect(p1.body).toContain(
      '<CurrentPage>1</CurrentPage><TotalPages>2</TotalPages><TotalItems>1500</TotalItems><ItemsPerPage>1000</ItemsPerPage>',
    );
    expect(all(p1.body, 'CompanyId')).toHaveLength(1000);
    expect(p1.body).toMatch(
      /<SyncCompany><CompanyId>20000<\/CompanyId><DateChanged>2026-01-01T00:00:00Z<\/DateChanged><DateRegistered>[^<]+<\/DateRegistered><Active>false<\/Active><\/SyncCompany>/,
    );
    const p2 = await page(2);
    expect(all(p2.body, 'CompanyId')).toHaveLength(500);
    const deleted = await page(1, '<Active>false</Active>');
    expect(all(deleted.body, 'Active').every((a) => a === 'false')).toBe(true);
    expect(all(deleted.body, 'CompanyId')).toHaveLength(300);
  });

  it('Active is minOccurs=1 in SyncSearchParameters: leaving it out is refused', async () => {
    const r = await soapCall(sim, 'company', 'GetCompanySyncList', '<syncSearchParameters><Page>1</Page></syncSearchParameters>', {
      cookie,
    });
    expect(r.status).toBe(500);
    expect(faultstring(r.body)).toContain("required element 'Active'");
  });
});

describe('users', () => {
  it('[C] GetUsers returns {ContactId, Id, Name, EmployeeId} for every user', async () => {
    const r = await soapCall(sim, 'client', 'GetUsers', '', { cookie });
    expect(all(r.body, 'ContactId').map(Number)).toEqual(data().users.map((u) => u.contactId));
    expect(r.body).toMatch(
      /<User><ContactId>\d+<\/ContactId><Id>[0-9a-f-]{36}<\/Id><Name>[^<]+<\/Name><EmployeeId>\d+<\/EmployeeId><\/User>/,
    );
  });

  it('GetPersons lists the users as persons', async () => {
    const r = await soapCall(sim, 'person', 'GetPersons', '<personSearch />', { cookie });
    expect(r.status).toBe(200);
    expect(all(r.body, 'Id').map(Number)).toEqual(data().users.map((u) => u.contactId));
  });
});

describe('[C] SaveInvoices', () => {
  it('answers 200 and reports per-item errors in an APIException child of the echoed item', async () => {
    const d = data();
    const customer = d.companies.find((c) => c.active)!;
    const product = d.workTypes.find((w) => w.productId !== null)!.productId!;
    const good = `<InvoiceOrder><CustomerId>${customer.id}</CustomerId><OrderStatus>Draft</OrderStatus><IncludeVAT xsi:nil="true" /><InvoiceRows><InvoiceRow><ProductId>${product}</ProductId><Price>1450</Price><Name>Rådgivning</Name><Quantity>7.5</Quantity></InvoiceRow></InvoiceRows></InvoiceOrder>`;
    const bad = `<InvoiceOrder><CustomerId>999999</CustomerId><OrderStatus>Draft</OrderStatus><IncludeVAT xsi:nil="true" /></InvoiceOrder>`;
    const r = await soapCall(sim, 'invoice', 'SaveInvoices', `<invoices>${good}${bad}</invoices>`, { cookie });
    expect(r.status).toBe(200);
    const items = [...r.body.matchAll(/<InvoiceOrder>(.*?)<\/InvoiceOrder>/g)].map((m) => m[1]);
    expect(items).toHaveLength(2);
    expect(items[0]).toMatch(/^<OrderId>\d+<\/OrderId>/);
    expect(items[0]).not.toContain('APIException');
    expect(items[1]).toContain(
      '<APIException><Type>ValidationException</Type><Message>CustomerId 999999 does not exist</Message></APIException>',
    );
    expect(d.invoices).toHaveLength(1);
  });

  it('an unknown OrderStatus value → Instance validation error for OrderSlipStateType', async () => {
    const r = await soapCall(
      sim,
      'invoice',
      'SaveInvoices',
      '<invoices><InvoiceOrder><CustomerId>1</CustomerId><OrderStatus>draft</OrderStatus><IncludeVAT xsi:nil="true" /></InvoiceOrder></invoices>',
      { cookie },
    );
    expect(faultstring(r.body)).toBe(
      "Server was unable to process request. ---> Instance validation error: 'draft' is not a valid value for OrderSlipStateType.",
    );
  });
});
