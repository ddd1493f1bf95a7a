// The plan (utils/sync/plan.ts) and the admin's go-ahead (SyncDeps.requireConfirmation), against
// both simulators over HTTP with the `overlap` company.
import { afterEach, describe, expect, it } from 'vitest';
import { OVERLAP_EXPECTED, overlapSeed } from '../sim/seeds/overlap';
import { planSync, PlanSchema } from '../../utils/sync/plan';
import { fails, startWorld, tfsoData, type World } from './harness';
import { KINDS, done, figures, writeOps } from './plan-figures';

let w: World | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

describe('the plan', () => {
  it('reads both sides and writes nothing: no write request to Busy or 24SO, nothing in the store', async () => {
    w = await startWorld(overlapSeed());
    const busyBefore = JSON.stringify(w.busy.state.dump());
    const tfsoBefore = JSON.stringify(tfsoData(w));
    const plan = await planSync(w.deps);
    expect(plan.kinds.project.link.length).toBeGreaterThan(5);
    expect(writeOps(w)).toEqual([]);
    expect(JSON.stringify(w.busy.state.dump())).toBe(busyBefore);
    expect(JSON.stringify(tfsoData(w))).toBe(tfsoBefore);
    for (const k of KINDS) expect(await w.store.links.count(k)).toBe(0);
    expect(await w.store.warnings.open()).toEqual([]);
    expect(await w.store.runs.recent(5)).toEqual([]);
  });

  it('is JSON and matches its exported zod schema; it names the records and the candidates of each decision', async () => {
    w = await startWorld(overlapSeed());
    const plan = await planSync(w.deps);
    const again = PlanSchema.parse(JSON.parse(JSON.stringify(plan)));
    expect(again).toEqual(plan);
    expect(plan.openDecisions).toBe(3);
    expect(plan.kinds.project.decisions).toEqual([
      {
        key: 'project:busy:13014',
        kind: 'project',
        subject: { side: 'busy', id: '13014', name: 'Foreldreportal' },
        reason: 'weak',
        candidates: [{ id: '111', name: 'Foreldreportal', why: 'nameOtherCustomer' }],
      },
    ]);
    expect(plan.kinds.customer.link).toContainEqual({
      busy: { id: '12003', name: 'Skagerak  Logistikk' },
      tfso: { id: '10003', name: 'Skagerak Logistikk AS' },
      by: 'name',
    });
    expect(plan.kinds.project.link).toContainEqual({
      busy: { id: '13001', name: 'Digital strategi 2027' },
      tfso: { id: '101', name: 'Digital strategi 2027' },
      by: 'number',
    });
    expect(plan.kinds.customer.busyOnly.map((x) => x.id).sort()).toEqual(['12009', '12010']);
    expect(plan.users.unmapped.map((u) => u.name).sort()).toEqual(['Jonas Lie', 'Mathilde Brænne']);
  });

  it("the plan's figures equal what the full sync then does (without answers, then with them)", async () => {
    w = await startWorld(overlapSeed());
    const p1 = await planSync(w.deps);
    const s1 = await w.sync('full');
    expect(fails(s1)).toBe('');
    expect(done(s1)).toEqual(figures(p1));

    w.deps.decisions = OVERLAP_EXPECTED.decisions;
    const p2 = await planSync(w.deps);
    expect(p2.openDecisions).toBe(0);
    expect(p2.kinds.project.link).toEqual([
      { busy: { id: '13014', name: 'Foreldreportal' }, tfso: { id: '111', name: 'Foreldreportal' }, by: 'decision' },
    ]);
    const s2 = await w.sync('full');
    expect(fails(s2)).toBe('');
    expect(done(s2)).toEqual(figures(p2));
  }, 20_000);

  it("the plan's figures equal the full sync's when the admin answers before the first run", async () => {
    w = await startWorld(overlapSeed());
    w.deps.decisions = OVERLAP_EXPECTED.decisions;
    const p = await planSync(w.deps);
    const s = await w.sync('full');
    expect(fails(s)).toBe('');
    expect(done(s)).toEqual(figures(p));
    expect(p.kinds.customer.link.length + p.kinds.project.link.length + p.kinds.workType.link.length + p.kinds.task.link.length).toBe(
      Object.keys(OVERLAP_EXPECTED.clients).length +
        Object.keys(OVERLAP_EXPECTED.projects).length +
        Object.keys(OVERLAP_EXPECTED.tags).length +
        Object.keys(OVERLAP_EXPECTED.tasks).length +
        Object.keys(OVERLAP_EXPECTED.decisions).length,
    );
  });

  it('on the demo company (Busy mirrors carry externalIds) nothing is matched by name and nothing is asked', async () => {
    w = await startWorld('demo');
    const p = await planSync(w.deps);
    expect(p.openDecisions).toBe(0);
    for (const k of KINDS)
      expect(
        p.kinds[k].link.every((l) => l.by === 'externalId'),
        k,
      ).toBe(true);
    const s = await w.sync('full');
    expect(done(s)).toEqual(figures(p));
  });
});

describe("the admin's go-ahead", () => {
  it('confirmation required and not given: every trigger returns "awaiting confirmation" without a single request or store write', async () => {
    w = await startWorld(overlapSeed());
    w.deps.requireConfirmation = true;
    w.busy.resetCounts();
    w.tfso.resetCounts();
    for (const t of ['full', 'incremental', 'push', 'customers', 'projects', 'worktypes', 'tasks'] as const) {
      const s = await w.sync(t);
      expect(s.ok, t).toBe(true);
      expect(s.awaitingConfirmation, t).toBeDefined();
      expect(s.requests, t).toEqual({ tfso: 0, busy: 0 });
    }
    expect((await w.sync('full')).awaitingConfirmation).toEqual(['customer', 'workType', 'project', 'task']);
    expect({ ...w.busy.counts(), ...w.tfso.counts() }).toEqual({});
    expect(await w.store.runs.recent(5)).toEqual([]);
    expect(await w.store.links.count('project')).toBe(0);

    // confirmed: the run does what the plan said
    const plan = await planSync(w.deps);
    w.deps.confirmed = true;
    const s = await w.sync('full');
    expect(s.awaitingConfirmation).toBeUndefined();
    expect(done(s)).toEqual(figures(plan));
  });

  it('a kind confirmed on its own runs alone; one that needs an unconfirmed kind waits (projects need customers)', async () => {
    w = await startWorld(overlapSeed());
    Object.assign(w.deps, { requireConfirmation: true, confirmedKinds: ['customer', 'task'] });
    const s = await w.sync('full');
    expect(fails(s)).toBe('');
    expect(s.awaitingConfirmation, 'tasks need projects').toEqual(['workType', 'project', 'task']);
    expect(s.counts.customer.busy.created).toBeGreaterThan(0);
    expect(s.counts.project.busy.created + s.counts.workType.busy.created + s.counts.task.busy.created).toBe(0);
    Object.assign(w.deps, { confirmedKinds: ['project', 'task'] });
    const s2 = await w.sync('full');
    expect(s2.awaitingConfirmation).toEqual(['customer', 'workType', 'project', 'task']);
    expect(s2.requests).toEqual({ tfso: 0, busy: 0 });
  });
});
