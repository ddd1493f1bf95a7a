// Property: random edits on both sides (through their APIs, as people and 24SO would make them)
// and random faults, then syncing until nothing changes, always end in step:
//   links one-to-one; no duplicates on either side; every 24SO customer/project/work type in Busy
//   with status mapped (R3, R6, R10, R12); Busy-made projects, work types, tasks in 24SO (R9, R13,
//   R16) — and no customer ever written to 24SO (R4); assigned tasks and members mirrored (R14,
//   R15); every field both sides changed ends with 24SO's value and a warning holding Busy's.
// Default: a small campaign (PROPERTY_RUNS, default 25). PROPERTY_RUNS=1000 for the long one.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createClient } from '../../utils/busy/clients';
import { addProjectMember, createProject, patchProject } from '../../utils/busy/projects';
import { UserSchema } from '../../utils/busy/schemas';
import { createTag } from '../../utils/busy/tags';
import { createTask, patchTask } from '../../utils/busy/tasks';
import { writesOf } from '../../utils/sync/engine';
import { getProjectStatuses, saveProject, saveProjectTask } from '../../utils/tfso/project';
import { saveWorkType } from '../../utils/tfso/time';
import {
  busyProjects,
  busyTasks,
  busyUserOf,
  expectLinksOneToOne,
  expectMembersMirrored,
  expectMirrored,
  expectNoDuplicates,
  expectTasksMirrored,
  tfsoActive,
} from './checks';
import { startWorld, tfsoData, type World } from './harness';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 25);

type Edit =
  | {
      on: 'tfso';
      op:
        | 'renameProject'
        | 'toggleProject'
        | 'addProject'
        | 'addCompany'
        | 'renameCompany'
        | 'addWorkType'
        | 'addTask'
        | 'assignTask'
        | 'addParticipant';
      i: number;
      j: number;
    }
  | {
      on: 'busy';
      op: 'createProject' | 'renameProject' | 'toggleProject' | 'createTag' | 'createClient' | 'createTask' | 'addMember' | 'renameTask';
      i: number;
      j: number;
    }
  | { on: 'both'; op: 'renameProject'; i: number; j: number }
  | { on: 'fault'; system: 'busy' | 'tfso'; op: string; kind: 'http500' | 'lostAnswer' };

const BUSY_WRITES = [
  'POST /clients',
  'POST /projects',
  'PATCH /projects/{projectId}',
  'POST /tags',
  'PATCH /tags/{tagId}',
  'POST /projects/{projectId}/tasks',
  'PATCH /tasks/{taskId}',
  'POST /tasks/{taskId}/users',
  'POST /projects/{projectId}/users',
];
const TFSO_WRITES = ['SaveProject', 'SaveProjectTask', 'SaveWorkType'];

const idx = fc.nat({ max: 1000 });
const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({
    on: fc.constant('tfso' as const),
    op: fc.constantFrom(
      'renameProject',
      'toggleProject',
      'addProject',
      'addCompany',
      'renameCompany',
      'addWorkType',
      'addTask',
      'assignTask',
      'addParticipant',
    ) as fc.Arbitrary<'renameProject'>,
    i: idx,
    j: idx,
  }),
  fc.record({
    on: fc.constant('busy' as const),
    op: fc.constantFrom(
      'createProject',
      'renameProject',
      'toggleProject',
      'createTag',
      'createClient',
      'createTask',
      'addMember',
      'renameTask',
    ) as fc.Arbitrary<'renameProject'>,
    i: idx,
    j: idx,
  }),
  fc.record({ on: fc.constant('both' as const), op: fc.constant('renameProject' as const), i: idx, j: idx }),
  fc.oneof(
    fc.record({
      on: fc.constant('fault' as const),
      system: fc.constant('busy' as const),
      op: fc.constantFrom(...BUSY_WRITES),
      kind: fc.constantFrom('http500', 'lostAnswer') as fc.Arbitrary<'http500'>,
    }),
    fc.record({
      on: fc.constant('fault' as const),
      system: fc.constant('tfso' as const),
      op: fc.constantFrom(...TFSO_WRITES),
      kind: fc.constantFrom('http500', 'lostAnswer') as fc.Arbitrary<'http500'>,
    }),
  ),
);
const triggersArb = fc.array(fc.constantFrom('push', 'incremental', 'full', 'tasks'), { minLength: 1, maxLength: 3 });

let uniq = 0;
const fresh = (p: string) => `${p} ${++uniq}`;
const at = <T>(xs: T[], i: number): T | undefined => (xs.length ? xs[i % xs.length] : undefined);

/** Renames made this round per 24SO project id: 24SO's last, Busy's last. */
interface Expect {
  name: Map<number, { tfso?: string; busy?: string }>;
}
const note = (ex: Expect, id: number, v: { tfso?: string; busy?: string }) => ex.name.set(id, { ...ex.name.get(id), ...v });

async function apply(w: World, e: Edit, ex: Expect): Promise<void> {
  const d = tfsoData(w);
  const now = () => w.clock.now().toISOString();
  const linked = () => busyProjects(w).filter((p) => p.externalId && d.projects.some((x) => String(x.id) === p.externalId));
  if (e.on === 'fault') return; // armed after the edits (see below), so that they hit the sync
  if (e.on === 'both') {
    const bp = at(linked(), e.i);
    if (!bp) return;
    const p = d.projects.find((x) => String(x.id) === bp.externalId)!;
    const bn = fresh('B'),
      tn = fresh('T');
    await patchProject(w.busyClient, bp.id, { name: bn });
    await saveProject(w.tfsoCtx, { id: p.id, name: tn, customerId: p.customerId, statusId: p.statusId });
    note(ex, p.id, { tfso: tn, busy: bn });
    return;
  }
  if (e.on === 'tfso') {
    const p = at(d.projects, e.i);
    const statuses = await getProjectStatuses(w.tfsoCtx);
    switch (e.op) {
      case 'renameProject':
        if (p) {
          const n = fresh('T');
          await saveProject(w.tfsoCtx, { id: p.id, name: n, customerId: p.customerId, statusId: p.statusId });
          note(ex, p.id, { tfso: n });
        }
        break;
      case 'toggleProject':
        if (p) {
          const s = statuses.find((x) => x.active === !tfsoActive(w, p.statusId))!;
          await saveProject(w.tfsoCtx, { id: p.id, name: p.name, customerId: p.customerId, statusId: s.id });
        }
        break;
      case 'addProject':
        await saveProject(w.tfsoCtx, {
          name: fresh('Nytt 24SO-prosjekt'),
          customerId:
            at(
              d.companies.filter((c) => c.active),
              e.j,
            )?.id ?? null,
        });
        break;
      case 'addCompany': {
        const id = 30000 + ++uniq;
        d.companies.push({
          id,
          name: fresh('Kunde'),
          organizationNumber: null,
          email: null,
          dateCreated: now(),
          dateChanged: now(),
          active: true,
        });
        break;
      }
      case 'renameCompany': {
        const c = at(
          d.companies.filter((x) => x.active),
          e.i,
        );
        if (c) {
          c.name = fresh('Kunde');
          c.dateChanged = now();
        }
        break;
      }
      case 'addWorkType':
        await saveWorkType(w.tfsoCtx, { name: fresh('Arbeidstype'), invoiceable: true });
        break;
      case 'addTask':
        if (p) {
          const start = new Date(now());
          await saveProjectTask(w.tfsoCtx, {
            projectId: p.id,
            name: fresh('24SO-oppgave'),
            dateStart: start,
            dateStop: new Date(start.getTime() + 864e5),
            participants: e.j % 2 ? p.participants.slice(0, 1) : [],
          });
        }
        break;
      case 'assignTask':
        {
          const t = at(d.tasks, e.i);
          const pp = t && d.projects.find((x) => x.id === t.projectId);
          const c = pp && at(pp.participants, e.j);
          if (t && c !== undefined && !t.participants.includes(c))
            await saveProjectTask(w.tfsoCtx, {
              id: t.id,
              projectId: t.projectId,
              name: t.name,
              dateStart: new Date(t.dateStart),
              dateStop: new Date(t.dateStop),
              participants: [...t.participants, c],
              statusId: t.status,
            });
        }
        break;
      case 'addParticipant':
        if (p) {
          const u = at(d.users, e.j)!;
          if (!p.participants.includes(u.contactId)) {
            await saveProject(w.tfsoCtx, {
              id: p.id,
              name: p.name,
              customerId: p.customerId,
              statusId: p.statusId,
              participants: [...p.participants, u.contactId],
            });
          }
        }
        break;
    }
    return;
  }
  const bp = at(linked(), e.i);
  switch (e.op) {
    case 'createProject':
      await createProject(w.busyClient, {
        name: fresh('Busy-prosjekt'),
        externalId: null,
        colorCode: '#2ca02c',
        isOpen: true,
        isBillable: false,
        allowMultipleClients: false,
      });
      break;
    case 'renameProject':
      if (bp) {
        const n = fresh('B');
        await patchProject(w.busyClient, bp.id, { name: n });
        note(ex, Number(bp.externalId), { busy: n });
      }
      break;
    case 'toggleProject':
      if (bp) await patchProject(w.busyClient, bp.id, { isActive: !bp.isActive });
      break;
    case 'createTag':
      await createTag(w.busyClient, { name: fresh('Busy-type'), type: 'work', externalId: null, defaultHourlyRate: null });
      break;
    case 'createClient':
      await createClient(w.busyClient, { name: fresh('Busy-kunde'), externalId: null });
      break;
    case 'createTask':
      if (bp?.isActive) {
        const t = await createTask(w.busyClient, bp.id, {
          name: fresh('Busy-oppgave'),
          defaultTagId: null,
          state: 'todo',
          allowTimeTracking: true,
          isPrioritized: false,
          parentId: null,
          externalId: null,
          isActive: true,
        });
        const m = at([...w.busy.state.membersOf(bp.id).keys()], e.j);
        if (m) await w.busyClient.post('/tasks/{taskId}/users', { userId: m }, UserSchema, { params: { taskId: t.id } });
      }
      break;
    case 'addMember':
      if (bp) {
        const u = at([...w.busy.state.users.values()], e.j)!;
        if (!w.busy.state.membersOf(bp.id).has(u.id)) await addProjectMember(w.busyClient, bp.id, { userId: u.id });
      }
      break;
    case 'renameTask': {
      const t = at(
        busyTasks(w).filter((x) => x.isActive && x.externalId),
        e.i,
      );
      if (t) await patchTask(w.busyClient, t.id, { name: fresh('Busy-oppgave') });
      break;
    }
  }
}

async function settle(w: World, triggers: string[]): Promise<void> {
  for (const t of triggers) await w.sync(t as 'full');
  w.busy.faults.clear();
  w.tfso.faults.clear();
  for (let i = 0; i < 6; i++) {
    const s = await w.sync('full');
    if (s.ok && writesOf(s) === 0) return;
  }
  throw new Error('did not settle within 6 full runs');
}

describe('property: random edits and faults on both sides, then sync until quiet', () => {
  it(`ends in step, every time (${RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(editArb, { minLength: 1, maxLength: 8 }), triggersArb, async (edits, triggers) => {
        const w = await startWorld('demo');
        try {
          expect((await w.sync('full')).ok).toBe(true);
          const companiesBefore = tfsoData(w).companies.length;
          const ex: Expect = { name: new Map() };
          for (const e of edits) await apply(w, e, ex);
          for (const e of edits)
            if (e.on === 'fault') (e.system === 'busy' ? w.busy : w.tfso).faults.add({ op: e.op, kind: e.kind, count: 1 });
          const companiesAfterEdits = tfsoData(w).companies.length;
          await settle(w, triggers);
          await expectLinksOneToOne(w);
          expectNoDuplicates(w);
          expectMirrored(w);
          expectTasksMirrored(w);
          expectMembersMirrored(w);
          expect(tfsoData(w).companies.length, 'R4: no customer written to 24SO').toBe(companiesAfterEdits);
          expect(companiesAfterEdits).toBeGreaterThanOrEqual(companiesBefore);
          // the decision table's outcome for every renamed project
          const warnings = await w.store.warnings.open();
          for (const [id, want] of ex.name) {
            const p = tfsoData(w).projects.find((x) => x.id === id)!;
            expect(p.name, `project ${id}`).toBe(want.tfso ?? want.busy);
            if (want.tfso !== undefined && want.busy !== undefined) {
              expect(
                warnings.some((x) => x.code === 'conflictOverwritten' && x.substitutions[3] === want.busy),
                `conflict warning for ${id}`,
              ).toBe(true);
            }
          }
          for (const c of [...w.busy.state.clients.values()].filter((x) => x.externalId === null && x.isActive)) {
            expect(
              warnings.some((x) => x.key === `busyOnlyCustomer:${c.id}`),
              `R4 warning for ${c.name}`,
            ).toBe(true);
          }
          void busyUserOf;
        } finally {
          await w.close();
        }
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
  }, 600_000);
});
