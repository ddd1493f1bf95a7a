// Keeps `npm run bench` working: the quick mode (two small sizes, sims in a child process, no
// extension build) runs end to end and its JSON has every measurement the README table is made of.
import { describe, expect, it } from 'vitest';
import { entityOf, parseArgs, runBench } from './run';

describe('bench', () => {
  it('--quick measures import, floor, idle and k-change incrementals, hours and goals at two small sizes', async () => {
    const opts = { ...parseArgs(['--quick']), extension: false };
    const r = await runBench(opts);
    expect(r.sizes.map((s) => s.n)).toEqual([2, 4]);
    for (const s of r.sizes) {
      expect(s.sizes.projects).toBe(50 * s.n);
      expect(s.import.requests.total).toBeGreaterThan(s.sizes.projects); // members + tasks per project at least
      expect(s.import.records).toBeGreaterThan(0);
      expect(s.import.floor.requests).toBe(s.import.requests.total); // the replay is the engine's own traffic
      // … answered the same way from the reseeded state, one at a time and overlapped
      expect([s.import.floor.sequential.statusMismatches, s.import.floor.overlapped.statusMismatches]).toEqual([0, 0]);
      expect(s.import.engineOverFloor).toBeGreaterThan(0);
      expect(s.import.heap.livePeakMB).toBeGreaterThan(0);
      expect(s.import.heap.sampledPeakMB).toBeGreaterThanOrEqual(s.import.heap.livePeakMB);
      expect(s.idle.requests.tfso + s.idle.requests.busy).toBeGreaterThan(0);
      expect(s.changes.map((c) => c.k)).toEqual([10, 100]);
      for (const c of s.changes) expect(c.projectsUpdatedInBusy).toBe(c.edited);
    }
    expect(r.incrementalScaling.map((x) => x.k)).toEqual([10, 100]);
    // The heap proof ran on the largest size and the import completed inside the cap.
    expect(r.sizes[1]!.capped).toMatchObject({ completed: true, ok: true, capMB: 150 });
    const hours = r.sizes[1]!.hours!;
    expect(hours).toBeDefined();
    if (hours.measured) expect(hours.sent + hours.skipped).toBeGreaterThan(0);
    else expect(hours.why).toMatch(/not yet measured/);
    expect(r.goals.length).toBeGreaterThanOrEqual(12);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  }, 60_000);

  it('maps each operation to the entity type it reads or writes', () => {
    expect(['GetProjectList', 'GetDeactivatedProjects', 'GET /projects', 'PATCH /projects/{projectId}'].map(entityOf)).toEqual(['project', 'project', 'project', 'project']);
    expect(['GetCompanies', 'GET /clients', 'GetWorkTypeList', 'GET /tags'].map(entityOf)).toEqual(['customer', 'customer', 'workType', 'workType']);
    expect(['GET /projects/{projectId}/users', 'GetProjectParticipants', 'GetProjectTasks', 'GET /tasks/{taskId}/users'].map(entityOf))
      .toEqual(['member', 'member', 'task', 'task']);
  });
});
