// Issue 14: the `hourInternalNote` switch — a TimeService newer than its public WSDL, where
// Hour.InternalNote and HourSearch.ChangedAfter exist. Off (the default) they are faults, as today.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SimClock } from '../clock.js';
import { makeSeed } from '../seeds/index.js';
import { startTfsoSim, type TfsoSim } from './server.js';
import { all, faultstring, login, rawRequest, soapCall } from './test-client.js';

let sim: TfsoSim;
let cookie: string;
const clock = new SimClock('2026-11-20T09:00:00Z', { frozen: true });
beforeAll(async () => {
  sim = await startTfsoSim({ seed: makeSeed('demo'), clock: clock.fn });
  cookie = await login(sim);
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.configure({ hourInternalNote: false });
});

const data = () => sim.state.clients[sim.state.identities.find((i) => i.isDefault)!.clientId]!;
function hourXml(extra = '', id?: number) {
  const d = data();
  const p = d.projects.find((x) => d.statuses.find((s) => s.id === x.statusId)!.active)!;
  return (
    `<Hour>${id ? `<Id>${id}</Id>` : ''}<TypeOfWorkId>1</TypeOfWorkId><StartTime>2026-11-16T08:00:00Z</StartTime><StopTime>2026-11-16T09:00:00Z</StopTime>` +
    `<TotalHours>1</TotalHours><ContactId>${p.participants[0]}</ContactId><ProjectId>${p.id}</ProjectId><Description>Møte</Description>${extra}</Hour>`
  );
}
const search = (extra = '') =>
  `<hs><ContactId>0</ContactId><ProjectId>0</ProjectId><StartTime>2026-11-16T00:00:00Z</StartTime><StopTime>2026-11-17T00:00:00Z</StopTime>${extra}</hs>`;
const idsIn = (body: string) => [...body.matchAll(/<Hour><Id>(\d+)<\/Id>/g)].map((m) => Number(m[1]));

describe('issue 14: hourInternalNote', () => {
  it('off (default): InternalNote and ChangedAfter are faults naming them, and answers carry no InternalNote', async () => {
    const save = await soapCall(sim, 'time', 'SaveHour', hourXml('<InternalNote>Busy 1</InternalNote>'), { cookie });
    expect(save.status).toBe(500);
    expect(faultstring(save.body)).toContain("unknown element 'InternalNote' in Hour");
    const get = await soapCall(sim, 'time', 'GetHours', search('<ChangedAfter>2026-01-01T00:00:00Z</ChangedAfter>'), { cookie });
    expect(faultstring(get.body)).toContain("unknown element 'ChangedAfter' in HourSearch");
    const ok = await soapCall(sim, 'time', 'GetHours', search(), { cookie });
    expect(ok.status).toBe(200);
    expect(ok.body).not.toContain('InternalNote');
  });

  it('on: SaveHour stores InternalNote, GetHours returns it last in each Hour (WSDL order), an update without it keeps it', async () => {
    expect(
      JSON.parse(
        (
          await rawRequest(sim.port, `127.0.0.1:${sim.port}`, 'POST', '/_sim/config', '{"hourInternalNote":true}', {
            'content-type': 'application/json',
          })
        ).body,
      ),
    ).toMatchObject({ hourInternalNote: true });
    const r = await soapCall(sim, 'time', 'SaveHour', hourXml('<InternalNote>[Busy 1234] &amp; æøå</InternalNote>'), { cookie });
    expect(r.status, r.body).toBe(200);
    const id = Number(all(r.body, 'SaveHourResult')[0]);
    expect(data().hours.find((h) => h.id === id)!.internalNote).toBe('[Busy 1234] & æøå');
    const get = await soapCall(sim, 'time', 'GetHours', search(), { cookie });
    expect(get.body).toMatch(
      new RegExp(`<Hour><Id>${id}</Id>.*?<CustomerId>[^<]*</CustomerId><InternalNote>\\[Busy 1234\\] &amp; æøå</InternalNote></Hour>`),
    );
    // Hours saved without a note answer an empty one.
    expect(get.body).not.toMatch(/<CustomerId>[^<]*<\/CustomerId><\/Hour>/);
    await soapCall(
      sim,
      'time',
      'SaveHour',
      hourXml('', id).replace('<Description>Møte</Description>', '<Description>Endret</Description>'),
      { cookie },
    );
    expect(data().hours.find((h) => h.id === id)).toMatchObject({ description: 'Endret', internalNote: '[Busy 1234] & æøå' });
  });

  it("on: GetHours with ChangedAfter returns only the hours saved after it (the hour's change time, not its start)", async () => {
    sim.configure({ hourInternalNote: true });
    const save = async (extra = '', id?: number) =>
      Number(all((await soapCall(sim, 'time', 'SaveHour', hourXml(extra, id), { cookie })).body, 'SaveHourResult')[0]);
    const old = await save();
    clock.advance(60_000);
    const cut = clock.now().toISOString();
    clock.advance(60_000);
    const fresh = await save('<InternalNote>ny</InternalNote>');
    const found = idsIn((await soapCall(sim, 'time', 'GetHours', search(`<ChangedAfter>${cut}</ChangedAfter>`), { cookie })).body);
    expect(found).toContain(fresh);
    expect(found).not.toContain(old);
    // Changing the old hour moves it past the cut.
    clock.advance(60_000);
    await save('', old);
    expect(idsIn((await soapCall(sim, 'time', 'GetHours', search(`<ChangedAfter>${cut}</ChangedAfter>`), { cookie })).body)).toEqual(
      expect.arrayContaining([old, fresh]),
    );
    // Without ChangedAfter: every hour of the period, as before.
    expect(idsIn((await soapCall(sim, 'time', 'GetHours', search(), { cookie })).body)).toEqual(expect.arrayContaining([old, fresh]));
  });

  it('switched off again: the note is kept but not served, and sending it is a fault again', async () => {
    sim.configure({ hourInternalNote: true });
    const id = Number(
      all((await soapCall(sim, 'time', 'SaveHour', hourXml('<InternalNote>behold</InternalNote>'), { cookie })).body, 'SaveHourResult')[0],
    );
    sim.configure({ hourInternalNote: false });
    expect((await soapCall(sim, 'time', 'GetHours', search(), { cookie })).body).not.toContain('InternalNote');
    expect((await soapCall(sim, 'time', 'SaveHour', hourXml('<InternalNote>x</InternalNote>', id), { cookie })).status).toBe(500);
    sim.configure({ hourInternalNote: true });
    expect((await soapCall(sim, 'time', 'GetHours', search(), { cookie })).body).toContain('<InternalNote>behold</InternalNote>');
  });
});
