// Issue 16: the conflict policy is data, passed into `decide`; tested alone, without a run.
import { describe, expect, it } from 'vitest';
import { CONFLICT_POLICY, type ConflictPolicy, decide } from '../../utils/sync/decisions';
import type { LinkSnapshot } from '../../utils/store/types';

const P = (name: string, active = true, customer: number | null = 7) => ({ name, customer, active });
const C = (name: string, active = true) => ({ name, active });
const linked = (s: LinkSnapshot) => ({ busy: s, tfso: s });
const policy = (over: Partial<ConflictPolicy>): ConflictPolicy => ({ ...CONFLICT_POLICY, ...over });

describe('the conflict policy (issue 16)', () => {
  it('the product’s: 24SO wins; customers are put back in Busy (R4); Busy changes go to 24SO where its API takes them', () => {
    expect(CONFLICT_POLICY).toEqual({
      bothChanged: 'tfso',
      restoredInBusy: ['customer'],
      busyToTfso: { customer: [], project: ['name', 'customer', 'active'], workType: ['name'], task: ['name', 'assignees'] },
    });
    // as decide applies it: both changed → 24SO's value to Busy, the Busy value named
    expect(decide('project', linked(P('A')), P('B'), P('C'), CONFLICT_POLICY)).toMatchObject({
      toBusy: { name: 'C' },
      toTfso: {},
      conflicts: [{ field: 'name', busy: 'B', tfso: 'C', kept: 'tfso' }],
    });
    expect(decide('customer', linked(C('A')), C('X'), C('A'), CONFLICT_POLICY)).toMatchObject({
      toBusy: { name: 'A' },
      restored: [{ field: 'name', busy: 'X', tfso: 'A' }],
    });
  });

  it('decide follows the data: Busy wins where 24SO can take the field, and only there', () => {
    const busyWins = policy({ bothChanged: 'busy' });
    expect(decide('project', linked(P('A')), P('B'), P('C'), busyWins)).toEqual({
      action: 'update',
      toBusy: {},
      toTfso: { name: 'B' },
      conflicts: [{ field: 'name', busy: 'B', tfso: 'C', kept: 'busy' }],
      restored: [],
      accepted: [],
    });
    expect(decide('workType', linked(C('W')), C('W1'), C('W2'), busyWins)).toMatchObject({
      toBusy: {},
      toTfso: { name: 'W1' },
      conflicts: [{ field: 'name', kept: 'busy' }],
    });
    // a field 24SO does not take from Busy keeps 24SO's value whatever `bothChanged` says
    const namesStay = policy({ bothChanged: 'busy', busyToTfso: { ...CONFLICT_POLICY.busyToTfso, project: ['customer', 'active'] } });
    expect(decide('project', linked(P('A')), P('B'), P('C'), namesStay)).toMatchObject({
      toBusy: { name: 'C' },
      toTfso: {},
      conflicts: [{ field: 'name', kept: 'tfso' }],
    });
    // customers stay 24SO's as long as the policy restores them
    expect(decide('customer', linked(C('A')), C('X'), C('Y'), busyWins)).toMatchObject({ toBusy: { name: 'Y' }, toTfso: {} });
  });

  it('without restoring, a customer edited in Busy keeps its edit (accepted, no write either way)', () => {
    const d = decide('customer', linked(C('A')), C('X'), C('A'), policy({ restoredInBusy: [] }));
    expect(d).toMatchObject({ toBusy: {}, toTfso: {}, restored: [], accepted: ['name'] });
  });

  it('a field 24SO does not take from Busy stays a Busy-only divergence', () => {
    const noProjectNames = policy({ busyToTfso: { ...CONFLICT_POLICY.busyToTfso, project: ['customer', 'active'] } });
    expect(decide('project', linked(P('A')), P('B'), P('A'), noProjectNames)).toMatchObject({ toBusy: {}, toTfso: {}, accepted: ['name'] });
    expect(decide('project', linked(P('A')), P('B'), P('A'))).toMatchObject({ toTfso: { name: 'B' }, accepted: [] });
  });
});
