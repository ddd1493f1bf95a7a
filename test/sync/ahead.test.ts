// readAhead (utils/sync/ahead.ts): the per-project phases read ahead, but hand results over in
// order, never with more than `depth` reads in flight, and a failed read surfaces in its turn.
import { describe, expect, it } from 'vitest';
import { readAhead } from '../../utils/sync/ahead';

const tick = () => new Promise((r) => setTimeout(r, 1));

describe('readAhead', () => {
  it('yields every item in order with its own result, never more than depth reads in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const read = async (n: number) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, (7 - n) % 4)); // later items may finish first
      inFlight--;
      return n * 10;
    };
    const got: [number, number][] = [];
    for await (const x of readAhead([1, 2, 3, 4, 5, 6, 7, 8, 9], read, 3)) {
      got.push(x);
      await tick();
    }
    expect(got).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => [n, n * 10]));
    expect(most).toBe(3);
  });

  it('a failed read throws when its item comes up, after the items before it were handed over', async () => {
    const seen: number[] = [];
    const read = async (n: number) => {
      if (n === 3) throw new Error('read 3 failed');
      return n;
    };
    const run = async () => {
      for await (const [n] of readAhead([1, 2, 3, 4, 5], read, 4)) {
        seen.push(n);
        await tick();
      }
    };
    await expect(run()).rejects.toThrow('read 3 failed');
    expect(seen).toEqual([1, 2]);
  });

  it('starts no read beyond depth items ahead of the one being handled', async () => {
    const started: number[] = [];
    const read = async (n: number) => {
      started.push(n);
      return n;
    };
    const it = readAhead([1, 2, 3, 4, 5, 6], read, 2);
    await it.next();
    expect(started).toEqual([1, 2]);
    await it.return(undefined);
    expect(started).toEqual([1, 2]);
  });
});
