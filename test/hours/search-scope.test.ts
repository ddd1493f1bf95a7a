// Issue 15, R22: the hour transfer's marker searches, per person and period once 24SO has shown
// that HourSearch.ProjectId 0 means "every project" (capability tfso.hourSearchAnyProject, learnt
// at run time), per person and project until then and on a server that reads it literally.
import { afterEach, describe, expect, it } from 'vitest';
import { Capabilities } from '../../utils/capabilities/handle';
import { markerOfHour } from '../../utils/hours/marker';
import { startHoursWorld, type HoursWorld } from './harness';

let w: HoursWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

async function configure(x: HoursWorld, patch: Record<string, unknown>) {
  const r = await fetch(`http://127.0.0.1:${x.tfso.port}/_sim/config`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(patch),
  });
  expect(r.status).toBe(200);
}

const submitted = (x: HoursWorld) =>
  [...x.busy.state.hourEntries.values()].filter((e) => e.isActive && e.approvalStatus === 'submitted').map((e) => e.id);
const twice = (x: HoursWorld) => {
  const seen = new Map<string, number>();
  for (const h of x.tfsoHours()) {
    const m = markerOfHour(h);
    if (m) seen.set(m, (seen.get(m) ?? 0) + 1);
  }
  return [...seen].filter(([, n]) => n > 1);
};

describe('issue 15: marker searches per person and period', () => {
  it("R22: the first send shows 24SO finds a person's hours on every project with ProjectId 0; from then on one search per person and period, never per project and day", async () => {
    w = await startHoursWorld('demo');
    const caps = await Capabilities.load(w.store);
    const deps = { ...w.deps, capabilities: caps };
    const ids = submitted(w);
    w.approve(ids.slice(0, 4));
    await w.transfer('on-approval', { deps });
    expect(caps.state('tfso.hourSearchAnyProject')).toBe('confirmed');
    expect((await Capabilities.load(w.store)).state('tfso.hourSearchAnyProject')).toBe('confirmed'); // kept
    w.approve(ids.slice(4));
    const sending = ids.slice(4).map((id) => w!.entry(id));
    const persons = new Set(sending.map((e) => e.userId)).size;
    w.tfso.resetCounts();
    const s = await w.transfer('on-approval', { deps });
    expect(s.error).toBeUndefined();
    expect(s.sent.length).toBeGreaterThan(persons);
    // one search before (per person and period) and one look-again after, per person
    expect(w.tfso.counts().GetHours).toBeLessThanOrEqual(2 * persons);
    expect(twice(w)).toEqual([]);
  });

  it('R22: a first pass that does not know yet sends one hour alone, learns from it, and searches for the rest per person, not per person and project', async () => {
    w = await startHoursWorld('demo');
    const caps = await Capabilities.load(w.store);
    const deps = { ...w.deps, capabilities: caps };
    const ids = submitted(w);
    w.approve(ids);
    w.tfso.resetCounts();
    const s = await w.transfer('on-approval', { deps });
    expect(s.error).toBeUndefined();
    for (const id of ids) expect(s.sent.map((x) => x.busyEntryId)).toContain(id);
    expect(caps.state('tfso.hourSearchAnyProject')).toBe('confirmed');
    const sent = s.sent.map((x) => w!.entry(x.busyEntryId));
    const persons = new Set(sent.map((e) => e.userId)).size;
    const groups = new Set(sent.map((e) => `${e.userId}|${e.projectId}`)).size;
    // Per person and project (searched before, looked at again after) would cost more than the bound.
    expect(2 * groups).toBeGreaterThan(2 * persons + 2);
    // the first hour's own search and the question asked with it; then per person, before and after
    expect(w.tfso.counts().GetHours).toBeLessThanOrEqual(2 * persons + 2);
    expect(twice(w)).toEqual([]);
  });

  it('R22: a 24SO that reads ProjectId 0 literally: the capability is absent after the first send, searches stay per project, nothing is sent twice', async () => {
    w = await startHoursWorld('demo');
    await configure(w, { hourSearchAnyProject: false });
    const caps = await Capabilities.load(w.store);
    const deps = { ...w.deps, capabilities: caps };
    const ids = submitted(w);
    w.approve(ids.slice(0, 4));
    await w.transfer('on-approval', { deps });
    expect(caps.state('tfso.hourSearchAnyProject')).toBe('absent');
    w.approve(ids.slice(4));
    // A send whose answer is lost: only a search per project can find it again.
    w.tfso.faults.add({ op: 'SaveHour', kind: 'lostAnswer', count: 1 });
    await w.transfer('on-approval', { deps });
    const again = await w.transfer('on-approval', { deps });
    expect(again.error).toBeUndefined();
    expect(twice(w)).toEqual([]);
    for (const id of ids) expect(w.tfsoHours().filter((h) => markerOfHour(h) === id).length, id).toBeLessThanOrEqual(1);
  });
});
