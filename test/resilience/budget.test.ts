import { afterEach, describe, expect, it } from 'vitest';
import { runSync, type RunSummary } from '../../utils/sync/engine';
import { runHoursTransfer, type TransferSummary } from '../../utils/hours';
import { BudgetPausedError } from '../../utils/pacer';
import { expectNoDuplicates } from '../sync/checks';
import { interruptSeed, reference, snapshot } from '../sync/interrupt';
import { nextHour, startBudgetWorld, type BudgetWorld } from './budget-world';
import { createSyncService } from '../../utils/services/sync';
import type { ConnectionService } from '../../utils/services/connection';
import type { Status } from '../../utils/domain/connection-state';
import { defaultSettings, type Settings } from '../../utils/domain/settings';

// Issue 15, the request budget kept, over HTTP against the simulators: 24SO's APILimitRemaining /
// APILimitReset (the sim's `rateLimitPerHour` makes the budget small), the local count without
// them (`limitHeaders: false`), priorities, and a paused run resumed after the reset — also by a
// restarted worker — ending as an unpaused run would, nothing twice.

let w: BudgetWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

const at = (iso: string) => Date.parse(iso);
const fails = (s: RunSummary) => (s.ok ? '' : `${s.error?.code}: ${s.error?.message}`);
/** A pause until the server's reset: read through its Date header (whole seconds), so up to 2 s later, never earlier. */
const untilReset = (iso: string) => ({
  asymmetricMatch: (v: unknown) => typeof v === 'string' && Date.parse(v) >= at(iso) && Date.parse(v) < at(iso) + 2000,
  toString: () => `${iso} (+ < 2 s)`,
});

describe("issue 15: 24SO's APILimitRemaining / APILimitReset", () => {
  it('R8 a run that meets APILimitRemaining: 0 waits until APILimitReset and goes on; it never reaches the quarantine', async () => {
    w = await startBudgetWorld(interruptSeed(), { rateLimitPerHour: 20 }, { tfsoLimitPerHour: 20, tfsoSharePerHour: 20 });
    // 4 s before the hour ends: the first 20 requests fit before it, the rest after it.
    const hour = nextHour(w.pair.clock.now().getTime());
    await w.setClock(new Date(at(hour) - 4_000).toISOString());
    const r = await runSync(w.sync('click'), 'projects');
    expect(fails(r)).toBe('');
    expect(r.paused).toBeUndefined(); // a wait of seconds is waited out in the run
    const zero = w.seen.findIndex((s) => s.remaining === 0);
    expect(zero, 'an answer said APILimitRemaining: 0').toBeGreaterThanOrEqual(0);
    expect(w.seen[zero]!.reset).toBe(hour);
    // Nothing was sent after it before APILimitReset; then the run went on in the new window.
    const after = w.seen.slice(zero + 1);
    expect(after.length).toBeGreaterThan(0);
    for (const s of after) expect(s.at, `${s.op} sent before the reset`).toBeGreaterThanOrEqual(at(hour));
    expect(w.seen.filter((s) => s.quarantined || s.status !== 200)).toEqual([]);
    expect(w.simHour().over).toBe(0);
    await w.close();
    // The same run without the pacer is quarantined (so the checks above can fail).
    w = await startBudgetWorld(interruptSeed(), { rateLimitPerHour: 20 }, { tfsoLimitPerHour: 20, tfsoSharePerHour: 20 });
    await w.setClock(new Date(at(hour) - 4_000).toISOString());
    const { pacer: _unpaced, ...deps } = w.sync('click');
    const unpaced = await runSync(deps, 'projects');
    expect(unpaced.error?.code).toBe('rate_limited');
    expect(w.seen.filter((s) => s.quarantined).length).toBeGreaterThan(0);
  }, 30_000);

  it('R7/R8 a wait longer than the bound stops the run as paused until APILimitReset (not a failure); after the reset the same trigger goes on and ends as an unpaused run, nothing twice', async () => {
    const ref = await reference();
    w = await startBudgetWorld(interruptSeed(), { rateLimitPerHour: 60 }, { tfsoLimitPerHour: 60, tfsoSharePerHour: 60 });
    await w.setClock('2026-11-20T10:20:00Z');
    await w.burn(15); // another integration on the same applicationId spent some of this hour
    const first = await runSync(w.sync('daily'), 'full');
    expect(first.ok).toBe(false);
    expect(first.paused).toEqual({ until: untilReset('2026-11-20T11:00:00Z'), system: 'tfso' });
    expect(first.error?.code).toBe('budget_paused');
    // The daily run kept 40 % of the share (24) for the others: it stopped with 24 left.
    expect(Math.min(...w.seen.map((s) => s.remaining ?? Infinity))).toBe(24);
    const rec = (await w.store.runs.recent(1))[0]!;
    expect(rec).toMatchObject({ pausedUntil: first.paused!.until, pausedFor: 'tfso' });
    expect(rec.ok).toBeUndefined();
    expect(rec.error).toBeUndefined();
    // The estimate of its end: after the pause, as the popup shows it.
    expect(Date.parse(rec.etaAt!)).toBeGreaterThanOrEqual(Date.parse(rec.pausedUntil!));
    expect(first.etaAt).toBe(rec.etaAt);
    // Asked again before the reset: it waits without a request.
    const before = w.seen.length;
    const again = await runSync(w.sync('daily'), 'full');
    expect(again.paused?.until).toEqual(untilReset('2026-11-20T11:00:00Z'));
    expect(w.seen.length).toBe(before);
    await w.setClock(again.paused!.until);
    const second = await runSync(w.sync('daily'), 'full');
    expect(fails(second)).toBe('');
    expect(w.seen.filter((s) => s.quarantined)).toEqual([]);
    expect(snapshot(w.asWorld())).toEqual(ref.state);
    expectNoDuplicates(w.asWorld());
    expect((await w.store.journal.pending()).filter((e) => e.state === 'pending')).toEqual([]);
  }, 60_000);

  it('R7/R8 the same, with the worker restarted while paused (a new store handle on the same database, a new pacer): it remembers what was spent and ends the same', async () => {
    const ref = await reference();
    w = await startBudgetWorld(interruptSeed(), { rateLimitPerHour: 60 }, { tfsoLimitPerHour: 60, tfsoSharePerHour: 60 });
    await w.setClock('2026-11-20T10:20:00Z');
    await w.burn(15);
    const first = await runSync(w.sync('daily'), 'full');
    expect(first.paused?.until).toEqual(untilReset('2026-11-20T11:00:00Z'));
    await w.restart();
    // The new worker knows the window is spent for the daily run: no request.
    const before = w.seen.length;
    const again = await runSync(w.sync('daily'), 'full');
    expect(again.paused?.until).toEqual(untilReset('2026-11-20T11:00:00Z'));
    expect(w.seen.length).toBe(before);
    await w.setClock(again.paused!.until);
    await w.restart();
    expect(fails(await runSync(w.sync('daily'), 'full'))).toBe('');
    expect(w.seen.filter((s) => s.quarantined)).toEqual([]);
    expect(snapshot(w.asWorld())).toEqual(ref.state);
    expectNoDuplicates(w.asWorld());
  }, 60_000);
});

describe('issue 15: without the headers, the local count', () => {
  it('R8 keeps the installation under its share of the hour (a server that sends no APILimit headers), across a worker restart', async () => {
    w = await startBudgetWorld(
      interruptSeed(),
      { rateLimitPerHour: 40, limitHeaders: false },
      { tfsoLimitPerHour: 40, tfsoSharePerHour: 20 },
    );
    await w.setClock('2026-11-20T10:05:00Z');
    const r = await runSync(w.sync('click'), 'projects');
    expect(r.paused?.system).toBe('tfso');
    expect(w.seen.every((s) => s.remaining === null)).toBe(true); // really no headers
    expect(w.seen).toHaveLength(20);
    expect(w.simHour()).toEqual({ used: 20, over: 0 }); // the share, and never the quarantine
    // The oldest requests leave the sliding hour 61 minutes after their minute.
    expect(r.paused?.until).toBe('2026-11-20T11:06:00.000Z');
    // A restarted worker remembers them: nothing is sent before then.
    await w.restart();
    expect((await runSync(w.sync('click'), 'customers')).paused?.until).toBe('2026-11-20T11:06:00.000Z');
    expect(w.seen).toHaveLength(20);
    await w.setClock('2026-11-20T11:06:00Z');
    expect(fails(await runSync(w.sync('click'), 'customers'))).toBe('');
    expect(w.seen.filter((s) => s.quarantined)).toEqual([]);
  }, 30_000);
});

describe('issue 15: priorities', () => {
  it('R20/R8 with the budget nearly spent, the hour transfer still goes and the daily run waits (without a request)', async () => {
    w = await startBudgetWorld('demo', { rateLimitPerHour: 1_000_000 }, { tfsoLimitPerHour: 1_000_000, tfsoSharePerHour: 1_000_000 });
    expect(fails(await runSync(w.sync('click'), 'full'))).toBe(''); // master data linked
    w.pair.tfso.configure({ rateLimitPerHour: 1000 });
    w.setBudget({ tfsoLimitPerHour: 1000, tfsoSharePerHour: 1000 });
    await w.setClock('2026-11-20T10:30:00Z');
    await w.burn(601); // 399 left: below the 400 (40 %) the daily run leaves, plenty for a click
    const integrationContactId = w.pair.tfso.state.integrationUser.contactId;
    const seen0 = w.seen.length;
    const t = await runHoursTransfer(w.hours(), { mode: 'on-approval', overrides: {}, integrationContactId });
    expect(t.error).toBeUndefined();
    expect(t.sent.length).toBeGreaterThan(10);
    const byTransfer = w.seen.length - seen0;
    expect(byTransfer).toBeGreaterThan(0);
    const daily = await runSync(w.sync('daily'), 'full');
    expect(daily.paused).toEqual({ until: untilReset('2026-11-20T11:00:00Z'), system: 'tfso' });
    expect(daily.requests.tfso).toBe(0);
    expect(w.seen.length - seen0).toBe(byTransfer);
    expect(w.simHour().over).toBe(0);
  }, 60_000);
});

describe('issue 15: the hour transfer paused and resumed', () => {
  it('R22 an hour transfer that pauses for the budget and goes on after the reset (the worker restarted between) sends each hour once, as an unpaused transfer does', async () => {
    const sentOnce = async (budgeted: boolean): Promise<string[]> => {
      const x = await startBudgetWorld(
        'demo',
        { rateLimitPerHour: 1_000_000 },
        { tfsoLimitPerHour: 1_000_000, tfsoSharePerHour: 1_000_000 },
      );
      try {
        expect(fails(await runSync(x.sync('click'), 'full'))).toBe('');
        const contact = x.pair.tfso.state.integrationUser.contactId;
        const transfer = () => runHoursTransfer(x.hours(), { mode: 'on-approval', overrides: {}, integrationContactId: contact });
        let pauses = 0;
        if (budgeted) {
          x.pair.tfso.configure({ rateLimitPerHour: 60 });
          x.setBudget({ tfsoLimitPerHour: 60, tfsoSharePerHour: 60 });
          let hour = '2026-11-20T10:00:00Z';
          await x.setClock(hour);
          let s: TransferSummary;
          for (;;) {
            s = await transfer();
            if (s.error?.code !== 'budget_paused') break;
            pauses++;
            expect(pauses, 'the transfer goes forward from one window to the next').toBeLessThan(20);
            await x.restart();
            hour = nextHour(at(hour));
            await x.setClock(hour);
          }
          expect(s.error).toBeUndefined();
          expect(x.seen.filter((q) => q.quarantined)).toEqual([]);
          expect(pauses).toBeGreaterThan(0);
        } else expect((await transfer()).error).toBeUndefined();
        const markers = tfsoHours(x)
          .map((h) => /\[Busy (\d+)\]$/.exec(h.description)?.[1])
          .filter((m): m is string => !!m);
        expect(new Set(markers).size, 'no hour twice').toBe(markers.length);
        for (const m of markers) expect(x.pair.busy.state.hourEntries.get(m)!.externalId).toMatch(/^\d+$/);
        return markers.sort();
      } finally {
        await x.close();
      }
    };
    expect(await sentOnce(true)).toEqual(await sentOnce(false));
  }, 120_000);
});

describe('issue 15: pause and resume in the sync service (the minute alarm)', () => {
  it('R8 a paused daily run is recorded as waiting, held while its pause lasts, and run again by resumeDue once it is over — also after a worker restart', async () => {
    w = await startBudgetWorld(interruptSeed(), { rateLimitPerHour: 60 }, { tfsoLimitPerHour: 60, tfsoSharePerHour: 60 });
    const world = w;
    await w.setClock('2026-11-20T10:20:00Z');
    await w.burn(15);
    const checkedAt = w.pair.clock.now().toISOString();
    const status: Status = {
      tfso: {
        state: 'connected',
        checkedAt,
        who: { name: 'Integrasjon', contactId: 1, clientId: 1, clientName: 'Fjordlys', identityId: '00000000-0000-0000-0000-000000000001' },
      },
      busy: { state: 'connected', checkedAt, who: { label: 'busy', via: 'token' } },
    };
    const connection = { check: async () => status, last: async () => status } as unknown as ConnectionService;
    const settings: Settings = {
      ...defaultSettings({
        tfsoApi: w.pair.tfso.api,
        tfsoWebservices: w.pair.tfso.webservices,
        busyApi: w.pair.busy.api,
        busyWeb: w.pair.busy.web,
      }),
      busy: { token: w.pair.busy.token },
      plan: { confirmed: true, decisions: {} },
      budget: { tfsoLimitPerHour: 60, tfsoSharePerHour: 60, maxWaitSeconds: 20 },
    };
    const http = (u: string, i: RequestInit) =>
      i.headers && 'SOAPAction' in (i.headers as object) ? world.tfsoHttp(u, i) : world.pair.fetch(u, i);
    const service = () =>
      createSyncService({
        store: async () => world.store,
        connection,
        settings: { get: async () => settings, save: async () => undefined },
        http,
        now: world.pair.clock.fn,
        sleep: async () => undefined,
        onChanged: () => undefined,
        statusMaxAgeMs: 365 * 24 * 3_600_000,
        pacer: world.pacer,
      });
    let sync = service();
    const first = await sync.runScheduled('full');
    expect(first?.paused?.system).toBe('tfso');
    const last = (await sync.state()).last.full!;
    expect(last).toMatchObject({ ok: null, error: null, pausedUntil: first!.paused!.until });
    const sent = w.seen.length;
    expect(await sync.runScheduled('full')).toBeNull(); // held, without a request
    expect(await sync.resumeDue()).toEqual([]); // not due yet
    expect(w.seen.length).toBe(sent);
    await w.setClock(first!.paused!.until);
    await w.restart();
    sync = service();
    const resumed = await sync.resumeDue();
    expect(resumed.map((r) => [r.trigger, fails(r)])).toEqual([['full', '']]);
    expect((await sync.state()).last.full).toMatchObject({ ok: true, pausedUntil: null });
    expect(await sync.resumeDue()).toEqual([]);
    expect(w.seen.filter((s) => s.quarantined)).toEqual([]);
    // The next daily run as the schedule starts it (after a complete one): 24SO's tasks are the
    // hourly rotation's, so it reads none of them (the run above read every project's).
    expect(w.seen.some((s) => s.op === 'GetProjectTasks')).toBe(true);
    const from = w.seen.length;
    const next = await sync.runScheduled('full');
    expect(next && fails(next)).toBe('');
    expect(next?.paused).toBeUndefined();
    expect(w.seen.slice(from).filter((s) => s.op === 'GetProjectTasks')).toEqual([]);
  }, 60_000);
});

describe('issue 15: the error', () => {
  it('BudgetPausedError names the system and when to go on', () => {
    const e = new BudgetPausedError('tfso', new Date('2026-11-20T11:00:00Z'), new Date('2026-11-20T10:30:00Z'), 'daily');
    expect([e.code, e.system, e.until?.toISOString(), e.substitutions]).toEqual([
      'budget_paused',
      'tfso',
      '2026-11-20T11:00:00.000Z',
      ['30'],
    ]);
  });
});

function tfsoHours(x: BudgetWorld) {
  const def = x.pair.tfso.state.identities.find((i) => i.isDefault)!;
  return x.pair.tfso.state.clients[def.clientId]!.hours;
}
