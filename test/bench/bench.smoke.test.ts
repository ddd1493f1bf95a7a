// Keeps `npm run bench` working: the quick mode (two small sizes, sims in a child process, no
// extension build) runs end to end and its JSON has every measurement the README table is made of.
import { describe, expect, it } from 'vitest';
import { entityOf, parseArgs, runBench } from './run';

describe('bench', () => {
  it('--quick measures import, floor, idle and k-change incrementals, hours, the paced runs (issue 15) and goals at two small sizes', async () => {
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
    // Issue 15: the import and the daily run under the pacer (24SO at 7,200/h, the default share):
    // at 200 projects both fit one window, so they end without a pause and without a quarantine.
    expect(r.paced).toMatchObject({
      n: 4,
      tfsoLimitPerHour: 7200,
      tfsoSharePerHour: 3600,
      import: { finished: true, quarantines: 0 },
      daily: { finished: true, quarantines: 0 },
    });
    expect(r.paced!.import.requests.tfso).toBeGreaterThan(r.sizes[1]!.sizes.projects / 2);
    expect(r.goals.filter((g) => g.goal.startsWith('paced large:4')).map((g) => g.pass)).toEqual([true, true, true]);
    expect(r.goals.length).toBeGreaterThanOrEqual(15);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  }, 90_000);

  it("paced options: --no-paced, --paced-max-hours, --tfso-share (at most 24SO's 7,200)", () => {
    expect(parseArgs([]).paced).toBe(true);
    expect(parseArgs(['--no-paced', '--paced-max-hours', '12', '--tfso-share', '1800'])).toMatchObject({
      paced: false,
      pacedMaxHours: 12,
      tfsoShare: 1800,
    });
    expect(() => parseArgs(['--tfso-share', '9000'])).toThrow(/7,200/);
    expect(() => parseArgs(['--paced-max-hours', 'x'])).toThrow(/integer/);
  });

  it('maps each operation to the entity type it reads or writes', () => {
    expect(['GetProjectList', 'GetDeactivatedProjects', 'GET /projects', 'PATCH /projects/{projectId}'].map(entityOf)).toEqual([
      'project',
      'project',
      'project',
      'project',
    ]);
    expect(['GetCompanies', 'GET /clients', 'GetWorkTypeList', 'GET /tags'].map(entityOf)).toEqual([
      'customer',
      'customer',
      'workType',
      'workType',
    ]);
    expect(
      ['GET /projects/{projectId}/users', 'GetProjectParticipants', 'GetProjectTasks', 'GET /tasks/{taskId}/users'].map(entityOf),
    ).toEqual(['member', 'member', 'task', 'task']);
  });
});
