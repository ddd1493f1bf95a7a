// Fault injection at every step of a send, each followed by a retry: never a duplicate, never a
// missing hour (R22).
import { afterEach, describe, expect, it } from 'vitest';
import type { FaultKind } from '../sim/faults';
import type { SyncStore } from '../../utils/store/types';
import { startHoursWorld, type HoursWorld } from './harness';
import { sendable } from './fixtures';

let w: HoursWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

const hoursOf = (x: HoursWorld, busyId: string) => x.tfsoHours().filter((h) => h.description.endsWith(`[Busy ${busyId}]`));

/** Every given entry is in 24SO exactly once and marked in Busy with that hour's id. */
function exactlyOnce(x: HoursWorld, ids: string[]) {
  for (const id of ids) {
    const hs = hoursOf(x, id);
    expect(hs, `entry ${id}`).toHaveLength(1);
    expect(x.entry(id).externalId).toBe(String(hs[0]!.id));
  }
}

async function ready(): Promise<{ w: HoursWorld; ids: string[] }> {
  const x = await startHoursWorld();
  await x.transfer();
  const es = sendable(x, 3);
  x.approve(es.map((e) => e.id));
  return { w: x, ids: es.map((e) => e.id) };
}

describe('faults on SaveHour', () => {
  for (const kind of ['http500', 'lostAnswer', 'truncated', 'malformed', 'soapFault'] as FaultKind[]) {
    it(`SaveHour ${kind} on the first send, then a retry: each entry in 24SO exactly once`, async () => {
      const r = await ready();
      w = r.w;
      w.tfso.faults.add({ op: 'SaveHour', kind, count: 1, message: 'Midlertidig feil' });
      const first = await w.transfer();
      expect(first.error).toBeUndefined();
      expect(first.skipped.length).toBeGreaterThanOrEqual(1);
      const second = await w.transfer();
      expect(second.error).toBeUndefined();
      const sentIds = [...first.sent, ...second.sent, ...second.recovered].map((s) => s.busyEntryId);
      expect(new Set(sentIds).size).toBe(sentIds.length);
      exactlyOnce(w, r.ids);
      if (kind === 'lostAnswer' || kind === 'truncated' || kind === 'malformed')
        expect(second.recovered).toHaveLength(1); // committed, answer lost: found by the marker
      else expect(second.recovered).toHaveLength(0);
    });
  }
});

describe('faults after SaveHour', () => {
  it('PATCH /hourEntries/{id} (Busy marker) fails: the hour is not sent again; the marker is written on the retry', async () => {
    const r = await ready();
    w = r.w;
    w.busy.faults.add({ op: 'PATCH /hourEntries/{hourEntryId}', kind: 'http500', count: 2 });
    const first = await w.transfer();
    expect(first.sent).toHaveLength(3);
    expect(r.ids.filter((id) => w!.entry(id).externalId === null)).toHaveLength(2);
    const mine = async () => (await w!.store.hours.unsettled()).filter((x) => r.ids.includes(x.busyEntryId));
    expect((await mine()).map((x) => x.state)).toEqual(['unmarked', 'unmarked']);
    const second = await w.transfer();
    expect(second.sent).toEqual([]);
    exactlyOnce(w, r.ids);
    expect(await mine()).toEqual([]);
  });

  it('the worker stops between SaveHour and the ledger write: the retry finds the hour by its marker and records it', async () => {
    const r = await ready();
    w = r.w;
    let armed = true;
    const real = w.store;
    const dying: SyncStore = {
      ...real,
      hours: {
        ...real.hours,
        put: async (rec, log) => {
          if (armed && rec.state === 'unmarked') {
            armed = false;
            throw new Error('worker stopped');
          }
          return real.hours.put(rec, log);
        },
      },
    };
    const first = await w.transfer('on-approval', { deps: { ...w.deps, store: dying } });
    expect(first.error).toBeUndefined();
    expect((await real.hours.unsettled()).map((x) => x.state)).toContain('pending');
    const second = await w.transfer();
    expect(second.sent).toEqual([]);
    expect(second.recovered).toHaveLength(1);
    exactlyOnce(w, r.ids);
    expect((await real.transferLog.all()).filter((l) => l.op === 'recover')).toHaveLength(1);
  });

  it('the session dies mid-pass: the pass stops cleanly and the next one finishes without duplicates', async () => {
    const r = await ready();
    w = r.w;
    w.tfso.faults.add({ op: 'SaveHour', kind: 'unauthorized', count: 1 });
    const first = await w.transfer();
    expect(first.error?.code).toBe('session_missing');
    const second = await w.transfer();
    expect(second.error).toBeUndefined();
    exactlyOnce(w, r.ids);
  });

  it('DeleteHour lost answer: the hour is gone once and the retry does not fail', async () => {
    const r = await ready();
    w = r.w;
    await w.transfer();
    w.edit(r.ids[0]!, { isActive: false });
    w.tfso.faults.add({ op: 'DeleteHour', kind: 'lostAnswer', count: 1 });
    const first = await w.transfer();
    expect(first.deleted).toEqual([]);
    const second = await w.transfer();
    expect(second.deleted.map((d) => d.busyEntryId)).toEqual([r.ids[0]]);
    expect(hoursOf(w, r.ids[0]!)).toEqual([]);
    exactlyOnce(w, r.ids.slice(1));
  });
});
