import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHoursWorld, type HoursWorld } from '../hours/harness';
import { createHoursService, type HoursService } from '../../utils/services/hours';
import { defaultSettings, type Settings } from '../../utils/domain/settings';
import type { Status } from '../../utils/domain/connection-state';
import type { ConnectionService } from '../../utils/services/connection';
import { markerOf } from '../../utils/hours/marker';

// Issue 14's corner control, its background side: what is waiting whatever the page shows (the
// people named, those without a 24SO user said so), and a send of exactly the entries offered
// that are still waiting — once.

let w: HoursWorld;
let hours: HoursService;
let settings: Settings;

beforeAll(async () => {
  w = await startHoursWorld('demo');
  const tfsoWho = {
    name: w.tfso.state.integrationUser.name,
    contactId: w.integrationContactId,
    clientId: 1,
    clientName: 'c',
    identityId: 'i',
  };
  const status: Status = {
    tfso: { state: 'connected', checkedAt: new Date().toISOString(), who: tfsoWho },
    busy: { state: 'connected', checkedAt: new Date().toISOString(), who: { label: 'busy', via: 'token' } },
  };
  settings = {
    ...defaultSettings({ tfsoApi: w.tfso.api, tfsoWebservices: w.tfso.webservices, busyApi: w.busy.api, busyWeb: w.busy.web }),
    transferMode: 'on-approval',
    busy: { token: w.busy.token },
  };
  hours = createHoursService({
    store: async () => w.store,
    connection: { last: async () => status, check: async () => status } as unknown as ConnectionService,
    settings: { get: async () => settings, save: async (s) => void (settings = s) },
    http: (u, i) => w.fetch(u, i),
    now: w.clock.fn,
    sleep: async () => undefined,
    onChanged: () => undefined,
  });
}, 120_000);
afterAll(async () => w?.close());

const sentCount = (id: string) => w.tfsoHours().filter((h) => markerOf(h.description) === id).length;

describe('hours waiting whatever the page (issue 14)', () => {
  it('offers the approved, unsent entries with the people named and who goes on the integration user; sends exactly those offered, once', async () => {
    const submitted = [...w.busy.state.hourEntries.values()].filter((e) => e.isActive && e.approvalStatus === 'submitted');
    const unmappedUser = [...w.busy.state.users.values()].find((u) => u.displayName === 'Jonas Lie')!;
    const mapped = submitted.filter((e) => e.userId !== unmappedUser.id).slice(0, 3);
    const unmapped = submitted.filter((e) => e.userId === unmappedUser.id).slice(0, 1);
    const notApproved = submitted.find((e) => !mapped.includes(e) && !unmapped.includes(e))!;
    const before = await hours.pending();
    w.approve([...mapped, ...unmapped].map((e) => e.id));

    const offered = await hours.pending();
    const ids = [...mapped, ...unmapped].map((e) => e.id);
    expect(offered.ids).toEqual(expect.arrayContaining(ids));
    expect(offered.entries).toBe(before.entries + ids.length);
    expect(offered.people.find((p) => p.name === 'Jonas Lie')).toMatchObject({ mapped: false });
    expect(offered.people.filter((p) => p.mapped).length).toBeGreaterThan(0);
    expect(offered.integrationUser).toBe(w.tfso.state.integrationUser.name);

    // A page could name more than it was shown: only entries still waiting go.
    const res = await hours.sendPending([...offered.ids, notApproved.id]);
    expect(res.sent).toBe(offered.ids.length);
    for (const id of offered.ids) expect(sentCount(id), `entry ${id}`).toBe(1);
    expect(sentCount(notApproved.id)).toBe(0);
    expect(res.pending.entries).toBe(0);

    // Again: nothing waits, nothing is sent twice.
    const again = await hours.sendPending(offered.ids);
    expect(again.sent).toBe(0);
    for (const id of offered.ids) expect(sentCount(id)).toBe(1);
  });

  it('sends nothing before a mode is chosen, and says so', async () => {
    settings = { ...settings, transferMode: null };
    try {
      expect(await hours.pending()).toMatchObject({ mode: null, entries: 0, ids: [] });
    } finally {
      settings = { ...settings, transferMode: 'on-approval' };
    }
  });
});
