// Interrupting a full run at each of its writes to 24SO: the write fails (http500), or it is
// done but the answer is lost (lostAnswer). Running again must end where an uninterrupted run
// ends, with no duplicate on either side (R11).
import { beforeAll, describe, expect, it } from 'vitest';
import { callsToHit, interruptAt, reference, type Reference } from './interrupt';

let ref: Reference;
beforeAll(async () => {
  ref = await reference();
});

describe('a full run interrupted at each write to 24SO', () => {
  it('the reference run writes to 24SO through several operations', () => {
    expect(ref.tfsoWrites.length).toBeGreaterThan(2);
  });
  for (const kind of ['http500', 'lostAnswer'] as const) {
    it(`R11: ${kind} at every call of every 24SO write, then further runs → the uninterrupted end state, no duplicate`, async () => {
      for (const [op, calls] of ref.tfsoWrites) for (const nth of callsToHit(calls)) await interruptAt(ref, 'tfso', op, kind, nth);
    });
  }
});
