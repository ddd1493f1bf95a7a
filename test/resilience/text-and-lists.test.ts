import { describe, expect, it } from 'vitest';
import { startWorld, tfsoData } from '../sync/harness';
import { interruptSeed, snapshot } from '../sync/interrupt';
import { startHoursWorld } from '../hours/harness';
import { markerOf, withoutMarker } from '../../utils/hours/marker';
import { masterProblems } from './bad-input';

// Issue 5, bad input: text that breaks naive XML/JSON handling round-trips unchanged, and answers
// that are well-formed but wrong (an empty list where there were records, a wrong type, a missing
// field) stop the run instead of being believed.

const NASTY = `Fjærøy & Åsen <AS> "sitat" 'apostrof' 🚀👩🏽‍💻 ]]> &amp; <![CDATA[x]]>`;
/** Within Busy's 50-character client names (longer ones are cut to fit, by design). */
const SHORT = `Fjærøy & Åsen <AS> "q" 'a' 🚀👩🏽‍💻 ]]>`;

describe('text round-trips through both systems unchanged', () => {
  it('a project name made in Busy goes to 24SO and comes back unchanged; a customer name goes from 24SO to Busy unchanged', async () => {
    const seed = interruptSeed();
    const busyOnly = seed.busy.projects.find((p) => p.externalId === null)!;
    busyOnly.name = `Prosjekt ${NASTY}`;
    seed.tfso.companies[0]!.name = `Kunde ${SHORT}`;
    const w = await startWorld(seed);
    try {
      expect((await w.sync('full')).ok).toBe(true);
      const d = tfsoData(w);
      const inTfso = d.projects.filter((p) => p.name === busyOnly.name);
      expect(inTfso, 'the Busy project, by name, in 24SO').toHaveLength(1);
      expect(w.busy.state.projects.get(busyOnly.id)!.externalId).toBe(String(inTfso[0]!.id));
      const client = [...w.busy.state.clients.values()].find((c) => c.externalId === String(seed.tfso.companies[0]!.id));
      expect(client?.name).toBe(`Kunde ${SHORT}`);
      // Back: the next run reads both names from both sides and finds nothing to change.
      w.busy.resetCounts();
      w.tfso.resetCounts();
      const again = await w.sync('full');
      expect(again.ok).toBe(true);
      expect(w.busy.counts()['PATCH /projects/{projectId}'] ?? 0, 'a mangled name would be "corrected" back').toBe(0);
      expect(w.busy.counts()['PATCH /clients/{clientId}'] ?? 0).toBe(0);
      expect(w.tfso.counts()['SaveProject'] ?? 0).toBe(0);
      expect(w.busy.state.projects.get(busyOnly.id)!.name).toBe(`Prosjekt ${NASTY}`);
      expect(tfsoData(w).projects.find((p) => p.id === inTfso[0]!.id)!.name).toBe(`Prosjekt ${NASTY}`);
    } finally {
      await w.close();
    }
  });

  it('an hour description goes from Busy to 24SO unchanged (but for the marker)', async () => {
    const w = await startHoursWorld('demo');
    try {
      expect((await w.transfer('on-approval')).error).toBeUndefined();
      const entry = [...w.busy.state.hourEntries.values()].find(
        (e) =>
          e.isActive &&
          e.approvalStatus === 'submitted' &&
          e.externalId === null &&
          w.busy.state.projects.get(e.projectId ?? '')?.externalId,
      )!;
      w.edit(entry.id, { description: `Møte ${NASTY}` });
      w.approve([entry.id]);
      const r = await w.transfer('on-approval');
      expect(r.error).toBeUndefined();
      const sent = w.tfsoHours().filter((h) => markerOf(h.description) === entry.id);
      expect(sent).toHaveLength(1);
      expect(withoutMarker(sent[0]!.description)).toBe(`Møte ${NASTY}`);
    } finally {
      await w.close();
    }
  });
});

describe('well-formed but wrong answers are not believed', () => {
  it('24SO suddenly listing no projects (they were there): the run stops on the mass-disappearance guard, archives nothing, and once the list is back the next run is clean', async () => {
    const w = await startWorld(interruptSeed());
    try {
      expect((await w.sync('full')).ok).toBe(true);
      const reference = snapshot(w);
      const d = tfsoData(w);
      const kept = d.projects;
      d.projects = [];
      w.busy.resetCounts();
      const r = await w.sync('full');
      expect(r.ok).toBe(false);
      expect(r.error?.code).toBe('mass_disappearance');
      expect(w.busy.counts()['PATCH /projects/{projectId}'] ?? 0, 'no project archived').toBe(0);
      d.projects = kept;
      expect((await w.sync('full')).ok).toBe(true);
      expect(snapshot(w)).toEqual(reference);
      expect(await masterProblems(w)).toEqual([]);
    } finally {
      await w.close();
    }
  });

  it('Busy suddenly listing no work types (tags): nothing is created twice in 24SO nor archived, and the state stays consistent', async () => {
    const w = await startWorld(interruptSeed());
    try {
      expect((await w.sync('full')).ok).toBe(true);
      const reference = snapshot(w);
      const tags = new Map(w.busy.state.tags);
      w.busy.state.tags.clear();
      w.tfso.resetCounts();
      const r = await w.sync('full');
      expect(w.tfso.counts()['SaveWorkType'] ?? 0, 'no 24SO work type created or archived').toBe(0);
      if (r.ok) expect(w.busy.counts()['POST /tags'] ?? 0, 'a silent re-create would duplicate').toBe(0);
      for (const [k, v] of tags) w.busy.state.tags.set(k, v);
      expect((await w.sync('full')).ok).toBe(true);
      expect(snapshot(w)).toEqual(reference);
      expect(await masterProblems(w)).toEqual([]);
    } finally {
      await w.close();
    }
  });

  it.each([
    [
      'a wrong type (a project name that is a number)',
      (p: Record<string, unknown>) => {
        p.name = 42;
      },
    ],
    [
      'a missing field (no updatedAt)',
      (p: Record<string, unknown>) => {
        delete p.updatedAt;
      },
    ],
  ])('Busy answering %s: the run stops naming GET /projects, writes nothing, and the next healthy run is clean', async (_what, spoil) => {
    const w = await startWorld(interruptSeed());
    try {
      expect((await w.sync('full')).ok).toBe(true);
      const reference = snapshot(w);
      const p = [...w.busy.state.projects.values()].find((x) => x.externalId !== null)!;
      const original = { ...p };
      spoil(p as unknown as Record<string, unknown>);
      w.busy.resetCounts();
      w.tfso.resetCounts();
      const r = await w.sync('full');
      expect(r.ok).toBe(false);
      expect(r.error?.code).toBe('bad_response');
      expect(`${r.error?.message} ${r.error?.substitutions.join(' ')}`).toContain('GET /projects');
      const writes = Object.keys({ ...w.busy.counts(), ...w.tfso.counts() }).filter((op) => !/^(GET |Get|Login|HasSession)/.test(op));
      expect(writes).toEqual([]);
      Object.assign(p, original);
      expect((await w.sync('full')).ok).toBe(true);
      expect(snapshot(w)).toEqual(reference);
    } finally {
      await w.close();
    }
  });
});
