// Issue 15, inside 24SO's request budget: what the idle schedules no longer ask of 24SO, and that
// what they still have to deliver arrives. Over HTTP against the simulators.
import { afterEach, describe, expect, it } from 'vitest';
import { addTaskAssignee, listTaskAssignees } from '../../utils/busy/tasks';
import { createTag, patchTag } from '../../utils/busy/tags';
import { runHoursTransfer } from '../../utils/hours';
import { RETRY_SKIPPED_MS } from '../../utils/hours/transfer';
import { MAX_HOURLY_TASK_READS, ROTATION_RUNS, rotationRuns, rotationSize } from '../../utils/sync/scope';
import { fails, startWorld, tfsoData, type World } from './harness';

let w: World;
afterEach(async () => {
  await w?.close();
  w = undefined as unknown as World;
});

const later = () => w.clock.advance(10 * 60_000);
/** The daily run as the extension's schedule starts it (utils/services/sync.ts). */
const daily = () => w.syncWith({ tasksByRotation: true }, 'full');

async function settled() {
  w = await startWorld('demo');
  expect(fails(await w.sync('full'))).toBe('');
  later();
  expect(fails(await w.sync('incremental'))).toBe('');
}

describe('issue 15: the daily run leaves 24SO tasks to the hourly rotation', () => {
  it('R8: with nothing changed the scheduled daily run reads no project tasks in 24SO (a full run from the command line reads every one)', async () => {
    await settled();
    const active = (await w.store.links.all('project')).filter((l) => l.busy.active !== false && l.tfso.active !== false).length;
    expect(active).toBeGreaterThan(2);
    w.tfso.resetCounts();
    expect(fails(await daily())).toBe('');
    expect(w.tfso.counts().GetProjectTasks ?? 0).toBe(0);
    later();
    w.tfso.resetCounts();
    expect(fails(await w.sync('full'))).toBe('');
    expect(w.tfso.counts().GetProjectTasks).toBe(active);
  });

  it('R8, R15: an assignee added in Busy alone (its task keeps its stamp) reaches 24SO on the next daily run, which reads that one project in 24SO', async () => {
    await settled();
    const d = tfsoData(w);
    const toBusy = new Map(
      [...w.busy.state.users.values()].flatMap((u) => {
        const t = d.users.find((x) => String(x.employeeId) === u.employeeCode);
        return t ? [[t.contactId, u.id] as const] : [];
      }),
    );
    // A linked task of a project with a mapped member who is not assigned to it yet.
    let pick: { taskBusyId: string; taskTfsoId: number; user: string; contact: number } | undefined;
    for (const tl of await w.store.links.all('task')) {
      const pl = (await w.store.links.get('project', 'tfso', String(tl.tfso.project)))!;
      if (!pl || pl.busy.active === false || pl.tfso.active === false) continue;
      const assigned = new Set((await listTaskAssignees(w.busyClient, tl.busyId)).map((u) => u.id));
      const contact = ((pl.busy.members as number[] | undefined) ?? []).find((c) => toBusy.has(c) && !assigned.has(toBusy.get(c)!));
      if (contact !== undefined) {
        pick = { taskBusyId: tl.busyId, taskTfsoId: Number(tl.tfsoId), user: toBusy.get(contact)!, contact };
        break;
      }
    }
    expect(pick).toBeDefined();
    const stamp = w.busy.state.tasks.get(pick!.taskBusyId)!.updatedAt;
    await addTaskAssignee(w.busyClient, pick!.taskBusyId, pick!.user);
    expect(w.busy.state.tasks.get(pick!.taskBusyId)!.updatedAt).toBe(stamp); // nothing for a stamp-based probe to see
    later();
    w.tfso.resetCounts();
    expect(fails(await daily())).toBe('');
    const task = d.tasks.find((t) => t.id === pick!.taskTfsoId)!;
    expect(task.participants).toContain(pick!.contact);
    expect(w.tfso.counts().GetProjectTasks).toBeLessThanOrEqual(2); // that project (and its look-again at most)
    expect(w.tfso.counts().GetProjectTasks).toBeGreaterThanOrEqual(1);
  });

  it('R8: the rotation reads each project at least once a day up to its bound, and never more than MAX_HOURLY_TASK_READS a run', () => {
    for (const active of [10, 240, 1_000, 5_760, 16_000, 20_000, 100_000])
      for (const used of [0, 8, 40, 700]) {
        const size = rotationSize(active, used);
        expect(size).toBeGreaterThanOrEqual(Math.ceil(active / (3 * ROTATION_RUNS))); // each within three days whatever is in use
        if (size > Math.ceil(active / (3 * ROTATION_RUNS))) expect(size + used).toBeLessThanOrEqual(Math.max(MAX_HOURLY_TASK_READS, used));
        if (active - used <= ROTATION_RUNS * (MAX_HOURLY_TASK_READS - used))
          expect(rotationRuns(active, used)).toBeLessThanOrEqual(ROTATION_RUNS);
      }
    expect(rotationRuns(1_000, 8)).toBe(5); // 232 a run: every project every 5 hours
    expect(rotationRuns(20_000, 0)).toBe(29); // past the bound: stated in the README
  });
});

describe('issue 15: what the minute schedules no longer ask of 24SO', () => {
  it('R9, R13: Busy work types carrying the id of a 24SO one that is gone, archived or not, cost the push no 24SO request', async () => {
    await settled();
    const tag = await createTag(w.busyClient, { name: 'Gammel arbeidstype', type: 'work', externalId: '987654', defaultHourlyRate: null });
    await patchTag(w.busyClient, tag.id, { isActive: false });
    await createTag(w.busyClient, { name: 'Foreldreløs arbeidstype', type: 'work', externalId: '987655', defaultHourlyRate: null });
    later();
    expect(fails(await w.sync('push'))).toBe('');
    w.tfso.resetCounts();
    for (let i = 0; i < 3; i++) {
      w.clock.advance(60_000);
      expect(fails(await w.sync('push'))).toBe('');
    }
    expect(w.tfso.counts().GetWorkTypeList ?? 0).toBe(0);
    // The hourly run still compares it, and leaves it as it is.
    w.clock.advance(5 * 60_000); // within 24SO's session idle time (the pushes asked it nothing)
    expect(fails(await w.sync('incremental'))).toBe('');
    expect(w.busy.state.tags.get(tag.id)?.isActive).toBe(false);
  });

  it('R23: the hour poll asks 24SO nothing for hours logged but not approved; a waiting one is looked at again every RETRY_SKIPPED_MS', async () => {
    await settled();
    const integrationContactId = w.tfso.state.integrationUser.contactId;
    const poll = () => runHoursTransfer({ ...w.deps, now: w.clock.fn }, { mode: 'on-approval', overrides: {}, integrationContactId });
    await poll(); // the approved backlog, sent
    // Someone edits an hour not approved yet (on a linked, active project): the poll reads it.
    const entry = [...w.busy.state.hourEntries.values()].find(
      (e) => e.isActive && e.projectId && e.approvalStatus !== 'approved' && !e.externalId,
    );
    expect(entry).toBeDefined();
    w.clock.advance(60_000);
    w.busy.state.hourEntries.set(entry!.id, { ...entry!, description: 'Kundemøte', updatedAt: w.clock.now().toISOString() });
    w.clock.advance(60_000);
    w.tfso.resetCounts();
    const s = await poll();
    expect(s.error).toBeUndefined();
    expect(w.tfso.counts()).toEqual({});
    // The approved hours waiting on an inactive project (demo: "Lageroptimalisering") are looked
    // at again once their retry time has passed, with one project read for all of them.
    w.clock.advance(RETRY_SKIPPED_MS);
    const again = await poll();
    expect(again.skipped.map((x) => x.reason.code)).toContain('hours_project_inactive');
    expect(w.tfso.counts().GetProjectList).toBe(1);
  });
});
