// ProjectService facts: active vs deactivated, ids, Owner, statuses, participants, tasks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTfsoSim, type TfsoSim } from './server.js';
import { all, faultstring, login, soapCall } from './test-client.js';

let sim: TfsoSim;
let cookie: string;
beforeAll(async () => {
  sim = await startTfsoSim();
  cookie = await login(sim);
});
afterAll(() => sim.close());

const since = '<ChangedAfter>2000-01-01T00:00:00Z</ChangedAfter>';
const data = () => sim.state.clients[sim.state.identities.find((i) => i.isDefault)!.clientId];
const ids = (body: string) => [...body.matchAll(/<Project><Id>(\d+)<\/Id>/g)].map((m) => Number(m[1]));
const newProject = (extra = '') =>
  `<project><Name>Nytt prosjekt æøå</Name><NameDisplay>Plain</NameDisplay>${extra}<TimeReg>WorkType</TimeReg></project>`;

describe('[C] active and deactivated projects', () => {
  it('GetProjectList returns only projects whose status is active; GetDeactivatedProjects only the others', async () => {
    const d = data();
    const inactiveStatus = new Set(d.statuses.filter((s) => !s.active).map((s) => s.id));
    const expectActive = d.projects
      .filter((p) => !inactiveStatus.has(p.statusId))
      .map((p) => p.id)
      .sort((a, b) => a - b);
    const expectInactive = d.projects
      .filter((p) => inactiveStatus.has(p.statusId))
      .map((p) => p.id)
      .sort((a, b) => a - b);
    expect(expectInactive.length).toBeGreaterThan(0);
    const act = await soapCall(sim, 'project', 'GetProjectList', `<Ps>${since}</Ps>`, { cookie });
    const deact = await soapCall(sim, 'project', 'GetDeactivatedProjects', `<ps>${since}</ps>`, { cookie });
    expect(ids(act.body)).toEqual(expectActive);
    expect(ids(deact.body)).toEqual(expectInactive);
  });

  it('giving a project an inactive StatusId moves it to GetDeactivatedProjects', async () => {
    const d = data();
    const inactive = d.statuses.find((s) => !s.active)!;
    const p = d.projects.find((x) => d.statuses.find((s) => s.id === x.statusId)!.active)!;
    const r = await soapCall(
      sim,
      'project',
      'SaveProject',
      `<project><Id>${p.id}</Id><NameDisplay>Plain</NameDisplay><StatusId>${inactive.id}</StatusId><TimeReg>WorkType</TimeReg></project>`,
      { cookie },
    );
    expect(r.body).toContain(`<SaveProjectResult>${p.id}</SaveProjectResult>`);
    const act = await soapCall(sim, 'project', 'GetProjectList', `<Ps><ProjectIds><int>${p.id}</int></ProjectIds></Ps>`, { cookie });
    expect(act.body).toContain('<GetProjectListResult />');
    const deact = await soapCall(sim, 'project', 'GetDeactivatedProjects', `<ps><ProjectIds><int>${p.id}</int></ProjectIds></ps>`, {
      cookie,
    });
    expect(ids(deact.body)).toEqual([p.id]);
  });

  it('GetProjectList filters on ChangedAfter', async () => {
    const d = data();
    const cut = '2026-11-01T00:00:00Z';
    const r = await soapCall(sim, 'project', 'GetProjectList', `<Ps><ChangedAfter>${cut}</ChangedAfter></Ps>`, { cookie });
    for (const id of ids(r.body)) expect(Date.parse(d.projects.find((p) => p.id === id)!.dateChanged)).toBeGreaterThan(Date.parse(cut));
  });

  it('[C] GetProjectStatuses includes at least one status whose Active is false', async () => {
    const r = await soapCall(sim, 'project', 'GetProjectStatuses', '', { cookie });
    expect(all(r.body, 'Active')).toContain('false');
    expect(r.body).toMatch(/<Status><Id>\d+<\/Id><Name>[^<]+<\/Name><Active>(true|false)<\/Active><\/Status>/);
  });
});

describe('SaveProject', () => {
  it('[C] 24SO assigns the Id (the project number) when omitted and returns it', async () => {
    const r = await soapCall(sim, 'project', 'SaveProject', newProject(), { cookie });
    expect(r.status).toBe(200);
    const id = Number(all(r.body, 'SaveProjectResult')[0]);
    expect(id).toBeGreaterThan(
      Math.max(
        ...data()
          .projects.filter((p) => p.id !== id)
          .map((p) => p.id),
      ),
    );
    const got = await soapCall(sim, 'project', 'GetProjectList', `<Ps><ProjectIds><int>${id}</int></ProjectIds></Ps>`, { cookie });
    expect(got.body).toContain('<Name>Nytt prosjekt æøå</Name>');
  });

  it('[C] Owner is read-only: sending another Owner is refused (simulator strictness)', async () => {
    const p = data().projects[0];
    const other = data().users.find((u) => u.contactId !== p.owner)!.contactId;
    const r = await soapCall(
      sim,
      'project',
      'SaveProject',
      `<project><Id>${p.id}</Id><NameDisplay>Plain</NameDisplay><Owner>${other}</Owner><TimeReg>WorkType</TimeReg></project>`,
      { cookie },
    );
    expect(r.status).toBe(500);
    expect(faultstring(r.body)).toContain('Owner is read-only');
  });

  it('NameDisplay and TimeReg are required by the WSDL (minOccurs=1)', async () => {
    const r = await soapCall(sim, 'project', 'SaveProject', '<project><Name>X</Name></project>', { cookie });
    expect(r.status).toBe(500);
    expect(faultstring(r.body)).toContain("required element 'NameDisplay'");
  });

  it('an unknown StatusId is refused', async () => {
    const r = await soapCall(sim, 'project', 'SaveProject', newProject('<StatusId>999</StatusId>'), { cookie });
    expect(r.status).toBe(500);
    expect(faultstring(r.body)).toContain('Unknown StatusId 999');
  });
});

describe('participants and tasks', () => {
  it('[C] GetProjectParticipants lists the contact ids per project', async () => {
    const p = data().projects[1];
    const r = await soapCall(
      sim,
      'project',
      'GetProjectParticipants',
      `<ProjectIds><int>${p.id}</int></ProjectIds><ChangedAfter xsi:nil="true" />`,
      { cookie },
    );
    expect(r.status).toBe(200);
    expect(r.body).toContain(`<ProjectParticipants><ProjectId>${p.id}</ProjectId><Participants><Participant><ContactId>`);
    expect(all(r.body, 'ContactId').map(Number)).toEqual(p.participants);
  });

  it("[C] GetProjectTasks(projectId) returns the project's tasks with participants", async () => {
    const t = data().tasks[0];
    const r = await soapCall(sim, 'project', 'GetProjectTasks', `<projectId>${t.projectId}</projectId>`, { cookie });
    expect(r.body).toContain(`<Task><Id>${t.id}</Id><Name>`);
    expect(r.body).toContain('<Status xsi:nil="true" />'); // minOccurs=1 nillable: written as nil
  });

  it('[C] SaveProjectTask requires Name, Project, DateStart and DateStop', async () => {
    const p = data().projects[0];
    const r = await soapCall(
      sim,
      'project',
      'SaveProjectTask',
      `<task><Name>Oppgave</Name><Project>${p.id}</Project><Status xsi:nil="true" /></task>`,
      { cookie },
    );
    expect(r.status).toBe(500);
    expect(faultstring(r.body)).toContain('DateStart, DateStop');
    const ok = await soapCall(
      sim,
      'project',
      'SaveProjectTask',
      `<task><Name>Oppgave</Name><DateStart>2026-11-20T00:00:00Z</DateStart><DateStop>2026-12-20T00:00:00Z</DateStop><Project>${p.id}</Project><Status xsi:nil="true" /><Participants><int>${p.participants[0]}</int></Participants></task>`,
      { cookie },
    );
    expect(ok.status).toBe(200);
    const id = Number(all(ok.body, 'SaveProjectTaskResult')[0]);
    expect(data().tasks.find((t) => t.id === id)).toMatchObject({ name: 'Oppgave', projectId: p.id, participants: [p.participants[0]] });
  });
});
