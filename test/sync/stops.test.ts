// Runs that must stop: the guard against wiping data, a bad answer, a lost session. Each stops
// cleanly (what was committed stays, nothing half-written, cursors not past uncommitted data) and
// the next run completes.
import { afterEach, describe, expect, it } from 'vitest';
import { busyProjects, expectMirrored, expectNoDuplicates } from './checks';
import { fails, firstSyncSeed, startWorld, tfsoData, type World } from './harness';
import { snapshot } from './interrupt';

let w: World | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

describe('runs that stop', () => {
  it('guard: 24SO suddenly lists no projects where there were many → the run stops with a warning, nothing archived', async () => {
    w = await startWorld('demo');
    expect(fails(await w.sync('full'))).toBe('');
    const d = tfsoData(w);
    const saved = d.projects;
    const activeBefore = busyProjects(w).filter((p) => p.isActive).length;
    d.projects = [];
    w.busy.resetCounts();
    const s = await w.sync('full');
    expect(s.ok).toBe(false);
    expect(s.error?.code).toBe('mass_disappearance');
    expect(busyProjects(w).filter((p) => p.isActive).length).toBe(activeBefore);
    expect(Object.keys(w.busy.counts()).filter((op) => !op.startsWith('GET '))).toEqual([]);
    expect((await w.store.warnings.open()).map((x) => x.code)).toContain('massDisappearance');
    expect((await w.store.runs.recent(1))[0]).toMatchObject({ ok: false, error: { code: 'mass_disappearance' } });
    d.projects = saved;
    expect(fails(await w.sync('full'))).toBe('');
    expectMirrored(w);
  });

  it('guard: a handful of projects really closed in 24SO are archived (the guard is about mass disappearance only)', async () => {
    w = await startWorld('demo');
    expect(fails(await w.sync('full'))).toBe('');
    const d = tfsoData(w);
    const gone = d.projects.splice(0, 2);
    expect(fails(await w.sync('full'))).toBe('');
    for (const p of gone) expect(busyProjects(w).find((b) => b.externalId === String(p.id))!.isActive).toBe(false);
  });

  for (const [system, op] of [
    ['busy', 'GET /projects'],
    ['tfso', 'GetProjectList'],
    ['busy', 'POST /projects'],
    ['tfso', 'GetProjectTasks'],
  ] as const) {
    it(`a malformed answer to ${op} stops the run naming the operation; the next run completes as if nothing happened`, async () => {
      const ref = await startWorld(firstSyncSeed());
      expect(fails(await ref.sync('full'))).toBe('');
      const want = snapshot(ref);
      await ref.close();
      w = await startWorld(firstSyncSeed());
      (system === 'busy' ? w.busy : w.tfso).faults.add({ op, kind: 'malformed', count: 1 });
      const s = await w.sync('full');
      expect(s.ok).toBe(false);
      expect(s.error).toMatchObject({ code: 'bad_response' });
      expect(s.error!.substitutions[0]).toBe(op);
      expect(fails(await w.sync('full'))).toBe('');
      expectNoDuplicates(w);
      expect(snapshot(w)).toEqual(want);
    });
  }

  it('an expired 24SO session stops the run with session_missing (R2); after logging in again it completes', async () => {
    w = await startWorld('demo');
    w.tfso.expireSessions();
    const s = await w.sync('full');
    expect(s.error?.code).toBe('session_missing');
    expect(s.error?.messageKey).toBe('errSessionMissingTfso');
    const { establishSession } = await import('../../utils/tfso/session');
    const f = w.fetch;
    await establishSession(
      { ...w.tfsoCtx, cookies: { set: async (u, n, v) => f.jar.set(u, n, v) } },
      { applicationId: w.tfso.applicationId, username: w.tfso.username, password: w.tfso.password },
    );
    expect(fails(await w.sync('full'))).toBe('');
    expectMirrored(w);
  });

  it('Busy answering 401 (token revoked, session gone) stops the run with session_missing for Busy (R2)', async () => {
    w = await startWorld(firstSyncSeed());
    w.busy.faults.add({ op: 'GET /projects', kind: 'unauthorized', count: 1 });
    const s = await w.sync('full');
    expect(s.error).toMatchObject({ code: 'session_missing', messageKey: 'errSessionMissingBusy' });
    expect(busyProjects(w)).toEqual([]); // customers came across; projects were not half-done
    expect(fails(await w.sync('full'))).toBe('');
    expectMirrored(w);
  });

  it('a cursor does not move past what a stopped run did not commit', async () => {
    w = await startWorld('demo');
    expect(fails(await w.sync('full'))).toBe('');
    const before = await w.store.cursors.get('project', 'tfso');
    const p = tfsoData(w).projects[0]!;
    w.clock.advance(60_000);
    p.name = 'Endret navn';
    p.dateChanged = w.clock.now().toISOString();
    w.busy.faults.add({ op: 'PATCH /projects/{projectId}', kind: 'http500', count: 1 });
    expect((await w.sync('incremental')).ok).toBe(false);
    expect(await w.store.cursors.get('project', 'tfso')).toEqual(before);
    expect(fails(await w.sync('incremental'))).toBe('');
    expect(busyProjects(w).find((b) => b.externalId === String(p.id))!.name).toBe('Endret navn');
    expect((await w.store.cursors.get('project', 'tfso'))!.at).toBe(p.dateChanged);
  });
});
