// The decision table as a pure function: every row, once.
import { describe, expect, it } from 'vitest';
import { decide, FIELD_TABLE, mergeIds, PRESENCE_TABLE } from '../../utils/sync/decisions';

const P = (name: string, active = true, customer: number | null = 7) => ({ name, customer, active });
const link = (busy: object, tfso: object) => ({ busy: busy as Record<string, unknown>, tfso: tfso as Record<string, unknown> });

describe('decision table', () => {
  it('covers every presence combination exactly once', () => {
    const keys = PRESENCE_TABLE.map((r) => `${r.link}/${r.busy}/${r.tfso}`);
    expect(new Set(keys).size).toBe(8);
    expect(keys).toHaveLength(8);
  });

  it('no link: only in 24SO → create in Busy; only in Busy → create in 24SO, except customers → warning (R4)', () => {
    expect(decide('project', undefined, null, P('A')).action).toBe('createBusy');
    expect(decide('project', undefined, P('A'), null).action).toBe('createTfso');
    expect(decide('workType', undefined, { name: 'W', active: true }, null).action).toBe('createTfso');
    expect(decide('task', undefined, { name: 'T', project: 1, assignees: [] }, null).action).toBe('createTfso');
    expect(decide('customer', undefined, { name: 'C', active: true }, null).action).toBe('warnBusyOnly');
  });

  it('linked: gone from 24SO → archive in Busy (not again when archived); gone from Busy → drop the link', () => {
    expect(decide('project', link(P('A'), P('A')), P('A'), null).action).toBe('archiveBusy');
    expect(decide('project', link(P('A'), P('A')), P('A', false), null).action).toBe('none');
    expect(decide('project', link(P('A'), P('A')), null, P('A')).action).toBe('dropLink');
  });

  it('per field: only 24SO changed → Busy; only Busy changed → 24SO; both → 24SO wins with a conflict', () => {
    const l = link(P('A'), P('A'));
    expect(decide('project', l, P('A'), P('B'))).toMatchObject({ toBusy: { name: 'B' }, toTfso: {}, conflicts: [] });
    expect(decide('project', l, P('B'), P('A'))).toMatchObject({ toBusy: {}, toTfso: { name: 'B' }, conflicts: [] });
    expect(decide('project', l, P('B'), P('C'))).toMatchObject({
      toBusy: { name: 'C' },
      toTfso: {},
      conflicts: [{ field: 'name', busy: 'B', tfso: 'C' }],
    });
    expect(decide('project', l, P('B'), P('B'))).toMatchObject({ toBusy: {}, toTfso: {}, conflicts: [] });
    // different fields on each side: both kept
    expect(decide('project', l, P('B'), P('A', false))).toMatchObject({ toBusy: { active: false }, toTfso: { name: 'B' } });
  });

  it('customers edited in Busy are put back (R4); a Busy-only change 24SO cannot take is accepted', () => {
    const c = { name: 'C', active: true };
    expect(decide('customer', link(c, c), { name: 'X', active: true }, c)).toMatchObject({
      toBusy: { name: 'C' },
      toTfso: {},
      restored: [{ field: 'name', busy: 'X' }],
    });
    const wt = { name: 'W', active: true };
    expect(decide('workType', link(wt, wt), { name: 'W', active: false }, wt)).toMatchObject({
      toBusy: {},
      toTfso: {},
      accepted: ['active'],
    });
    // … and stays accepted afterwards: no write back and forth
    expect(decide('workType', link({ name: 'W', active: false }, wt), { name: 'W', active: false }, wt)).toMatchObject({
      toBusy: {},
      toTfso: {},
      accepted: [],
    });
  });

  it('adopted (no history): 24SO values win without a conflict warning', () => {
    expect(decide('project', undefined, P('Busy'), P('24SO'))).toMatchObject({ toBusy: { name: '24SO' }, toTfso: {}, conflicts: [] });
    expect(decide('project', link({}, {}), P('Busy'), P('24SO'))).toMatchObject({ toBusy: { name: '24SO' }, toTfso: {}, conflicts: [] });
  });

  it('list fields merge per element; the two sides cannot contradict each other', () => {
    expect(mergeIds([1, 2], [1, 2, 3], [2])).toEqual([2, 3]); // Busy added 3, 24SO removed 1
    expect(mergeIds([], [4], [5])).toEqual([4, 5]); // first time: the union
    const t = (a: number[]) => ({ name: 'T', project: 1, assignees: a });
    expect(decide('task', link(t([1]), t([1])), t([1, 2]), t([]))).toMatchObject({
      toBusy: { assignees: [2] },
      toTfso: { assignees: [2] },
    });
  });

  it('the field table has one row per situation', () => {
    for (const busyChanged of [true, false])
      for (const tfsoChanged of [true, false]) {
        const rows = FIELD_TABLE.filter((r) => !r.equal && r.busyChanged === busyChanged && r.tfsoChanged === tfsoChanged);
        expect(rows).toHaveLength(1);
      }
  });
});
