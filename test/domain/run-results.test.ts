import { describe, expect, it } from 'vitest';
import { kindResults, newestFinished } from '../../utils/domain/run-results';
import type { RunRecord } from '../../utils/store/types';

// Issue 17: "Fetch customers: 13 created" was the whole run's total on every row. Each kind now
// shows its own counts, from the newest successful run that covered it.

const run = (id: string, trigger: string, finishedAt: string | undefined, counts: Record<string, number>, ok = true): RunRecord => ({
  id,
  trigger,
  startedAt: finishedAt ?? '2026-11-20T09:00:00.000Z',
  finishedAt,
  ok,
  counts,
});

describe('per-kind results', () => {
  it('each kind its own counts (both sides added), from the run that covered it', () => {
    const results = kindResults([
      run('a', 'projects', '2026-11-20T09:14:00.000Z', {
        'customer.busy.created': 2,
        'customer.busy.updated': 1,
        'project.busy.created': 10,
        'project.tfso.created': 3,
        'project.busy.archived': 1,
        'requests.busy': 40,
      }),
      run('b', 'customers', '2026-11-20T08:00:00.000Z', { 'customer.busy.created': 13 }),
    ]);
    expect(results.find((r) => r.kind === 'customer')).toEqual({
      kind: 'customer',
      at: '2026-11-20T09:14:00.000Z',
      changedAt: '2026-11-20T09:14:00.000Z',
      created: 2,
      updated: 1,
      archived: 0,
    });
    expect(results.find((r) => r.kind === 'project')).toMatchObject({ created: 13, updated: 0, archived: 1 });
    expect(results.find((r) => r.kind === 'workType')).toEqual({
      kind: 'workType',
      at: '2026-11-20T09:14:00.000Z',
      changedAt: null,
      created: 0,
      updated: 0,
      archived: 0,
    });
  });

  it('the minute\'s push that found nothing does not hide what a fetch did; "fetch customers" says nothing of projects', () => {
    const results = kindResults([
      run('fetch', 'projects', '2026-11-20T09:14:00.000Z', { 'project.busy.created': 4 }),
      run('push', 'push', '2026-11-20T09:15:00.000Z', {}),
      run('cust', 'customers', '2026-11-20T09:16:00.000Z', { 'customer.busy.updated': 1 }),
    ]);
    expect(results.find((r) => r.kind === 'project')).toMatchObject({
      at: '2026-11-20T09:15:00.000Z',
      changedAt: '2026-11-20T09:14:00.000Z',
      created: 4,
    });
    expect(results.find((r) => r.kind === 'customer')).toMatchObject({ at: '2026-11-20T09:16:00.000Z', updated: 1 });
  });

  it('failed and running runs are not results; a kind never fetched says so', () => {
    const results = kindResults([
      run('f', 'projects', '2026-11-20T10:00:00.000Z', { 'project.busy.created': 9 }, false),
      run('r', 'full', undefined, { 'project.busy.created': 9 }),
    ]);
    expect(results.every((r) => r.at === null && r.changedAt === null)).toBe(true);
    expect(newestFinished([run('f', 'projects', '2026-11-20T10:00:00.000Z', {}, false), run('r', 'full', undefined, {})])?.id).toBe('f');
  });
});
