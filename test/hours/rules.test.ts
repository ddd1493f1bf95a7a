// R17–R22 against the simulators over HTTP. Each world: demo company, master data linked by a
// full sync, then the hour transfer.
import { afterEach, describe, expect, it } from 'vitest';
import { makeSeed } from '../sim/seeds/company';
import { pendingByUnmappedUser, waitingEntries } from '../../utils/hours';
import { withMarker } from '../../utils/hours/marker';
import { startHoursWorld, type HoursWorld } from './harness';
import { sendable } from './fixtures';

const truth = new Map(makeSeed('demo').busy.users.map((u) => [u.email, u.tfsoContactId]));
let w: HoursWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

const hoursOf = (x: HoursWorld, busyId: string) => x.tfsoHours().filter((h) => h.description.endsWith(`[Busy ${busyId}]`));
const opts = (x: HoursWorld, overrides: Record<string, number | null> = {}) => ({
  mode: 'on-approval' as const,
  overrides,
  integrationContactId: x.integrationContactId,
});

describe('users (R17, R18)', () => {
  it("R17: a mapped user's hours land on their 24SO contact; an admin override moves the next ones", async () => {
    w = await startHoursWorld();
    await w.transfer();
    const mapped = [...w.busy.state.users.values()].find((u) => truth.get(u.email))!;
    const [a, b] = sendable(w, 2, (h) => h.userId === mapped.id);
    w.approve([a!.id]);
    await w.transfer();
    expect(hoursOf(w, a!.id).map((h) => h.contactId)).toEqual([truth.get(mapped.email)]);
    // the admin links this user to another 24SO user (R17: editable)
    const other = [...truth.values()].find((c) => c !== null && c !== truth.get(mapped.email))!;
    w.approve([b!.id]);
    await w.transfer('on-approval', { overrides: { [mapped.id]: other } });
    expect(hoursOf(w, b!.id).map((h) => h.contactId)).toEqual([other]);
  });

  it("R18: an unmapped user's hours go on the integration user, and pendingByUnmappedUser warns about them first", async () => {
    w = await startHoursWorld();
    await w.transfer();
    const unmapped =
      [...w.busy.state.users.values()].find(
        (u) => truth.get(u.email) === null && [...w!.busy.state.hourEntries.values()].some((h) => h.userId === u.id),
      ) ?? [...w.busy.state.users.values()].find((u) => truth.get(u.email))!;
    const overrides = { [unmapped.id]: null }; // "no 24SO user" (works whether or not the seed maps them)
    const entries = sendable(w, 2, (h) => h.userId === unmapped.id);
    w.approve(entries.map((e) => e.id));
    const warn = await pendingByUnmappedUser(w.deps, opts(w, overrides));
    const minutes = entries.reduce((s, e) => s + e.totalMinutes, 0);
    expect(warn).toEqual([{ busyUserId: unmapped.id, name: unmapped.displayName, hours: Math.round((minutes / 60) * 100) / 100 }]);
    const r = await w.transfer('on-approval', { overrides });
    expect(r.sent.map((s) => s.contactId)).toEqual([w.integrationContactId, w.integrationContactId]);
    for (const e of entries) expect(hoursOf(w, e.id).map((h) => h.contactId)).toEqual([w.integrationContactId]);
    expect(await pendingByUnmappedUser(w.deps, opts(w, overrides))).toEqual([]);
  });
});

describe('modes (R19)', () => {
  it('R19: with no mode chosen nothing is sent and the answer says why; "never" sends nothing and asks nothing', async () => {
    w = await startHoursWorld();
    const none = await w.transfer(null);
    expect(none).toMatchObject({ ran: false, why: { messageKey: 'hoursModeNotChosen' }, sent: [], requests: { tfso: 0, busy: 0 } });
    const never = await w.transfer('never');
    expect(never).toMatchObject({ ran: false, why: { messageKey: 'hoursModeNever' }, sent: [], requests: { tfso: 0, busy: 0 } });
    expect(w.tfsoHours()).toEqual([]);
    expect(await waitingEntries(w.deps, { ...opts(w), mode: 'never' })).toEqual([]);
  });
});

describe('on approval (R20)', () => {
  it('R20: approving hours sends exactly those on the next pass; a pass with nothing new sends nothing', async () => {
    w = await startHoursWorld();
    const first = await w.transfer();
    const approvedBefore = [...w.busy.state.hourEntries.values()].filter((h) => h.isActive && h.approvalStatus === 'approved').length;
    expect(first.sent.length + first.skipped.length).toBe(approvedBefore);
    const before = w.tfsoHours().length;
    const es = sendable(w, 3);
    w.approve(es.map((e) => e.id));
    const r = await w.transfer();
    expect(r.sent.map((s) => s.busyEntryId).sort()).toEqual(es.map((e) => e.id).sort());
    expect(w.tfsoHours().length).toBe(before + 3);
    const idle = await w.transfer();
    expect([idle.sent, idle.updated, idle.deleted]).toEqual([[], [], []]);
    expect(w.tfsoHours().length).toBe(before + 3);
  });

  it('R20: sendEntries re-reads the ids from Busy and sends only the approved, unsent ones among them; again sends nothing', async () => {
    w = await startHoursWorld();
    await w.transfer();
    const [a, b, c] = sendable(w, 3);
    w.approve([a!.id, b!.id]); // c stays unapproved, whatever a page might claim
    const sentBefore = await w.store.hours.get(a!.id);
    expect(sentBefore).toBeUndefined();
    const r = await w.transfer('on-approval', { only: [a!.id, c!.id, '99999999'] });
    expect(r.sent.map((s) => s.busyEntryId)).toEqual([a!.id]);
    expect(r.skipped.map((s) => [s.busyEntryId, s.reason.messageKey]).sort()).toEqual(
      [
        [c!.id, 'hoursNotWaiting'],
        ['99999999', 'hoursNotFound'],
      ].sort(),
    );
    expect(hoursOf(w, b!.id)).toEqual([]); // approved but not asked for
    const again = await w.transfer('on-approval', { only: [a!.id] });
    expect(again.sent).toEqual([]);
    expect(hoursOf(w, a!.id)).toHaveLength(1);
  });
});

describe('on order creation (R21)', () => {
  it('R21: an order in Busy becomes one 24SO order (customer, project, a row per work type with its product, summed hours, the line price), and its hours are sent', async () => {
    w = await startHoursWorld();
    const client = () => w!.tfso.state.clients[w!.tfso.state.identities.find((i) => i.isDefault)!.clientId]!;
    // a project with approved, billable, un-invoiced hours whose customer is linked
    await w.transfer('on-order'); // nothing ordered yet: nothing sent
    expect(w.tfsoHours()).toEqual([]);
    const projects = [
      ...new Set(
        [...w.busy.state.hourEntries.values()]
          .filter((h) => h.isActive && h.approvalStatus === 'approved' && h.billableMinutes > 0 && h.invoiceId === null)
          .map((h) => h.projectId!),
      ),
    ];
    let ordered: { id: string } | undefined;
    let pid = '';
    for (const p of projects) {
      const link = await w.store.links.get('project', 'busy', p);
      if (!link || typeof link.tfso.customer !== 'number' || link.tfso.active === false) continue;
      ordered = w.order(p).draft;
      pid = p;
      break;
    }
    expect(ordered).toBeDefined();
    const onOrder = [...w.busy.state.hourEntries.values()].filter((h) => h.invoiceId === ordered!.id);
    const r = await w.transfer('on-order');
    expect(r.orders.sent).toHaveLength(1);
    const link = (await w.store.links.get('project', 'busy', pid))!;
    const order = client().invoices.at(-1)!;
    expect(order).toMatchObject({ customerId: link.tfso.customer, projectId: Number(link.tfsoId), orderStatus: 'Draft' });
    const byTag = new Map<string, number>();
    for (const h of onOrder) byTag.set(h.tagId!, (byTag.get(h.tagId!) ?? 0) + h.billableMinutes);
    expect(order.rows).toHaveLength(byTag.size);
    for (const [tag, minutes] of byTag) {
      const wtId = Number((await w.store.links.get('workType', 'busy', tag))!.tfsoId);
      const wt = client().workTypes.find((x) => x.id === wtId)!;
      const row = order.rows.find((x) => x.productId === wt.productId)!;
      expect(row).toMatchObject({ name: wt.name, projectId: Number(link.tfsoId) });
      expect(row.quantity).toBeCloseTo(minutes / 60, 4);
    }
    expect(r.sent.map((s) => s.busyEntryId).sort()).toEqual(onOrder.map((h) => h.id).sort());
    // finalizing the draft (same id, now under /invoices) and passing again: no second order, no resend
    const n = client().invoices.length;
    const again = await w.transfer('on-order');
    expect(client().invoices.length).toBe(n);
    expect(again.sent).toEqual([]);
  });
});

describe('exactly once, right fields (R22)', () => {
  it('R22: an approved entry lands with the right project, task, work type, times, hours, user and description (with the marker)', async () => {
    w = await startHoursWorld();
    await w.transfer();
    const withTask = [...w.busy.state.hourEntries.values()].find(
      (h) => h.isActive && h.approvalStatus !== 'approved' && h.taskId && !h.externalId,
    )!;
    const [plain] = sendable(w, 1);
    w.edit(plain!.id, { description: 'Workshop, «Fjordlys» – æøå' });
    w.approve([withTask.id, plain!.id]);
    const r = await w.transfer();
    for (const e of [withTask, plain!]) {
      const ok = r.sent.find((s) => s.busyEntryId === e.id);
      if (!ok) {
        expect(r.skipped.find((s) => s.busyEntryId === e.id)).toBeDefined();
        continue;
      }
      const [h] = hoursOf(w, e.id);
      const pl = (await w.store.links.get('project', 'busy', e.projectId!))!;
      const wl = (await w.store.links.get('workType', 'busy', e.tagId!))!;
      const tl = e.taskId ? await w.store.links.get('task', 'busy', e.taskId) : undefined;
      expect(h).toMatchObject({
        projectId: Number(pl.tfsoId),
        typeOfWorkId: Number(wl.tfsoId),
        projectTaskId: tl ? Number(tl.tfsoId) : null,
        startTime: e.startTime,
        stopTime: e.stopTime,
        totalHours: e.totalMinutes / 60,
        totalHoursInvoice: e.billableMinutes / 60,
        description: withMarker(e.description, e.id),
      });
      expect(w.entry(e.id).externalId).toBe(String(h!.id));
    }
    expect(hoursOf(w, plain!.id)[0]!.description).toBe(`Workshop, «Fjordlys» – æøå [Busy ${plain!.id}]`);
  });

  it('R22: an entry changed after it was sent updates the same 24SO hour; one deleted in Busy is deleted in 24SO', async () => {
    w = await startHoursWorld();
    await w.transfer();
    const [a, b] = sendable(w, 2);
    w.approve([a!.id, b!.id]);
    await w.transfer();
    const idA = hoursOf(w, a!.id)[0]!.id;
    w.edit(a!.id, {
      description: 'Endret etter sending',
      stopTime: new Date(Date.parse(a!.stopTime) + 30 * 60_000).toISOString(),
      totalMinutes: a!.totalMinutes + 30,
    });
    w.edit(b!.id, { isActive: false });
    const r = await w.transfer();
    expect(r.updated.map((u) => [u.busyEntryId, u.tfsoHourId])).toEqual([[a!.id, idA]]);
    expect(r.deleted.map((d) => d.busyEntryId)).toEqual([b!.id]);
    expect(hoursOf(w, a!.id)).toMatchObject([
      { id: idA, description: `Endret etter sending [Busy ${a!.id}]`, totalHours: a!.totalMinutes / 60 },
    ]);
    expect(hoursOf(w, b!.id)).toEqual([]);
    expect((await w.store.transferLog.all()).map((l) => l.op)).toEqual(expect.arrayContaining(['send', 'update', 'delete']));
  });

  it('R22: a change or deletion of an hour 24SO has locked/approved is a warning, not a crash, and nothing else is held up', async () => {
    w = await startHoursWorld();
    await w.transfer();
    const [a, b, c] = sendable(w, 3);
    w.approve([a!.id, b!.id]);
    await w.transfer();
    hoursOf(w, a!.id)[0]!.approved = 'True';
    hoursOf(w, b!.id)[0]!.locked = 'True';
    w.edit(a!.id, { description: 'for sent' });
    w.edit(b!.id, { isActive: false });
    w.approve([c!.id]);
    const r = await w.transfer();
    expect(r.error).toBeUndefined();
    expect(r.warnings.map((x) => x.messageKey).sort()).toEqual(['hoursLockedInTfso', 'hoursLockedInTfso']);
    expect(hoursOf(w, b!.id)).toHaveLength(1);
    expect(r.sent.map((s) => s.busyEntryId)).toEqual([c!.id]);
    expect((await w.store.warnings.open()).filter((x) => x.messageKey === 'hoursLockedInTfso')).toHaveLength(2);
  });

  it('R22: an entry that cannot be sent is listed with its reason, never blocks the others, and goes once fixed', async () => {
    w = await startHoursWorld();
    await w.transfer();
    const [a, b] = sendable(w, 2);
    // a's work type is unlinked (as if the work type had not been synced yet)
    const wl = (await w.store.links.get('workType', 'busy', a!.tagId!))!;
    await w.store.links.delete('workType', a!.tagId!);
    w.approve([a!.id, b!.id]);
    const r = await w.transfer();
    expect(r.skipped.filter((s) => s.busyEntryId === a!.id).map((s) => s.reason.messageKey)).toEqual(['hoursWorkTypeNotLinked']);
    expect(r.sent.map((s) => s.busyEntryId)).toContain(b!.id);
    expect((await w.store.hours.get(a!.id))?.state).toBe('skipped');
    await w.store.links.put(wl); // fixed (the next master-data sync links it)
    const again = await w.transfer();
    expect(again.sent.map((s) => s.busyEntryId)).toContain(a!.id);
    expect(hoursOf(w, a!.id)).toHaveLength(1);
  });

  it('R22: a 24SO project that registers time on tasks (TimeReg=Task) takes no entry without a task: reason given', async () => {
    w = await startHoursWorld();
    await w.transfer();
    const [a] = sendable(w, 1);
    const pl = (await w.store.links.get('project', 'busy', a!.projectId!))!;
    // The simulator always answers TimeReg=WorkType (it does not store TimeReg): rewrite its answer for this one project.
    const http = w.deps.tfso.http;
    const deps = {
      ...w.deps,
      tfso: {
        ...w.deps.tfso,
        http: async (u: string, i: RequestInit) => {
          const res = await http(u, i);
          if (!String(i.body ?? '').includes('<GetProjectList')) return res;
          const text = (await res.text()).replace(
            new RegExp(`(<Id>${pl.tfsoId}</Id>[\\s\\S]*?)<TimeReg>WorkType</TimeReg>`),
            '$1<TimeReg>Task</TimeReg>',
          );
          return { status: res.status, headers: res.headers, text: async () => text };
        },
      },
    };
    w.approve([a!.id]);
    const r = await w.transfer('on-approval', { deps });
    expect(r.skipped.filter((s) => s.busyEntryId === a!.id).map((s) => s.reason.messageKey)).toEqual(['hoursTaskRequired']);
    expect(hoursOf(w, a!.id)).toEqual([]);
  });

  it('R22: an entry whose Busy externalId already names a 24SO hour (another installation sent it) is adopted, never re-sent', async () => {
    w = await startHoursWorld();
    await w.transfer();
    const [a] = sendable(w, 1);
    w.approve([a!.id]);
    await w.transfer();
    const n = w.tfsoHours().length;
    const fresh = await w.freshStore(); // a second admin's browser: empty ledger
    const r = await w.transfer('on-approval', { deps: { ...w.deps, store: fresh } });
    expect(r.sent).toEqual([]);
    expect(r.adopted.map((x) => x.busyEntryId)).toContain(a!.id);
    expect(w.tfsoHours().length).toBe(n);
    fresh.close();
  });
});
