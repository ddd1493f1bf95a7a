// TimeService facts: work types, hours, minute-resolution search, locked hours, limits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASSUMED_OPERATIONS, startTfsoSim, type TfsoSim } from './server.js';
import { all, faultstring, login, soapCall } from './test-client.js';

let sim: TfsoSim;
let cookie: string;
beforeAll(async () => {
  sim = await startTfsoSim();
  cookie = await login(sim);
});
afterAll(() => sim.close());

const data = () => sim.state.clients[sim.state.identities.find((i) => i.isDefault)!.clientId];
const activeProject = () => {
  const d = data();
  return d.projects.find((p) => d.statuses.find((s) => s.id === p.statusId)!.active)!;
};
function hourXml(o: { start: string; stop: string; total?: string; id?: number; extra?: string }) {
  const p = activeProject();
  return (
    `<Hour>${o.id ? `<Id>${o.id}</Id>` : ''}<TypeOfWorkId>1</TypeOfWorkId><StartTime>${o.start}</StartTime><StopTime>${o.stop}</StopTime>` +
    `<TotalHours>${o.total ?? '1.5'}</TotalHours><ContactId>${p.participants[0]}</ContactId><ProjectId>${p.id}</ProjectId>` +
    `<Description>Møte med kunde</Description>${o.extra ?? ''}</Hour>`
  );
}
async function saveHour(xml: string): Promise<number> {
  const r = await soapCall(sim, 'time', 'SaveHour', xml, { cookie });
  expect(r.status, r.body).toBe(200);
  return Number(all(r.body, 'SaveHourResult')[0]);
}
const hs = (inner: string) => `<hs>${inner}</hs>`;

describe('work types', () => {
  it('[C] GetWorkTypeList(Wts{Active}) returns {Id, Name, Invoiceable, Price, ProductId}', async () => {
    const r = await soapCall(sim, 'time', 'GetWorkTypeList', '<Wts><Active>True</Active></Wts>', { cookie });
    expect(r.body).toMatch(
      /<WorkType><Id>1<\/Id><Name>[^<]+<\/Name><Description \/><Invoiceable>true<\/Invoiceable><Price>[\d.]+<\/Price><ProductId>\d+<\/ProductId><\/WorkType>/,
    );
    expect(all(r.body, 'Name').length).toBe(data().workTypes.filter((w) => w.active).length);
  });

  it('[C] a work type without product carries ProductId int.MinValue', async () => {
    const none = data().workTypes.find((w) => w.productId === null)!;
    const r = await soapCall(sim, 'time', 'GetWorkTypeList', '<Wts><Active>True</Active></Wts>', { cookie });
    expect(r.body).toContain(`<Id>${none.id}</Id><Name>${none.name}</Name>`);
    expect(r.body).toMatch(new RegExp(`<Id>${none.id}</Id>.*?<ProductId>-2147483648</ProductId>`));
  });

  it('[A] SaveWorkType exists, is listed as assumed, and returns the new id', async () => {
    expect(ASSUMED_OPERATIONS).toContain('SaveWorkType');
    const r = await soapCall(
      sim,
      'time',
      'SaveWorkType',
      '<workType><Id>0</Id><Name>Kurs</Name><Invoiceable>false</Invoiceable><Price>500.25</Price></workType>',
      { cookie },
    );
    const id = Number(all(r.body, 'SaveWorkTypeResult')[0]);
    expect(data().workTypes.find((w) => w.id === id)).toMatchObject({ name: 'Kurs', price: 500.25, invoiceable: false, productId: null });
  });
});

describe('hours', () => {
  it('[C] SaveHour(Hour) returns the new id and GetHours finds it', async () => {
    const id = await saveHour(hourXml({ start: '2026-11-16T08:00:00Z', stop: '2026-11-16T09:30:00Z' }));
    expect(id).toBeGreaterThan(0);
    const p = activeProject();
    const r = await soapCall(sim, 'time', 'GetHours', hs(`<ContactId>${p.participants[0]}</ContactId><ProjectId>${p.id}</ProjectId>`), {
      cookie,
    });
    expect(r.body).toContain(`<Hour><Id>${id}</Id><TypeOfWorkId>1</TypeOfWorkId><StartTime>2026-11-16T08:00:00Z</StartTime>`);
    expect(r.body).toContain('<Description>Møte med kunde</Description>');
  });

  it('[L] client mistake: TotalHours above 255 → fault', async () => {
    const r = await soapCall(
      sim,
      'time',
      'SaveHour',
      hourXml({ start: '2026-11-16T08:00:00Z', stop: '2026-11-16T09:00:00Z', total: '255.5' }),
      { cookie },
    );
    expect(r.status).toBe(500);
    expect(faultstring(r.body)).toContain('above the maximum of 255');
  });

  it('HourSearch follows the public WSDL: ChangedAfter is not part of it (fault naming it)', async () => {
    const r = await soapCall(
      sim,
      'time',
      'GetHours',
      hs('<ChangedAfter>2026-01-01T00:00:00Z</ChangedAfter><ContactId>0</ContactId><ProjectId>0</ProjectId>'),
      { cookie },
    );
    expect(r.status).toBe(500);
    expect(faultstring(r.body)).toContain("unknown element 'ChangedAfter' in HourSearch");
  });

  it('[C] hour searches ignore seconds (minute resolution)', async () => {
    const id = await saveHour(hourXml({ start: '2026-11-17T10:00:30Z', stop: '2026-11-17T11:00:00Z' }));
    const find = async (from: string, to: string) => {
      const r = await soapCall(
        sim,
        'time',
        'GetHours',
        hs(`<ContactId>0</ContactId><ProjectId>0</ProjectId><StartTime>${from}</StartTime><StopTime>${to}</StopTime>`),
        { cookie },
      );
      expect(r.status, r.body).toBe(200);
      return [...r.body.matchAll(/<Hour><Id>(\d+)<\/Id>/g)].map((m) => Number(m[1]));
    };
    expect(await find('2026-11-17T10:00:45Z', '2026-11-17T10:00:50Z')).toContain(id); // same minute
    expect(await find('2026-11-17T10:01:00Z', '2026-11-17T12:00:00Z')).not.toContain(id);
    expect(await find('2026-11-17T09:00:00Z', '2026-11-17T09:59:59Z')).not.toContain(id);
  });

  it('[C] approved or locked hours cannot be changed or deleted; others can be deleted', async () => {
    const free = await saveHour(hourXml({ start: '2026-11-18T08:00:00Z', stop: '2026-11-18T09:00:00Z' }));
    const frozen = await saveHour(hourXml({ start: '2026-11-18T10:00:00Z', stop: '2026-11-18T11:00:00Z' }));
    const h = data().hours.find((x) => x.id === frozen)!;
    h.approved = 'True';
    h.locked = 'True';
    const change = await soapCall(
      sim,
      'time',
      'SaveHour',
      hourXml({ id: frozen, start: '2026-11-18T10:00:00Z', stop: '2026-11-18T12:00:00Z' }),
      { cookie },
    );
    expect(change.status).toBe(500);
    expect(faultstring(change.body)).toContain('locked or approved');
    const del = await soapCall(sim, 'time', 'DeleteHour', `<Hour><Id>${frozen}</Id></Hour>`, { cookie });
    expect(del.status).toBe(500);
    const ok = await soapCall(sim, 'time', 'DeleteHour', `<Hour><Id>${free}</Id></Hour>`, { cookie });
    expect(ok.body).toContain('<DeleteHourResult>true</DeleteHourResult>');
    expect(data().hours.some((x) => x.id === free)).toBe(false);
  });

  it('SaveHour refuses a project that is not active', async () => {
    const d = data();
    const inactive = d.projects.find((p) => !d.statuses.find((s) => s.id === p.statusId)!.active)!;
    const xml = hourXml({ start: '2026-11-18T08:00:00Z', stop: '2026-11-18T09:00:00Z' }).replace(
      /<ProjectId>\d+<\/ProjectId>/,
      `<ProjectId>${inactive.id}</ProjectId>`,
    );
    const r = await soapCall(sim, 'time', 'SaveHour', xml, { cookie });
    expect(r.status).toBe(500);
    expect(faultstring(r.body)).toContain('is not active');
  });

  it('[C] TriState values are case-sensitive on Hour too (Approved=true is refused)', async () => {
    const r = await soapCall(
      sim,
      'time',
      'SaveHour',
      hourXml({ start: '2026-11-18T08:00:00Z', stop: '2026-11-18T09:00:00Z', extra: '<Approved>true</Approved>' }),
      { cookie },
    );
    expect(faultstring(r.body)).toBe(
      "Server was unable to process request. ---> Instance validation error: 'true' is not a valid value for TriState.",
    );
  });
});
