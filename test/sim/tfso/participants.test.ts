// Issues 14/15: project participants as 24SO keeps them. A participant edit (SaveProject with new
// Participants, or an edit in 24SO's own UI) stamps the time GetProjectParticipants' ChangedAfter
// filters on and leaves the project's DateChanged alone; one request without ProjectIds covers the
// whole company.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

const data = () => sim.state.clients[sim.state.identities.find((i) => i.isDefault)!.clientId]!;
const isActive = (statusId: number) => data().statuses.find((s) => s.id === statusId)!.active;
/** A cut strictly after everything so far; the clock then moves on. */
function cut(): string {
  clock.advance(60_000);
  const at = clock.now().toISOString();
  clock.advance(60_000);
  return at;
}
const participantsChangedAfter = async (at: string, ids?: number[]) => {
  const r = await soapCall(
    sim,
    'project',
    'GetProjectParticipants',
    `${ids ? `<ProjectIds>${ids.map((i) => `<int>${i}</int>`).join('')}</ProjectIds>` : ''}<ChangedAfter>${at}</ChangedAfter>`,
    { cookie },
  );
  expect(r.status, r.body).toBe(200);
  return all(r.body, 'ProjectId').map(Number);
};
const projectsChangedAfter = async (at: string) => {
  const r = await soapCall(sim, 'project', 'GetProjectList', `<Ps><ChangedAfter>${at}</ChangedAfter></Ps>`, { cookie });
  return [...r.body.matchAll(/<Project><Id>(\d+)<\/Id>/g)].map((m) => Number(m[1]));
};
const control = (body: unknown) =>
  rawRequest(sim.port, `127.0.0.1:${sim.port}`, 'POST', '/_sim/projects/participants', JSON.stringify(body), {
    'content-type': 'application/json',
  });

describe('issue 15: GetProjectParticipants with ChangedAfter', () => {
  it('without ProjectIds and with ChangedAfter nil: every project of the company, deactivated ones included', async () => {
    const r = await soapCall(sim, 'project', 'GetProjectParticipants', '<ChangedAfter xsi:nil="true" />', { cookie });
    expect(all(r.body, 'ProjectId').map(Number)).toEqual(
      data()
        .projects.map((p) => p.id)
        .sort((a, b) => a - b),
    );
    expect(data().projects.some((p) => !isActive(p.statusId))).toBe(true);
  });

  it('is strict per the WSDL: ChangedAfter (minOccurs=1, nillable) must be sent', async () => {
    const r = await soapCall(sim, 'project', 'GetProjectParticipants', '', { cookie });
    expect(r.status).toBe(500);
    expect(faultstring(r.body)).toContain("required element 'ChangedAfter' (minOccurs=1) is missing");
  });

  it('SaveProject with only new Participants: in the participants changed after the cut, NOT in the projects changed after it', async () => {
    const p = data().projects.find((x) => isActive(x.statusId))!;
    const other = data().users.find((u) => !p.participants.includes(u.contactId))!;
    const dateChanged = p.dateChanged;
    const at = cut();
    const r = await soapCall(
      sim,
      'project',
      'SaveProject',
      `<project><Id>${p.id}</Id><Name>${p.name}</Name><NameDisplay>Plain</NameDisplay><StatusId>${p.statusId}</StatusId><TimeReg>WorkType</TimeReg><Participants>${[...p.participants, other.contactId].map((c) => `<int>${c}</int>`).join('')}</Participants></project>`,
      { cookie },
    );
    expect(r.status, r.body).toBe(200);
    expect(p.participants).toContain(other.contactId);
    expect(p.dateChanged).toBe(dateChanged);
    expect(await participantsChangedAfter(at)).toEqual([p.id]);
    expect(await projectsChangedAfter(at)).toEqual([]);
  });

  it("an edit in 24SO's UI (POST /_sim/projects/participants) on a deactivated project: found by the company-wide request, DateChanged unchanged", async () => {
    const p = data().projects.find((x) => !isActive(x.statusId))!;
    const dateChanged = p.dateChanged;
    const at = cut();
    const res = await control({ projectId: p.id, participants: [p.participants[0]!] });
    expect(res.status, res.body).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({
      projectId: p.id,
      participants: [p.participants[0]],
      participantsChangedAt: clock.now().toISOString(),
      dateChanged,
    });
    expect(await participantsChangedAfter(at)).toEqual([p.id]);
    expect(await participantsChangedAfter(at, [p.id, data().projects[0]!.id])).toEqual([p.id]);
    expect(p.dateChanged).toBe(dateChanged);
    expect((await control({ projectId: 999999, participants: [] })).status).toBe(404);
    expect((await control({ projectId: p.id, participants: [424242] })).status).toBe(400);
  });

  it("a change of the project's own fields moves DateChanged and not the participants-changed time; a save that changes nothing moves neither", async () => {
    const p = data().projects.find((x) => isActive(x.statusId))!;
    const at = cut();
    const same = `<project><Id>${p.id}</Id><NameDisplay>Plain</NameDisplay><TimeReg>WorkType</TimeReg><Participants>${p.participants.map((c) => `<int>${c}</int>`).join('')}</Participants></project>`;
    await soapCall(sim, 'project', 'SaveProject', same, { cookie });
    expect(await projectsChangedAfter(at)).toEqual([]);
    await soapCall(sim, 'project', 'SaveProject', same.replace('<NameDisplay>', `<Name>${p.name} (omdøpt)</Name><NameDisplay>`), {
      cookie,
    });
    expect(await projectsChangedAfter(at)).toEqual([p.id]);
    expect(await participantsChangedAfter(at)).toEqual([]);
  });

  it('a new project counts as a participant change (its participants appear after the cut)', async () => {
    const at = cut();
    const r = await soapCall(
      sim,
      'project',
      'SaveProject',
      '<project><Name>Nytt</Name><NameDisplay>Plain</NameDisplay><TimeReg>WorkType</TimeReg></project>',
      { cookie },
    );
    const id = Number(all(r.body, 'SaveProjectResult')[0]);
    expect(await participantsChangedAfter(at)).toEqual([id]);
  });
});
