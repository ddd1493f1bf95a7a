// Issue 14 over HTTP against the simulators: with the answers the real services give where we
// assumed (`npm run sim -- --real-like`), each switch alone and all together, a full sync, an hourly
// run, a push and an hour transfer on the demo company complete; what cannot be done is one warning
// naming the records and the manual step; nothing is retried in a loop; nothing is written twice.
import { afterEach, describe, expect, it } from 'vitest';
import { REAL_LIKE, startCapsWorld, failed, type CapsWorld, type SimSwitches } from './world';
import { TOKEN_SCOPES_NEEDED } from '../../utils/busy/operations';
import { MANUAL_WARNING_KEYS } from '../../utils/sync/assumed';
import { markerOfHour } from '../../utils/hours/marker';
import { writesOf } from '../../utils/sync/engine';
import { createBusyClient } from '../../utils/busy/client';
import { listUsers } from '../../utils/busy/users';

let w: CapsWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

const tfsoHours = (x: CapsWorld) => {
  const def = x.pair.tfso.state.identities.find((i) => i.isDefault)!;
  return x.pair.tfso.state.clients[def.clientId]!.hours;
};

const tfsoTasks = (x: CapsWorld) => {
  const def = x.pair.tfso.state.identities.find((i) => i.isDefault)!;
  return x.pair.tfso.state.clients[def.clientId]!.tasks.map((t) => ({ id: t.id, participants: t.participants }));
};

/** Every run the product makes, in order; each must complete. Returns what they warned. */
async function everyRun(x: CapsWorld) {
  const full = await x.sync('full');
  expect(failed(full), 'full sync').toBe('');
  x.pair.clock.advance(5 * 60_000); // within the 24SO session's idle time
  const hourly = await x.sync('incremental');
  expect(failed(hourly), 'hourly run').toBe('');
  const push = await x.sync('push');
  expect(failed(push), 'push').toBe('');
  const approved = x.approveAll();
  expect(approved.length, 'the demo has submitted hours to approve').toBeGreaterThan(0);
  const hours = await x.transfer();
  expect(failed(hours), 'hour transfer').toBe('');
  expect(hours.sent.length, 'approved hours reach 24SO').toBeGreaterThan(0);
  return { full, hourly, push, hours, approved };
}

/** A second round of runs writes nothing and asks no absent operation. */
async function secondRound(x: CapsWorld) {
  x.log.length = 0;
  const before = tfsoHours(x).length;
  const again = await x.sync('full');
  expect(failed(again)).toBe('');
  expect(writesOf(again), `nothing written twice: ${JSON.stringify(again.counts)}`).toBe(0);
  const hours = await x.transfer();
  expect(failed(hours)).toBe('');
  expect([hours.sent.length, tfsoHours(x).length]).toEqual([0, before]);
  // every Busy entry is in 24SO at most once
  const marks = tfsoHours(x)
    .map((h) => markerOfHour({ description: h.description, internalNote: (h as { internalNote?: string }).internalNote ?? null }))
    .filter((m) => m !== null);
  expect(new Set(marks).size, 'one 24SO hour per Busy entry').toBe(marks.length);
  return again;
}

const asked = (x: CapsWorld, what: RegExp) => x.log.filter((l) => what.test(l));

describe('issue 14: each real-world switch alone', () => {
  it('24SO assumedOps=false: SaveWorkType is absent (live WSDL and run time agree); Busy-only work types named for creating by hand; everything else syncs; not asked again', async () => {
    w = await startCapsWorld({ tfso: { assumedOps: false } });
    await w.check();
    expect((await w.caps()).state('tfso.saveWorkType')).toBe('absent');
    const r = await everyRun(w);
    const warn = r.full.warnings.find((x) => x.key === MANUAL_WARNING_KEYS.createWorkTypes);
    const busyOnly = [...w.pair.busy.state.tags.values()].filter((t) => t.externalId === null && t.isActive);
    expect(busyOnly.length).toBeGreaterThan(0);
    expect(warn?.messageKey).toBe('warnCreateWorkTypesByHand');
    for (const t of busyOnly) expect(warn!.substitutions[0]).toContain(`«${t.name}»`);
    expect(r.full.counts.project.busy.unchanged + r.full.counts.project.busy.created + r.full.counts.project.busy.updated).toBeGreaterThan(
      0,
    );
    expect(asked(w, /^SOAP SaveWorkType$/), 'known absent before the run: never asked').toEqual([]);
    // not repeated per run: the hourly run and the push raised it no more
    expect(r.hourly.warnings.concat(r.push.warnings).filter((x) => x.key === MANUAL_WARNING_KEYS.createWorkTypes)).toEqual([]);
    expect((await w.pair.store.warnings.open()).filter((x) => x.key === MANUAL_WARNING_KEYS.createWorkTypes)).toHaveLength(1);
    await secondRound(w);
    expect(asked(w, /^SOAP SaveWorkType$/)).toEqual([]);
  });

  it('24SO assumedOps=false, never checked (unknown): SaveWorkType is tried once, its refusal turns it off at run time and the run goes on', async () => {
    w = await startCapsWorld({ tfso: { assumedOps: false } });
    const r = await everyRun(w);
    expect(asked(w, /^SOAP SaveWorkType$/), 'one try, not one per work type or per run').toHaveLength(1);
    const e = (await w.caps()).entry('tfso.saveWorkType')!;
    expect([e.state, e.source]).toEqual(['absent', 'runtime']);
    expect(e.evidence).toMatch(/did not recognize the value of HTTP Header SOAPAction/);
    expect(r.full.warnings.some((x) => x.key === MANUAL_WARNING_KEYS.createWorkTypes)).toBe(true);
    // the daily spec check does not undo what the server showed; the admin's "check again" lets the documents decide
    await w.check();
    expect((await w.caps()).entry('tfso.saveWorkType')!.source).toBe('runtime');
    await secondRound(w);
    expect(asked(w, /^SOAP SaveWorkType$/)).toEqual([]);
  });

  it('Busy assumedOps=false: tasks still come over without assignees; one warning names per task whom to assign in Busy; the writes are not retried', async () => {
    w = await startCapsWorld({ busy: { assumedOps: false } });
    await w.check();
    expect((await w.caps()).state('busy.taskAssigneeWrite')).toBe('absent');
    const r = await everyRun(w);
    expect(r.full.counts.task.busy.created, 'tasks came over (R14, R16)').toBeGreaterThan(0);
    expect(asked(w, /^(POST|DELETE) \/v2\/tasks\/\d+\/users/)).toEqual([]);
    const warn = (await w.pair.store.warnings.open()).find((x) => x.key === MANUAL_WARNING_KEYS.assignees);
    expect(warn?.messageKey).toBe('warnAssignTasksByHand');
    // the tasks created this run, with the 24SO participants that have a Busy user, are named
    const created = [...w.pair.busy.state.tasks.values()].filter(
      (t) => t.externalId !== null && w!.pair.busy.state.assigneesOf(t.id).size === 0,
    );
    expect(created.length).toBeGreaterThan(0);
    expect(created.some((t) => warn!.substitutions[0]!.includes(`«${t.name}»`))).toBe(true);
    expect(warn!.substitutions[0]).toMatch(/^«[^»]+» \(.+\): \S.*/);
    const participants = JSON.stringify(tfsoTasks(w));
    await secondRound(w);
    expect(asked(w, /^(POST|DELETE) \/v2\/tasks\/\d+\/users/)).toEqual([]);
    expect(JSON.stringify(tfsoTasks(w)), 'Busy lacking an assignee is never read as a removal in 24SO').toBe(participants);
  });

  it('Busy assumedOps back on (the admin checks again): the assignees left out are written and the warning is resolved', async () => {
    w = await startCapsWorld({ busy: { assumedOps: false } });
    await w.check();
    await everyRun(w);
    expect((await w.pair.store.warnings.open()).some((x) => x.key === MANUAL_WARNING_KEYS.assignees)).toBe(true);
    const { simConfig } = await import('./world');
    await simConfig(w.pair.busy.port, { assumedOps: true });
    await w.check(true);
    expect((await w.caps()).state('busy.taskAssigneeWrite')).toBe('confirmed');
    w.log.length = 0;
    const r = await w.sync('full');
    expect(failed(r)).toBe('');
    expect(asked(w, /^POST \/v2\/tasks\/\d+\/users$/).length).toBeGreaterThan(0);
    expect((await w.pair.store.warnings.open()).some((x) => x.key === MANUAL_WARNING_KEYS.assignees)).toBe(false);
    const gaps = (await w.pair.store.links.all('task')).filter(
      (l) => JSON.stringify(l.busy.assignees) !== JSON.stringify(l.tfso.assignees),
    );
    expect(gaps).toEqual([]);
    await secondRound(w);
  });

  it('Busy assumedOps=false, never checked: the first assignee write meets the 404, a documented read shows the task is there, and the capability is off at once', async () => {
    w = await startCapsWorld({ busy: { assumedOps: false } });
    await everyRun(w);
    expect(asked(w, /^POST \/v2\/tasks\/\d+\/users$/)).toHaveLength(1);
    expect(asked(w, /^GET \/v2\/tasks\/\d+$/), 'the documented read that tells a missing path from a missing task').toHaveLength(1);
    expect((await w.caps()).entry('busy.taskAssigneeWrite')).toMatchObject({ state: 'absent', source: 'runtime' });
    await secondRound(w);
    expect(asked(w, /^(POST|DELETE) \/v2\/tasks\/\d+\/users/)).toEqual([]);
  });

  it('Busy emptyEmails: users with "email": "" are users; the sync and the hour transfer go on, their hours included', async () => {
    w = await startCapsWorld({ busy: { emptyEmails: true } });
    const emailless = (await listUsers(createBusyClient(w.pair.busyOpts), { isActive: 'all' })).filter((u) => u.email === '');
    const r = await everyRun(w);
    expect(emailless.length).toBeGreaterThan(0);
    expect(
      r.hours.sent.some((s) => emailless.some((u) => u.id === s.busyUserId)),
      'hours of a user without an address were sent',
    ).toBe(true);
    await secondRound(w);
  });

  it('Busy strictPaths: every request the engine makes is spelled as the spec spells it', async () => {
    w = await startCapsWorld({ busy: { strictPaths: true } });
    await everyRun(w);
    const collections = asked(w, /^(GET|POST) \/v2\/(clients|projects|users|tags|hourEntries|invoices)$/);
    expect(collections, 'collections carry the trailing slash').toEqual([]);
    expect(asked(w, /^GET \/v2\/projects\/$/).length).toBeGreaterThan(0);
    await secondRound(w);
  });

  it('Busy plainMarkup: the engine does not read the web app; every run completes', async () => {
    w = await startCapsWorld({ busy: { plainMarkup: true } });
    await everyRun(w);
    await secondRound(w);
  });

  it('24SO limitHeaders=false: no budget headers; every run completes', async () => {
    w = await startCapsWorld({ tfso: { limitHeaders: false } });
    await everyRun(w);
    await secondRound(w);
  });

  it("24SO hourInternalNote: the live WSDL has Hour.InternalNote, the marker goes there and the description stays Busy's text", async () => {
    w = await startCapsWorld({ tfso: { hourInternalNote: true } });
    await w.check();
    const caps = await w.caps();
    expect([caps.state('tfso.hourInternalNote'), caps.state('tfso.hourChangedAfter')]).toEqual(['confirmed', 'confirmed']);
    expect(caps.entry('tfso.hourInternalNote')!.sequence!.at(-1), 'the live order: appended').toBe('InternalNote');
    const r = await everyRun(w);
    const byId = new Map(tfsoHours(w).map((h) => [h.id, h]));
    for (const s of r.hours.sent) {
      const h = byId.get(s.tfsoHourId)!;
      expect(h.internalNote).toBe(`[Busy ${s.busyEntryId}]`);
      expect(h.description).toBe(w.pair.busy.state.hourEntries.get(s.busyEntryId)!.description ?? '');
    }
    await secondRound(w);
    // Answers lost (Busy without the 24SO ids) and a second browser without the ledger: the
    // markers in InternalNote are found, nothing is sent again.
    const sent = r.hours.sent.map((x) => x.busyEntryId);
    for (const id of sent) w.pair.busy.state.hourEntries.get(id)!.externalId = null;
    const store = await w.pair.newStore();
    await store.meta.put('capabilities', await w.pair.store.meta.get('capabilities'));
    expect(failed(await w.sync('full', store))).toBe('');
    const count = tfsoHours(w).length;
    const again = await w.transfer(store);
    expect([failed(again), again.sent.length, tfsoHours(w).length]).toEqual(['', 0, count]);
    expect(again.recovered.map((x) => x.busyEntryId).sort()).toEqual([...sent].sort());
  });

  it('24SO hourInternalNote said by the WSDL but refused by the server: off at once, the hours go next pass with the marker in the description, once', async () => {
    w = await startCapsWorld({ tfso: { hourInternalNote: true } });
    await w.check();
    const { simConfig } = await import('./world');
    await simConfig(w.pair.tfso.port, { hourInternalNote: false });
    expect(failed(await w.sync('full'))).toBe('');
    const approved = w.approveAll();
    const first = await w.transfer();
    expect(failed(first)).toBe('');
    expect((await w.caps()).entry('tfso.hourInternalNote')).toMatchObject({ state: 'absent', source: 'runtime' });
    expect(first.skipped.length, 'the refused one waits for the next pass').toBeGreaterThan(0);
    const next = await w.transfer();
    expect(failed(next)).toBe('');
    expect(approved.length).toBeGreaterThan(0);
    const marks = tfsoHours(w)
      .map((h) => markerOfHour({ description: h.description, internalNote: null }))
      .filter((m) => m !== null);
    expect(new Set(marks).size, 'one 24SO hour per Busy entry').toBe(marks.length);
    const sent = [...first.sent, ...next.sent].map((x) => x.busyEntryId);
    expect(new Set(sent).size).toBe(sent.length);
    expect(
      sent.filter((id) => !marks.includes(id)),
      'each sent hour carries its marker in the description',
    ).toEqual([]);
    expect(next.sent.length, 'the refused ones went on the next pass').toBeGreaterThan(0);
  });

  it('24SO hourInternalNote found later: hours marked in the description before are still recognised, never sent again', async () => {
    w = await startCapsWorld();
    await w.check();
    const first = await everyRun(w);
    const old = first.hours.sent.map((s) => s.busyEntryId);
    expect(tfsoHours(w).filter((h) => old.includes(String(h.description.match(/\[Busy (\d+)\]$/)?.[1])))).toHaveLength(old.length);
    await (await import('./world')).simConfig(w.pair.tfso.port, { hourInternalNote: true });
    await w.check(true);
    expect((await w.caps()).state('tfso.hourInternalNote')).toBe('confirmed');
    // A second browser whose ledger never saw those sends, and Busy without their externalId (lost
    // answers): only the markers in 24SO can tell they were sent.
    for (const id of old) w.pair.busy.state.hourEntries.get(id)!.externalId = null;
    const store = await w.pair.newStore();
    await store.meta.put('capabilities', await w.pair.store.meta.get('capabilities'));
    expect(failed(await w.sync('full', store))).toBe('');
    const count = tfsoHours(w).length;
    const again = await w.transfer(store);
    expect(failed(again)).toBe('');
    expect(
      again.sent.filter((s) => old.includes(s.busyEntryId)),
      'none of them sent again',
    ).toEqual([]);
    expect(again.recovered.map((s) => s.busyEntryId).sort()).toEqual([...old].sort());
    expect(tfsoHours(w).length).toBe(count);
  });

  it('Busy tokenScopes: the scopes the options page asks for are enough for every run; one missing scope is named', async () => {
    w = await startCapsWorld({ busy: { tokenScopes: [...TOKEN_SCOPES_NEEDED] } });
    await everyRun(w);
    await secondRound(w);
    await w.close();
    w = await startCapsWorld({ busy: { tokenScopes: TOKEN_SCOPES_NEEDED.filter((s) => s !== 'clients:read') } });
    const r = await w.sync('full');
    expect(r.error).toMatchObject({
      code: 'missing_scope',
      messageKey: 'errBusyMissingScope',
      substitutions: ['GET /clients', 'clients:read'],
    });
  });
});

describe('issue 14: every real-world switch at once', () => {
  const ALL: SimSwitches = {
    tfso: { ...REAL_LIKE.tfso, hourInternalNote: true, limitHeaders: false },
    busy: { ...REAL_LIKE.busy, tokenScopes: [...TOKEN_SCOPES_NEEDED] },
  };

  it('a full sync, an hourly run, a push and an hour transfer complete; the manual steps are warnings naming the records; nothing asked twice, nothing written twice', async () => {
    w = await startCapsWorld(ALL);
    await w.check();
    const caps = await w.caps();
    expect(
      Object.fromEntries(
        ['tfso.saveWorkType', 'tfso.hourInternalNote', 'busy.taskAssigneeWrite', 'busy.liveSpec'].map((id) => [
          id,
          caps.state(id as never),
        ]),
      ),
    ).toEqual({
      'tfso.saveWorkType': 'absent',
      'tfso.hourInternalNote': 'confirmed',
      'busy.taskAssigneeWrite': 'absent',
      'busy.liveSpec': 'confirmed',
    });
    await everyRun(w);
    const open = new Map((await w.pair.store.warnings.open()).map((x) => [x.key, x]));
    expect(open.get(MANUAL_WARNING_KEYS.createWorkTypes)?.substitutions[0]).toMatch(/«.+»/);
    expect(open.get(MANUAL_WARNING_KEYS.assignees)?.substitutions[0]).toMatch(/«.+» \(.+\): .+/);
    expect(asked(w, /^SOAP SaveWorkType$|^(POST|DELETE) \/v2\/tasks\/\d+\/users/)).toEqual([]);
    await secondRound(w);
    expect(asked(w, /^SOAP SaveWorkType$|^(POST|DELETE) \/v2\/tasks\/\d+\/users/)).toEqual([]);
    // the manual steps cost an idle run nothing: no request to what is absent, nothing written
    w.pair.clock.advance(5 * 60_000);
    await w.sync('incremental');
    w.log.length = 0;
    const idle = await w.sync('incremental');
    const push = await w.sync('push');
    expect([failed(idle), failed(push), writesOf(idle), writesOf(push)]).toEqual(['', '', 0, 0]);
    expect(asked(w, /^SOAP SaveWorkType$|^(POST|DELETE) \/v2\/tasks\/\d+\/users/)).toEqual([]);
  });

  it('with nothing checked beforehand (the first run after install), each refusal is met once and every run still completes', async () => {
    w = await startCapsWorld(ALL);
    await everyRun(w);
    expect(asked(w, /^SOAP SaveWorkType$/)).toHaveLength(1);
    expect(asked(w, /^POST \/v2\/tasks\/\d+\/users$/)).toHaveLength(1);
    await secondRound(w);
    expect(asked(w, /^SOAP SaveWorkType$|^(POST|DELETE) \/v2\/tasks\/\d+\/users/)).toEqual([]);
  });
});

describe('issue 14: the default simulators (assumed operations served)', () => {
  it('every capability that can be read from the live documents is confirmed, and used: the Busy-only work type is created in 24SO, task assignees are set', async () => {
    w = await startCapsWorld();
    await w.check();
    const caps = await w.caps();
    expect([caps.state('tfso.saveWorkType'), caps.state('busy.taskAssigneeWrite'), caps.state('busy.liveSpec')]).toEqual([
      'confirmed',
      'confirmed',
      'confirmed',
    ]);
    expect(caps.state('tfso.hourInternalNote')).toBe('absent');
    const r = await everyRun(w);
    expect(r.full.counts.workType.tfso.created).toBeGreaterThan(0);
    expect(asked(w, /^POST \/v2\/tasks\/\d+\/users$/).length).toBeGreaterThan(0);
    expect(r.full.warnings.filter((x) => x.key.startsWith('manual:'))).toEqual([]);
    await secondRound(w);
  });
});
