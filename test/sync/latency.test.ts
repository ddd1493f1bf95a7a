// Issue 15: every change within its promise. Over HTTP against the simulators: what a person does
// on one side after the first sync is on the other after the run that promises it (R7: the hourly
// run; R9: the push), exactly once, also when the run is cut off in the middle.
import { afterEach, describe, expect, it } from 'vitest';
import { createTask } from '../../utils/busy/tasks';
import { saveProjectTask } from '../../utils/tfso/project';
import { originOf } from '../../utils/sync/origin';
import { runHoursTransfer } from '../../utils/hours';
import { projectsInUse } from '../../utils/sync/in-use';
import { READ_AHEAD } from '../../utils/sync/ahead';
import { fails, startWorld, tfsoData, type World } from './harness';

let w: World;
afterEach(async () => {
  await w?.close();
});

/** Runs an hour apart, within 24SO's session idle time (10 simulated minutes). */
const later = () => w.clock.advance(10 * 60_000);

async function linkedProjectWithMember() {
  const links = await w.store.links.all('project');
  const l = links.find(
    (x) => x.busy.active !== false && x.tfso.active !== false && Array.isArray(x.busy.members) && (x.busy.members as number[]).length > 0,
  )!;
  return { link: l, member: (l.busy.members as number[])[0]! };
}

describe('issue 15: members and tasks within their promise', () => {
  it('R7, R14, R15: a 24SO task that gets its participant after the first sync is in Busy, assigned, after the next hourly run', async () => {
    w = await startWorld('demo');
    expect(fails(await w.sync('full'))).toBe('');
    const { link, member } = await linkedProjectWithMember();
    const start = new Date('2026-11-20T00:00:00Z');
    const taskId = await saveProjectTask(w.tfsoCtx, {
      projectId: Number(link.tfsoId),
      name: 'Kravanalyse fase 2',
      dateStart: start,
      dateStop: new Date('2027-01-01T00:00:00Z'),
      participants: [],
    });
    later();
    expect(fails(await w.sync('incremental'))).toBe('');
    expect([...w.busy.state.tasks.values()].some((t) => t.externalId === String(taskId))).toBe(false); // R14: nobody assigned yet
    // Assigned in 24SO now; nothing else about the project changes.
    const before = tfsoData(w).projects.find((p) => p.id === Number(link.tfsoId))!.dateChanged;
    await saveProjectTask(w.tfsoCtx, {
      id: taskId,
      projectId: Number(link.tfsoId),
      name: 'Kravanalyse fase 2',
      dateStart: start,
      dateStop: new Date('2027-01-01T00:00:00Z'),
      participants: [member],
    });
    expect(tfsoData(w).projects.find((p) => p.id === Number(link.tfsoId))!.dateChanged).toBe(before);
    later();
    expect(fails(await w.sync('incremental'))).toBe('');
    const inBusy = [...w.busy.state.tasks.values()].filter((t) => t.externalId === String(taskId));
    expect(inBusy).toHaveLength(1);
    const assignees = [...w.busy.state.assigneesOf(inBusy[0]!.id).keys()];
    expect(assignees.length).toBe(1);
  });

  it('R7: a participant added in 24SO (no other change to the project) is a Busy member after the next hourly run', async () => {
    w = await startWorld('demo');
    expect(fails(await w.sync('full'))).toBe('');
    later();
    expect(fails(await w.sync('incremental'))).toBe('');
    const links = await w.store.links.all('project');
    // A mapped 24SO user who is not yet a participant of an active linked project.
    const d = tfsoData(w);
    const mapped = [...w.busy.state.users.values()].flatMap((u) => {
      const t = d.users.find((x) => String(x.employeeId) === u.employeeCode);
      return t ? [{ busyId: u.id, contactId: t.contactId }] : [];
    });
    let pick: { link: (typeof links)[number]; who: (typeof mapped)[number]; now: number[] } | undefined;
    for (const l of links.filter((x) => x.busy.active !== false && x.tfso.active !== false)) {
      const p = d.projects.find((x) => x.id === Number(l.tfsoId))!;
      const who = mapped.find((m) => !p.participants.includes(m.contactId));
      if (who) {
        pick = { link: l, who, now: p.participants };
        break;
      }
    }
    expect(pick).toBeDefined();
    const before = d.projects.find((x) => x.id === Number(pick!.link.tfsoId))!.dateChanged;
    const r = await fetch(`http://127.0.0.1:${w.tfso.port}/_sim/projects/participants`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ projectId: Number(pick!.link.tfsoId), participants: [...pick!.now, pick!.who.contactId] }),
    });
    expect(r.status).toBe(200);
    expect(d.projects.find((x) => x.id === Number(pick!.link.tfsoId))!.dateChanged).toBe(before);
    later();
    expect(fails(await w.sync('incremental'))).toBe('');
    expect([...w.busy.state.membersOf(pick!.link.busyId).keys()]).toContain(pick!.who.busyId);
  });

  it('R9, R16: a task made in Busy on a project in use (hours logged) is in 24SO after the next push, exactly once', async () => {
    w = await startWorld('demo');
    expect(fails(await w.sync('full'))).toBe('');
    await w.sync('push');
    // Hours are being logged on a project: the hour transfer reads them and notes it in use.
    const integrationContactId = w.tfso.state.integrationUser.contactId;
    const transfer = () => runHoursTransfer({ ...w.deps, now: w.clock.fn }, { mode: 'on-approval', overrides: {}, integrationContactId });
    await transfer();
    const link = (await w.store.links.all('project')).find(
      (l) =>
        l.busy.active !== false &&
        l.tfso.active !== false &&
        [...w.busy.state.hourEntries.values()].some((e) => e.projectId === l.busyId && e.isActive),
    )!;
    const entry = [...w.busy.state.hourEntries.values()].find((e) => e.projectId === link.busyId && e.isActive)!;
    Object.assign(entry, { description: `${entry.description ?? ''} (rettet)`, updatedAt: w.busy.state.stamp() });
    await transfer();
    expect(await projectsInUse(w.store, w.clock.fn())).toContain(link.busyId);
    const b = await createTask(w.busyClient, link.busyId, {
      name: 'Workshop med kunden',
      defaultTagId: null,
      state: 'todo',
      allowTimeTracking: true,
      isPrioritized: false,
      parentId: null,
      externalId: null,
      isActive: true,
    });
    w.clock.advance(60_000);
    expect(fails(await w.sync('push'))).toBe('');
    const made = tfsoData(w).tasks.filter((t) => originOf(t.description) === b.id);
    expect(made).toHaveLength(1);
    expect(w.busy.state.tasks.get(b.id)!.externalId).toBe(String(made[0]!.id));
    // Again: nothing more.
    w.clock.advance(60_000);
    expect(fails(await w.sync('push'))).toBe('');
    expect(tfsoData(w).tasks.filter((t) => originOf(t.description) === b.id)).toHaveLength(1);
  });

  it("R16: a task made in Busy on any project (not in use) is in 24SO after the next hourly run, exactly once — also when that run loses the create's answer", async () => {
    w = await startWorld('demo');
    expect(fails(await w.sync('full'))).toBe('');
    later();
    await w.sync('incremental');
    const inUse = new Set(await projectsInUse(w.store, w.clock.fn()));
    const link = (await w.store.links.all('project')).find(
      (l) => l.busy.active !== false && l.tfso.active !== false && !inUse.has(l.busyId),
    )!;
    const b = await createTask(w.busyClient, link.busyId, {
      name: 'Rapport til styret',
      defaultTagId: null,
      state: 'todo',
      allowTimeTracking: true,
      isPrioritized: false,
      parentId: null,
      externalId: null,
      isActive: true,
    });
    // The push does not look at projects that are not in use.
    w.clock.advance(60_000);
    await w.sync('push');
    expect(tfsoData(w).tasks.filter((t) => originOf(t.description) === b.id)).toHaveLength(0);
    // The hourly run does; its SaveProjectTask is done but never answered.
    w.tfso.faults.add({ op: 'SaveProjectTask', kind: 'lostAnswer', count: 1 });
    later();
    const cut = await w.sync('incremental');
    expect(cut.ok).toBe(false);
    later();
    expect(fails(await w.sync('incremental'))).toBe('');
    const made = tfsoData(w).tasks.filter((t) => originOf(t.description) === b.id);
    expect(made).toHaveLength(1);
    expect(w.busy.state.tasks.get(b.id)!.externalId).toBe(String(made[0]!.id));
  });
});

describe('issue 15: "fetch tasks" for one project', () => {
  it('R14, R16: members and tasks of that project alone, at once (no other project read)', async () => {
    w = await startWorld('demo');
    expect(fails(await w.sync('full'))).toBe('');
    const links = (await w.store.links.all('project')).filter((l) => l.busy.active !== false && l.tfso.active !== false);
    const [one, other] = links;
    const b1 = await createTask(w.busyClient, one!.busyId, {
      name: 'Ny oppgave her',
      defaultTagId: null,
      state: 'todo',
      allowTimeTracking: true,
      isPrioritized: false,
      parentId: null,
      externalId: null,
      isActive: true,
    });
    const b2 = await createTask(w.busyClient, other!.busyId, {
      name: 'Ny oppgave der',
      defaultTagId: null,
      state: 'todo',
      allowTimeTracking: true,
      isPrioritized: false,
      parentId: null,
      externalId: null,
      isActive: true,
    });
    w.tfso.resetCounts();
    const s = await (await import('../../utils/sync/engine')).runSync({ ...w.deps, onlyProjects: [one!.busyId] }, 'tasks');
    expect(fails(s)).toBe('');
    expect(tfsoData(w).tasks.filter((t) => originOf(t.description) === b1.id)).toHaveLength(1);
    expect(tfsoData(w).tasks.filter((t) => originOf(t.description) === b2.id)).toHaveLength(0);
    expect(w.tfso.counts().GetProjectTasks).toBe(1 + 1); // that project's tasks, and its look-again
  });
});

describe('issue 15: a complete run cut off part-way', () => {
  it("R8, R11: the daily run stopped in its tasks phase goes on after the last project it finished; the two runs together read each project's tasks once and create nothing twice", async () => {
    w = await startWorld('demo');
    expect(fails(await w.sync('full'))).toBe('');
    const links = (await w.store.links.all('project')).filter((l) => l.busy.active !== false && l.tfso.active !== false);
    // A task made in Busy on every project, then a daily run that stops after some projects.
    for (const l of links)
      await createTask(w.busyClient, l.busyId, {
        name: `Oppgave ${l.busyId}`,
        defaultTagId: null,
        state: 'todo',
        allowTimeTracking: true,
        isPrioritized: false,
        parentId: null,
        externalId: null,
        isActive: true,
      });
    w.tfso.resetCounts();
    // The 12th project's task read fails (a 500): the run stops there.
    let n = 0;
    const inner = w.deps.tfso.http;
    w.deps.tfso.http = async (u, i) => {
      const action = new Headers(i.headers as HeadersInit).get('SOAPAction') ?? '';
      if (action.includes('GetProjectTasks') && ++n === 12) w.tfso.faults.add({ op: 'GetProjectTasks', kind: 'http500', count: 1 });
      return inner(u, i);
    };
    const cut = await w.sync('full');
    w.deps.tfso.http = inner;
    expect(cut.ok).toBe(false);
    const first = w.tfso.counts().GetProjectTasks ?? 0;
    expect(first).toBeGreaterThanOrEqual(12);
    const resumed = await w.sync('full');
    expect(fails(resumed)).toBe('');
    // Each project's tasks read once before the stop or after it, plus the look-again of each
    // project where a task was created, and the reads ahead the stop abandoned (READ_AHEAD):
    // starting over would read every project of the first run again.
    const total = w.tfso.counts().GetProjectTasks ?? 0;
    expect(total).toBeLessThanOrEqual(2 * links.length + READ_AHEAD);
    for (const l of links) expect(tfsoData(w).tasks.filter((t) => t.name === `Oppgave ${l.busyId}`)).toHaveLength(1);
    // Done: the next daily run starts from the first project again.
    w.tfso.resetCounts();
    expect(fails(await w.sync('full'))).toBe('');
    expect(w.tfso.counts().GetProjectTasks).toBe(links.length);
  });
});
