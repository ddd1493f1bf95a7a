// The engine's bookkeeping: progress, run records, request counts, and a rate limit stopping cleanly.
import { afterEach, describe, expect, it } from 'vitest';
import { runSync } from '../../utils/sync/engine';
import { expectMirrored } from './checks';
import { defaultProject } from '../sim/busy/state';
import { fails, firstSyncSeed, startWorld, tfsoData, type World } from './harness';

let w: World | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

describe('engine bookkeeping', () => {
  it('reports progress (done of total) and keeps a run record with counts and requests', async () => {
    w = await startWorld(firstSyncSeed());
    const seen: { done: number; total: number }[] = [];
    const s = await runSync({ ...w.deps, onProgress: (p) => seen.push(p) }, 'full');
    expect(fails(s)).toBe('');
    expect(seen.length).toBeGreaterThan(0);
    const last = seen[seen.length - 1]!;
    expect(last.done).toBe(last.total);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.done).toBeGreaterThanOrEqual(seen[i - 1]!.done);
    const rec = (await w.store.runs.recent(1))[0]!;
    expect(rec).toMatchObject({ id: s.runId, trigger: 'full', ok: true });
    expect(rec.counts!['project.busy.created']).toBe(s.counts.project.busy.created);
    expect(rec.counts!['requests.tfso']).toBe(s.requests.tfso);
    // the counted requests are the ones the simulators saw (the session was set up before)
    const simBusy = Object.values(w.busy.counts()).reduce((a, b) => a + b, 0);
    expect(s.requests.busy).toBe(simBusy);
  });

  it('a 24SO rate limit stops the run with rate_limited; the next run completes', async () => {
    w = await startWorld(firstSyncSeed());
    w.tfso.faults.add({ op: 'GetProjectList', kind: 'rateLimit', count: 1 });
    const s = await w.sync('full');
    expect(s.error).toMatchObject({ code: 'rate_limited', messageKey: 'errRateLimitedTfso' });
    expect(fails(await w.sync('full'))).toBe('');
    expectMirrored(w);
  });

  it('a Busy refusal of one record is a warning and the rest of the run goes on', async () => {
    w = await startWorld(firstSyncSeed());
    // Busy already has a project holding a 24SO project's number, mirroring another system: Busy
    // refuses the second one with that number (409), and the engine cannot adopt it.
    const p = tfsoData(w).projects[0]!;
    const stamp = w.clock.now().toISOString();
    w.busy.state.projects.set(
      '19000',
      defaultProject({
        id: '19000',
        number: String(p.id),
        name: 'Opptatt nummer',
        clientId: null,
        externalId: 'annet-system',
        isActive: true,
        isTaskBased: false,
        isBillable: false,
        createdAt: stamp,
        updatedAt: stamp,
      }),
    );
    const s = await w.sync('full');
    expect(fails(s)).toBe('');
    expect(s.warnings.some((x) => x.code === 'writeRejected' && x.substitutions.includes('POST /projects'))).toBe(true);
    expect(s.counts.project.busy.created).toBeGreaterThan(10);
    expect(w.busy.state.projects.get('19000'), "another system's record is left alone").toMatchObject({
      isActive: true,
      externalId: 'annet-system',
    });
    expect(tfsoData(w).projects.some((x) => x.name === 'Opptatt nummer')).toBe(false);
  });
});
