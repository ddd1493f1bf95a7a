// Issue 14: SaveCompanies (CompanyService), so tests and the demo create customers through the
// public API as a person would; GetCompanies and GetCompanySyncList see what it saves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimClock } from '../clock.js';
import { makeSeed } from '../seeds/index.js';
import { startTfsoSim, type TfsoSim } from './server.js';
import { all, login, soapCall } from './test-client.js';

let sim: TfsoSim;
let cookie: string;
const clock = new SimClock('2026-11-20T09:00:00Z', { frozen: true });
beforeAll(async () => {
  sim = await startTfsoSim({ seed: makeSeed('demo'), clock: clock.fn });
  cookie = await login(sim);
});
afterAll(() => sim.close());

const data = () => sim.state.clients[sim.state.identities.find((i) => i.isDefault)!.clientId]!;
const company = (inner: string) => `<Company>${inner}</Company>`;
const save = (...items: string[]) => soapCall(sim, 'company', 'SaveCompanies', `<companies>${items.join('')}</companies>`, { cookie });
/** The saved items of an answer, in order: Id, and the APIException message if any. */
const results = (body: string) =>
  [...body.matchAll(/<Company>([\s\S]*?)<\/Company>/g)].map((m) => ({
    id: /<Id>(-?\d+)<\/Id>/.exec(m[1]!)?.[1],
    error: /<APIException><Type>ValidationException<\/Type><Message>([^<]*)<\/Message><\/APIException>/.exec(m[1]!)?.[1],
  }));
const changedAfter = (iso: string, props = '<string>Id</string><string>Name</string><string>DateChanged</string>') =>
  soapCall(
    sim,
    'company',
    'GetCompanies',
    `<searchParams><ChangedAfter>${iso}</ChangedAfter></searchParams><returnProperties>${props}</returnProperties>`,
    { cookie },
  );

describe('issue 14: SaveCompanies', () => {
  it('creates companies (new ids, stamped with the sim clock); a refused item gets its APIException, the others are saved (200)', async () => {
    const before = data().companies.length;
    const cut = clock.now().toISOString();
    clock.advance(60_000);
    const r = await save(
      company(
        '<OrganizationNumber>987654321</OrganizationNumber><Name>Nordlys Bygg AS</Name><EmailAddresses><Primary><Value>post@nordlys.no</Value></Primary></EmailAddresses><Type>Business</Type>',
      ),
      company('<OrganizationNumber>123</OrganizationNumber>'),
      company('<Name>Sørvest Regnskap AS</Name>'),
    );
    expect(r.status, r.body).toBe(200);
    const [a, bad, b] = results(r.body);
    expect(bad).toEqual({ id: undefined, error: 'Name is required' });
    expect(Number(a!.id)).toBeGreaterThan(0);
    expect(Number(b!.id)).toBe(Number(a!.id) + 1);
    expect(data().companies.length).toBe(before + 2);
    expect(data().companies.find((c) => c.id === Number(a!.id))).toMatchObject({
      name: 'Nordlys Bygg AS',
      organizationNumber: '987654321',
      email: 'post@nordlys.no',
      active: true,
      dateChanged: clock.now().toISOString(),
    });
    // GetCompanies and GetCompanySyncList see them, with the sim clock's DateChanged.
    const found = await changedAfter(cut);
    expect(found.body).toContain(
      `<Company><Id>${a!.id}</Id><Name>Nordlys Bygg AS</Name><DateChanged>2026-11-20T09:01:00Z</DateChanged></Company>`,
    );
    expect(all(found.body, 'Id').map(Number)).toEqual([Number(a!.id), Number(b!.id)]);
    const sync = await soapCall(
      sim,
      'company',
      'GetCompanySyncList',
      `<syncSearchParameters><Page>1</Page><Active xsi:nil="true" /><ChangedAfter>${cut}</ChangedAfter></syncSearchParameters>`,
      { cookie },
    );
    expect(sync.status, sync.body).toBe(200);
    expect(all(sync.body, 'CompanyId').map(Number)).toEqual([Number(a!.id), Number(b!.id)]);
  });

  it('updates an existing company by Id: only the fields sent change, DateChanged moves', async () => {
    const c = data().companies.find((x) => x.active && x.email)!;
    const email = c.email;
    clock.advance(60_000);
    const cut = new Date(clock.now().getTime() - 1).toISOString();
    const r = await save(company(`<Id>${c.id}</Id><Name>${c.name} (ny)</Name>`));
    expect(results(r.body)).toEqual([{ id: String(c.id), error: undefined }]);
    expect(c).toMatchObject({ name: expect.stringMatching(/\(ny\)$/), email, dateChanged: clock.now().toISOString() });
    expect(all((await changedAfter(cut)).body, 'Id').map(Number)).toEqual([c.id]);
  });

  it('an Id that does not exist (or a deleted company) is refused per item; ExplicitlySpecifyNewCompanyId creates it with that Id', async () => {
    const deleted = data().companies.find((x) => !x.active);
    const r = await save(
      company('<Id>424242</Id><Name>Finnes ikke AS</Name>'),
      ...(deleted ? [company(`<Id>${deleted.id}</Id><Name>Gjenoppstått AS</Name>`)] : []),
    );
    expect(results(r.body).map((x) => x.error)).toEqual([
      'Company 424242 does not exist',
      ...(deleted ? [`Company ${deleted.id} does not exist`] : []),
    ]);
    const made = await save(
      company('<Id>424242</Id><Name>Med valgt id AS</Name><ExplicitlySpecifyNewCompanyId>true</ExplicitlySpecifyNewCompanyId>'),
    );
    expect(results(made.body)).toEqual([{ id: '424242', error: undefined }]);
    const twice = await save(
      company('<Id>424242</Id><Name>Igjen AS</Name><ExplicitlySpecifyNewCompanyId>true</ExplicitlySpecifyNewCompanyId>'),
    );
    expect(results(twice.body)[0]!.error).toBe('Company 424242 already exists');
  });

  it('is strict per the WSDL like every operation: an unknown element in Company is a fault naming it', async () => {
    const r = await save(company('<Name>X AS</Name><Navn>feil</Navn>'));
    expect(r.status).toBe(500);
    expect(r.body).toContain("unknown element 'Navn' in Company");
  });
});
