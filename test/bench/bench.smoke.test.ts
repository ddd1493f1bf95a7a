// Keeps `npm run bench` working: the quick mode (two small sizes, sims in a child process, no
// extension build) runs end to end and its JSON has every measurement the README table is made of,
// including issue 15's schedules (idle request rate, latency table) and the import at a delay.
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
    // Issue 15: the schedules on the simulated clock (quick: the largest size only). The idle hour
    // of all schedules costs 24SO less than 5 % of its 7,200/h at 200 projects.
    expect(r.sizes[0]!.schedules).toBeUndefined();
    const sc = r.sizes[1]!.schedules!;
    expect(sc.idle).toMatchObject({
      push: { runs: 60, failed: 0 },
      poll: { runs: 60, failed: 0 },
      hourly: { runs: 1, failed: 0 },
      daily: { runs: 1, failed: 0 },
      goalShare: 0.05,
    });
    expect(sc.idle.inUse).toBeGreaterThan(0); // hours were logged: the push probes projects in use
    expect(sc.idle.perHour.tfso).toBe(sc.idle.push.tfso + sc.idle.poll.tfso + sc.idle.hourly.tfso + sc.idle.daily.tfso / 24);
    expect(sc.idle.tfsoShareOfLimit).toBeLessThanOrEqual(0.05);
    // The latency table: every kind and direction with a promise had its edit made and seen within
    // it, in one timeline from 01:00 (so the daily run at 02:17 is in it); Busy → 24SO customers: never (R4).
    const l = sc.latency!;
    expect(l).toMatchObject({ allSeen: true, failures: [] });
    expect(l.rows).toHaveLength(18);
    for (const row of l.rows) {
      if (!row.promise) {
        expect(row).toMatchObject({ kind: 'customer', direction: 'busy→tfso', edits: 0, pass: null });
        continue;
      }
      expect(row, `${row.direction} ${row.kind} ${row.where}`).toMatchObject({ edits: 1, seen: 1, missed: 0, pass: true });
      expect(row.worstMin!).toBeLessThanOrEqual(row.promise.minutes + 1);
    }
    const by = (dir: string, kind: string, where: string | null) =>
      l.rows.find((x) => x.direction === dir && x.kind === kind && x.where === where)!;
    expect(by('busy→tfso', 'project', null).deliveredBy).toEqual({ push: 1 }); // R9
    expect(by('busy→tfso', 'task', 'in use').deliveredBy).toEqual({ push: 1 });
    expect(by('tfso→busy', 'member', null).deliveredBy).toEqual({ hourly: 1 }); // R7
    expect(by('busy→tfso', 'assignee', 'not in use').deliveredBy).toEqual({ daily: 1 }); // Busy moves no stamp
    expect(r.goals.filter((g) => g.goal.startsWith('latency large:4')).map((g) => g.pass)).toEqual(Array(17).fill(true));
    expect(r.goals.some((g) => g.goal.startsWith('idle incremental'))).toBe(false);
    // The import with a delay on every request, against its floor replayed at the same delay.
    expect(r.delay).toMatchObject({
      n: 2,
      delayMs: 5,
      floor: { sequential: { statusMismatches: 0 }, overlapped: { statusMismatches: 0 } },
    });
    expect(r.delay!.floor.requests).toBe(r.delay!.import.requests.total);
    expect(r.delay!.floor.sequential.ms).toBeGreaterThan(5 * r.delay!.floor.requests); // the delay is really waited
    if (hours.measured) expect(hours.tfsoRequestsPerHourSent).toBe(hours.requests.tfso / hours.sent);
    expect(r.goals.filter((g) => /24SO requests per hour sent|ms on every request/.test(g.goal))).toHaveLength(hours.measured ? 2 : 1);
    expect(r.goals.length).toBeGreaterThanOrEqual(15);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  }, 120_000);

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

  it('issue 15 options: --no-schedules, --no-latency, --latency-edits, --latency-max-hours, --no-delay, --delay-ms, --delay-size; --quick keeps them small', () => {
    expect(parseArgs([])).toMatchObject({
      schedules: true,
      latency: true,
      latencyEdits: 6,
      latencyMaxHours: 26,
      latencyStartHour: null,
      delay: true,
      delayMs: 80,
      delaySize: null,
    });
    expect(
      parseArgs([
        '--no-schedules',
        '--no-latency',
        '--latency-edits',
        '3',
        '--latency-max-hours',
        '30',
        '--no-delay',
        '--delay-ms',
        '40',
        '--delay-size',
        '10',
      ]),
    ).toMatchObject({ schedules: false, latency: false, latencyEdits: 3, latencyMaxHours: 30, delay: false, delayMs: 40, delaySize: 10 });
    expect(parseArgs(['--quick'])).toMatchObject({ latencyEdits: 1, latencyStartHour: 1, delayMs: 5 });
    expect(parseArgs(['--quick', '--delay-ms', '80']).delayMs).toBe(80);
    expect(() => parseArgs(['--delay-ms', '70000'])).toThrow(/60,000/);
    expect(() => parseArgs(['--latency-edits', '0'])).toThrow(/integer ≥ 1/);
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
