// Matching records typed in by hand on both sides (utils/sync/matching.ts): the name normaliser,
// the matcher on its own, and the first full sync of the `overlap` company over both simulators.
import { afterEach, describe, expect, it } from 'vitest';
import { OVERLAP_EXPECTED, overlapSeed } from '../sim/seeds/overlap';
import { matchRecords, normaliseName, normaliseOrgNumber, similarNames } from '../../utils/sync/matching';
import { busyClients, busyProjects, busyTags, busyTasks, countBy } from './checks';
import { fails, startWorld, tfsoData, type World } from './harness';

let w: World | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

describe('name normaliser', () => {
  it('ignores case, spacing, punctuation and Unicode form; "&" = "og"', () => {
    expect(normaliseName('  Ny   NETTBUTIKK ')).toBe('ny nettbutikk');
    expect(normaliseName('Intern: Salg og tilbud')).toBe(normaliseName('Intern - salg og tilbud'));
    expect(normaliseName('Berg & Sønner <Bygg> AS')).toBe(normaliseName('Berg og Sønner Bygg AS'));
    expect(normaliseName('Ørjan Bø'.normalize('NFD'))).toBe(normaliseName('ørjan bø'));
  });

  it('drops a trailing company form for customers only (AS, ASA, A/S, SA, ANS, DA, ENK …)', () => {
    for (const [a, b] of [
      ['Østlandske Kraft ASA', 'Østlandske Kraft'],
      ['Hvaler Marina A/S', 'Hvaler Marina AS'],
      ['Nøkken Barnehage SA', 'nøkken barnehage'],
      ['Hansen & Co ANS', 'Hansen og Co'],
      ['Rørlegger Dahl ENK', 'rørlegger dahl'],
      ['Fjord DA', 'Fjord'],
    ]) {
      expect(normaliseName(a!, { companyForm: true }), `${a} = ${b}`).toBe(normaliseName(b!, { companyForm: true }));
    }
    expect(normaliseName('AS', { companyForm: true }), 'a name that is only a form keeps it').toBe('as');
    expect(normaliseName('Ny nettbutikk AS'), 'not for projects').toBe('ny nettbutikk as');
  });

  it('keeps look-alikes apart: an extra word, other digits, æ/ø/å are letters', () => {
    expect(normaliseName('Nordlys AS', { companyForm: true })).not.toBe(normaliseName('Nordlys Eiendom AS', { companyForm: true }));
    expect(similarNames(normaliseName('Nettside 2024'), normaliseName('Nettside 2025'))).toBe(false);
    expect(similarNames(normaliseName('Suport'), normaliseName('Support'))).toBe(true);
    expect(similarNames(normaliseName('Reise'), normaliseName('Reisetid'))).toBe(false);
    expect(normaliseName('Bø')).not.toBe(normaliseName('Bo'));
  });

  it('organisation numbers compare by their digits', () => {
    expect(normaliseOrgNumber('NO 987 654 321 MVA')).toBe('987654321');
    expect(normaliseOrgNumber('987654321')).toBe('987654321');
    expect(normaliseOrgNumber('12')).toBeNull();
    expect(normaliseOrgNumber(null)).toBeNull();
  });
});

describe('matcher', () => {
  it('one clear counterpart is linked; the same name with another organisation number is not', () => {
    const r = matchRecords(
      'customer',
      [
        { id: 'b1', name: 'Nordlys', orgNumber: null },
        { id: 'b2', name: 'Fjell AS', orgNumber: '911111111' },
        { id: 'b3', name: 'Nordlys Eiendom AS' },
      ],
      [
        { id: '1', name: 'Nordlys AS', orgNumber: '922222222' },
        { id: '2', name: 'Fjell AS', orgNumber: '933333333' },
        { id: '3', name: 'Havet AS', orgNumber: '911111111' },
      ],
    );
    expect(r.links).toEqual([
      { busyId: 'b2', tfsoId: '3', by: 'orgNumber' },
      { busyId: 'b1', tfsoId: '1', by: 'name' },
    ]);
    expect(r.open).toEqual([]);
  });

  it('several candidates → one decision; every record in it is held until answered', () => {
    const busy = [
      { id: 'b1', name: 'Nøkken barnehage' },
      { id: 'b2', name: 'Nøkken Barnehage SA' },
    ];
    const tfso = [{ id: '11', name: 'Nøkken Barnehage SA' }];
    const r = matchRecords('customer', busy, tfso);
    expect(r.links).toEqual([]);
    expect(r.open).toMatchObject([{ key: 'customer:tfso:11', reason: 'several', candidates: [{ id: 'b1' }, { id: 'b2' }] }]);
    expect([...r.heldBusy].sort()).toEqual(['b1', 'b2']);
    expect([...r.heldTfso]).toEqual(['11']);
    const picked = matchRecords('customer', busy, tfso, { 'customer:tfso:11': { pick: 'b2' } });
    expect(picked.links).toEqual([{ busyId: 'b2', tfsoId: '11', by: 'decision' }]);
    expect(picked.heldBusy.size + picked.heldTfso.size).toBe(0);
    const none = matchRecords('customer', busy, tfso, { 'customer:tfso:11': { createNew: true } });
    expect(none.links).toEqual([]);
    expect(none.heldBusy.size + none.heldTfso.size).toBe(0);
  });

  it('projects: number first, then name and customer; the same name for another customer is a weak match put to the admin', () => {
    const r = matchRecords(
      'project',
      [
        { id: 'b1', name: 'Anything', number: '101', customer: '5' },
        { id: 'b2', name: 'Portal', customer: '7' },
        { id: 'b3', name: 'Portal', customer: null },
      ],
      [
        { id: '101', name: 'Digital strategi', customer: '5' },
        { id: '111', name: 'portal ', customer: '7' },
        { id: '112', name: 'Drift', customer: null },
      ],
    );
    expect(r.links).toEqual([
      { busyId: 'b1', tfsoId: '101', by: 'number' },
      { busyId: 'b2', tfsoId: '111', by: 'name' },
    ]);
    expect(r.open, '111 is taken: b3 has no candidate left').toEqual([]);
    const weak = matchRecords('project', [{ id: 'b3', name: 'Portal', customer: null }], [{ id: '111', name: 'Portal', customer: '7' }]);
    expect(weak.open).toMatchObject([{ key: 'project:busy:b3', reason: 'weak', candidates: [{ id: '111', why: 'nameOtherCustomer' }] }]);
  });

  it('an answer naming a record that is no candidate is ignored (the decision stays open)', () => {
    const r = matchRecords(
      'workType',
      [{ id: 'b1', name: 'Suport' }],
      [
        { id: '7', name: 'Support' },
        { id: '8', name: 'Salg' },
      ],
      { 'workType:busy:b1': { pick: '8' } },
    );
    expect(r.links).toEqual([]);
    expect(r.open.map((d) => d.key)).toEqual(['workType:busy:b1']);
  });
});

/** Busy records per 24SO id (externalId), active or not. */
const perExternalId = <T extends { externalId: string | null }>(xs: T[]) => countBy(xs, (x) => x.externalId);

describe('first full sync of the overlap company (both simulators over HTTP)', () => {
  it("with the admin's answers given before the first run: exactly one Busy record per 24SO record and one 24SO record per Busy project, work type and task; look-alikes kept apart", async () => {
    w = await startWorld(overlapSeed());
    w.deps.decisions = OVERLAP_EXPECTED.decisions;
    const s = await w.sync('full');
    expect(fails(s)).toBe('');
    const d = tfsoData(w);
    // every hand-typed record linked to the right 24SO record, by externalId (and projects' number)
    for (const [bid, tid] of Object.entries(OVERLAP_EXPECTED.clients))
      expect(w.busy.state.clients.get(bid)!.externalId, `client ${bid}`).toBe(String(tid));
    for (const [bid, tid] of Object.entries(OVERLAP_EXPECTED.projects)) {
      const p = w.busy.state.projects.get(bid)!;
      expect([p.externalId, p.number], `project ${bid}`).toEqual([String(tid), String(tid)]);
    }
    for (const [bid, tid] of Object.entries(OVERLAP_EXPECTED.tags))
      expect(w.busy.state.tags.get(bid)!.externalId, `tag ${bid}`).toBe(String(tid));
    for (const [bid, tid] of Object.entries(OVERLAP_EXPECTED.tasks))
      expect(w.busy.state.tasks.get(bid)!.externalId, `task ${bid}`).toBe(String(tid));
    // and took 24SO's spelling
    expect(w.busy.state.clients.get('12003')!.name).toBe('Skagerak Logistikk AS');
    expect(w.busy.state.projects.get('13002')!.name).toBe('Ny nettbutikk');
    expect(w.busy.state.projects.get('13011')!.isActive, 'closed in 24SO → archived in Busy').toBe(false);

    // no 24SO record mirrored twice in Busy
    const twice = (m: Map<string, number>) => [...m].filter(([, n]) => n > 1).map(([k]) => k);
    expect(twice(perExternalId(busyClients(w)))).toEqual([]);
    expect(twice(perExternalId(busyProjects(w)))).toEqual([]);
    expect(twice(perExternalId(busyTags(w)))).toEqual([]);
    expect(twice(perExternalId(busyTasks(w)))).toEqual([]);
    // every 24SO record has its Busy record (companies, projects, active work types, assigned tasks)
    for (const c of d.companies) expect(perExternalId(busyClients(w)).get(String(c.id)), `company ${c.name}`).toBe(1);
    for (const p of d.projects) expect(perExternalId(busyProjects(w)).get(String(p.id)), `project ${p.name}`).toBe(1);
    for (const x of d.workTypes) expect(perExternalId(busyTags(w)).get(String(x.id)), `work type ${x.name}`).toBe(1);
    // every Busy project, work type and task has exactly one 24SO record (they flow Busy → 24SO)
    const ids = (xs: { id: number }[]) => new Set(xs.map((x) => String(x.id)));
    const tp = ids(d.projects),
      tw = ids(d.workTypes),
      tt = ids(d.tasks);
    for (const p of busyProjects(w)) expect(tp.has(p.externalId ?? ''), `Busy project ${p.name}`).toBe(true);
    for (const t of busyTags(w)) expect(tw.has(t.externalId ?? ''), `Busy tag ${t.name}`).toBe(true);
    for (const t of busyTasks(w).filter((x) => x.isActive)) expect(tt.has(t.externalId ?? ''), `Busy task ${t.name}`).toBe(true);
    expect(d.workTypes.map((x) => x.name).sort(), 'no second work type of any name').toEqual(
      [...new Set(d.workTypes.map((x) => x.name))].sort(),
    );

    // look-alikes kept apart
    expect(w.busy.state.clients.get('12009')!.externalId, 'Havbris Eiendom ≠ Havbris Sjømat').toBeNull();
    expect(w.busy.state.clients.get('12010')!.externalId, 'Bjørnstad, other organisation number').toBeNull();
    expect(
      busyClients(w)
        .filter((c) => c.externalId === '10014')
        .map((c) => c.id),
      'the real Bjørnstad got its own Busy client',
    ).not.toContain('12010');
    const p2026 = w.busy.state.projects.get('13012')!;
    expect(p2026.externalId).not.toBe('101');
    expect(d.projects.find((p) => String(p.id) === p2026.externalId)!.name).toBe('Digital strategi 2026');
    const other = w.busy.state.projects.get('13013')!;
    expect(other.externalId, 'Sikkerhetsrevisjon for another customer is its own 24SO project').not.toBe('105');
    expect(d.projects.find((p) => String(p.id) === other.externalId)!.customerId).not.toBe(10005);
    expect(w.busy.state.tags.get('14005')!.externalId, 'Reisetid ≠ Reise').not.toBe('4');
    expect(w.busy.state.tasks.get('15003')!.externalId, 'Betalingsintegrasjon ≠ … (Vipps & kort)').not.toBe('504');
    expect(s.openDecisions).toEqual([]);
    // the admin's answers
    expect(w.busy.state.clients.get('12012')!.externalId).toBe('10011');
    expect(w.busy.state.clients.get('12011')!.externalId, 'the other Nøkken stays a Busy-only client').toBeNull();
    expect(w.busy.state.projects.get('13014')!.externalId).toBe('111');
    expect(w.busy.state.tags.get('14007')!.name, "the typo takes 24SO's name").toBe('Support');
    expect((await w.store.warnings.open()).filter((x) => x.code === 'matchDecision')).toEqual([]);

    const s2 = await w.sync('full');
    expect(fails(s2)).toBe('');
    const writes = Object.values(s2.counts).reduce(
      (n, k) => n + k.busy.created + k.tfso.created + k.busy.archived + k.busy.updated + k.tfso.updated,
      0,
    );
    expect(writes, 'a second full run has nothing left to do').toBe(0);
  }, 20_000);

  it('without answers: records with an open decision are neither linked nor created on either side, and the decisions are open warnings', async () => {
    w = await startWorld(overlapSeed());
    const before = { projects: tfsoData(w).projects.length, workTypes: tfsoData(w).workTypes.length };
    const s = await w.sync('full');
    expect(fails(s)).toBe('');
    const d = tfsoData(w);
    expect(
      busyClients(w).some((c) => c.externalId === '10011'),
      'Nøkken not created in Busy a third time',
    ).toBe(false);
    expect([w.busy.state.clients.get('12011')!.externalId, w.busy.state.clients.get('12012')!.externalId]).toEqual([null, null]);
    expect(
      busyProjects(w).some((p) => p.externalId === '111'),
      'Foreldreportal not created in Busy',
    ).toBe(false);
    expect(
      d.projects.filter((p) => p.name === 'Foreldreportal'),
      'nor in 24SO',
    ).toHaveLength(1);
    expect(
      d.workTypes.some((x) => x.name === 'Suport'),
      '"Suport" not created in 24SO',
    ).toBe(false);
    expect(
      busyTags(w).filter((t) => t.externalId === '7'),
      '"Support" not created in Busy',
    ).toEqual([]);
    expect(d.projects.length - before.projects).toBe(2); // the two look-alike projects only
    expect(d.workTypes.length - before.workTypes).toBe(2); // Reisetid, Kurs og opplæring
    const open = (await w.store.warnings.open()).filter((x) => x.code === 'matchDecision');
    expect(open.map((x) => x.key).sort()).toEqual(
      Object.keys(OVERLAP_EXPECTED.decisions)
        .map((k) => `matchDecision:${k}`)
        .sort(),
    );
    expect(open.find((x) => x.key === 'matchDecision:project:busy:13014')!.substitutions).toEqual(['Foreldreportal', '«Foreldreportal»']);
    // and an incremental run in between does not create them either
    const s2 = await w.sync('incremental');
    expect(fails(s2)).toBe('');
    expect(busyProjects(w).some((p) => p.externalId === '111')).toBe(false);
    expect(tfsoData(w).projects.filter((p) => p.name === 'Foreldreportal')).toHaveLength(1);

    // the admin answers later: the next full run links them and resolves the warnings
    w.deps.decisions = OVERLAP_EXPECTED.decisions;
    const s3 = await w.sync('full');
    expect(fails(s3)).toBe('');
    expect(s3.linked).toMatchObject({ customer: 1, project: 1, workType: 1 });
    expect([
      w.busy.state.clients.get('12012')!.externalId,
      w.busy.state.projects.get('13014')!.externalId,
      w.busy.state.tags.get('14007')!.externalId,
    ]).toEqual(['10011', '111', '7']);
    expect((await w.store.warnings.open()).filter((x) => x.code === 'matchDecision')).toEqual([]);
  }, 20_000);

  it('"create new" for a decision: each record goes its own way (the Busy project is created in 24SO, the 24SO one in Busy)', async () => {
    w = await startWorld(overlapSeed());
    w.deps.decisions = { 'project:busy:13014': { createNew: true } };
    const s = await w.sync('full');
    expect(fails(s)).toBe('');
    const mine = w.busy.state.projects.get('13014')!;
    expect(mine.externalId).not.toBe('111');
    expect(tfsoData(w).projects.find((p) => String(p.id) === mine.externalId)!.customerId).toBeNull();
    expect(busyProjects(w).filter((p) => p.externalId === '111')).toHaveLength(1);
    expect(s.openDecisions.map((x) => x.key)).not.toContain('project:busy:13014');
  }, 20_000);
});
