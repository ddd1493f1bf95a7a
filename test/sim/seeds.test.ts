import { describe, expect, it } from 'vitest';
import { LAST_SYNC_AT, makeSeed } from './seeds/company.js';
import { parseSeedName } from './seeds/index.js';
import type { SeedCompany } from './seeds/types.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const NUMERIC = /^\d+$/;

/** Every reference in a seed, listed as "what → missing id" for each one that does not resolve. */
function danglingRefs(s: SeedCompany): string[] {
  const bad: string[] = [];
  const t = s.tfso;
  const contacts = new Set(t.users.map((u) => u.contactId));
  const companies = new Set(t.companies.map((c) => c.id));
  const statuses = new Set(t.projectStatuses.map((x) => x.id));
  const projects = new Map(t.projects.map((p) => [p.id, p]));
  if (!contacts.has(t.integrationUser.contactId)) bad.push(`integrationUser → ${t.integrationUser.contactId}`);
  for (const p of t.projects) {
    if (p.customerId !== null && !companies.has(p.customerId)) bad.push(`project ${p.id} customer → ${p.customerId}`);
    if (!statuses.has(p.statusId)) bad.push(`project ${p.id} status → ${p.statusId}`);
    if (!contacts.has(p.projectLeaderId)) bad.push(`project ${p.id} leader → ${p.projectLeaderId}`);
    for (const c of p.participants) if (!contacts.has(c)) bad.push(`project ${p.id} participant → ${c}`);
  }
  for (const k of t.tasks) {
    const p = projects.get(k.projectId);
    if (!p) {
      bad.push(`task ${k.id} project → ${k.projectId}`);
      continue;
    }
    for (const c of k.participants) if (!p.participants.includes(c)) bad.push(`task ${k.id} participant ${c} not on project ${p.id}`);
  }
  const b = s.busy;
  const users = new Set(b.users.map((u) => u.id));
  const clients = new Map(b.clients.map((c) => [c.id, c]));
  const bprojects = new Map(b.projects.map((p) => [p.id, p]));
  const tags = new Set(b.tags.map((x) => x.id));
  const tasks = new Map(b.tasks.map((x) => [x.id, x]));
  for (const u of b.users)
    if (u.tfsoContactId !== null && !contacts.has(u.tfsoContactId)) bad.push(`busy user ${u.id} tfso → ${u.tfsoContactId}`);
  for (const c of b.clients)
    if (c.externalId !== null && !companies.has(Number(c.externalId))) bad.push(`client ${c.id} externalId → ${c.externalId}`);
  for (const p of b.projects) {
    if (p.clientId !== null && !clients.has(p.clientId)) bad.push(`busy project ${p.id} client → ${p.clientId}`);
    if (p.externalId !== null && !projects.has(Number(p.externalId))) bad.push(`busy project ${p.id} externalId → ${p.externalId}`);
    if (p.externalId !== null && p.number !== p.externalId) bad.push(`busy project ${p.id} number ${p.number} ≠ 24SO id ${p.externalId}`);
    const src = p.externalId === null ? undefined : projects.get(Number(p.externalId));
    if (src && p.clientId !== null && clients.get(p.clientId)!.externalId !== String(src.customerId))
      bad.push(`busy project ${p.id} client is not the 24SO customer`);
    for (const u of p.userIds) if (!users.has(u)) bad.push(`busy project ${p.id} member → ${u}`);
    for (const g of p.tagIds) if (!tags.has(g)) bad.push(`busy project ${p.id} tag → ${g}`);
  }
  for (const k of b.tasks) {
    const p = bprojects.get(k.projectId);
    if (!p) {
      bad.push(`busy task ${k.id} project → ${k.projectId}`);
      continue;
    }
    for (const a of k.assigneeIds) if (!p.userIds.includes(a)) bad.push(`busy task ${k.id} assignee ${a} not a member`);
  }
  for (const h of b.hourEntries) {
    const p = bprojects.get(h.projectId);
    if (!users.has(h.userId)) bad.push(`hour ${h.id} user → ${h.userId}`);
    if (!p) {
      bad.push(`hour ${h.id} project → ${h.projectId}`);
      continue;
    }
    if (!p.userIds.includes(h.userId)) bad.push(`hour ${h.id} user not a member of ${p.id}`);
    if (h.tagId !== null && !p.tagIds.includes(h.tagId)) bad.push(`hour ${h.id} tag ${h.tagId} not enabled on ${p.id}`);
    if (h.taskId !== null) {
      const k = tasks.get(h.taskId);
      if (!k || k.projectId !== h.projectId) bad.push(`hour ${h.id} task → ${h.taskId}`);
      else if (!k.assigneeIds.includes(h.userId)) bad.push(`hour ${h.id} user not assigned to task ${k.id}`);
    }
  }
  return bad;
}

function uniqueIds(s: SeedCompany): string[] {
  const dup: string[] = [];
  const check = (what: string, ids: (string | number)[]) => {
    if (new Set(ids).size !== ids.length) dup.push(what);
  };
  check(
    'tfso users',
    s.tfso.users.map((x) => x.contactId),
  );
  check(
    'tfso companies',
    s.tfso.companies.map((x) => x.id),
  );
  check(
    'tfso projects',
    s.tfso.projects.map((x) => x.id),
  );
  check(
    'tfso tasks',
    s.tfso.tasks.map((x) => x.id),
  );
  check(
    'tfso workTypes',
    s.tfso.workTypes.map((x) => x.id),
  );
  check(
    'busy users',
    s.busy.users.map((x) => x.id),
  );
  check(
    'busy user emails',
    s.busy.users.map((x) => x.email),
  );
  check(
    'busy clients',
    s.busy.clients.map((x) => x.id),
  );
  check(
    'busy projects',
    s.busy.projects.map((x) => x.id),
  );
  check(
    'busy tags',
    s.busy.tags.map((x) => x.id),
  );
  check(
    'busy tasks',
    s.busy.tasks.map((x) => x.id),
  );
  check(
    'busy hourEntries',
    s.busy.hourEntries.map((x) => x.id),
  );
  return dup;
}

describe('seed names', () => {
  it('parseSeedName accepts empty, demo and large:N', () => {
    expect(parseSeedName('empty')).toBe('empty');
    expect(parseSeedName('demo')).toBe('demo');
    expect(parseSeedName('large:25')).toBe('large:25');
  });

  it('parseSeedName refuses anything else with a message naming the accepted forms', () => {
    for (const bad of ['', 'Demo', 'large', 'large:0', 'large:-1', 'large:1.5', 'large:x', 'large:99999999']) {
      expect(() => parseSeedName(bad), bad).toThrow(/large:N/);
    }
  });
});

describe('seeds are deterministic', () => {
  it.each(['empty', 'demo', 'large:2'] as const)('makeSeed("%s") twice gives equal values', (name) => {
    expect(makeSeed(name)).toEqual(makeSeed(name));
  });

  it('the seed does not read the real clock or Math.random', () => {
    const random = Math.random;
    const now = Date.now;
    Math.random = () => {
      throw new Error('Math.random used');
    };
    Date.now = () => {
      throw new Error('Date.now used');
    };
    try {
      expect(() => makeSeed('large:1')).not.toThrow();
      expect(() => makeSeed('demo')).not.toThrow();
    } finally {
      Math.random = random;
      Date.now = now;
    }
  });

  it('two seeds do not share mutable objects (each sim gets its own)', () => {
    const a = makeSeed('demo');
    const b = makeSeed('demo');
    a.tfso.projects[0].name = 'changed';
    a.tfso.integrationUser.name = 'changed';
    expect(b.tfso.projects[0].name).not.toBe('changed');
    expect(makeSeed('empty').tfso.integrationUser.name).toBe('Ola Hansen');
  });
});

describe('empty seed', () => {
  const s = makeSeed('empty');
  it('has only the integration user with its one identity, and one Busy admin', () => {
    expect(s.tfso.users).toEqual([s.tfso.integrationUser]);
    expect(s.tfso.identities).toHaveLength(1);
    expect(s.tfso.identities[0].isDefault).toBe(true);
    expect(s.busy.users).toHaveLength(1);
    expect(s.busy.users[0]).toMatchObject({ isAdmin: true, email: s.busy.email });
    expect(
      [
        s.tfso.companies,
        s.tfso.projects,
        s.tfso.tasks,
        s.tfso.workTypes,
        s.busy.clients,
        s.busy.projects,
        s.busy.tags,
        s.busy.tasks,
        s.busy.hourEntries,
      ].every((xs) => xs.length === 0),
    ).toBe(true);
  });

  it('still has project statuses, one of them inactive (a 24SO client always has them)', () => {
    expect(s.tfso.projectStatuses.some((x) => !x.active)).toBe(true);
  });
});

describe('demo seed', () => {
  const s = makeSeed('demo');
  const t = s.tfso;
  const b = s.busy;
  const inactive = new Set(t.projectStatuses.filter((x) => !x.active).map((x) => x.id));

  it('is Fjordlys Rådgivning AS at a fixed now, with logins a script can use', () => {
    expect(s.name).toBe('Fjordlys Rådgivning AS');
    expect(s.now).toBe('2026-11-20T09:00:00.000Z');
    expect(t.applicationId).toMatch(GUID);
    expect(t.username && t.password && b.token && b.email && b.password).toBeTruthy();
  });

  it('has 15 customers, 25 projects of which some are inactive through an inactive status, and 8 work types', () => {
    expect(t.companies).toHaveLength(15);
    expect(t.projects).toHaveLength(25);
    const off = t.projects.filter((p) => inactive.has(p.statusId));
    expect(off.length).toBeGreaterThanOrEqual(3);
    expect(off.length).toBeLessThanOrEqual(7);
    expect(t.workTypes.map((w) => w.name)).toEqual([
      'Rådgivning',
      'Utvikling',
      'Prosjektledelse',
      'Reise',
      'Møte',
      'Dokumentasjon',
      'Support',
      'Intern tid',
    ]);
    expect(t.workTypes.filter((w) => w.invoiceable).every((w) => w.productId !== null && w.price > 0)).toBe(true);
  });

  it('has about 10 users on each side; two Busy users have no 24SO user', () => {
    expect(t.users.length).toBeGreaterThanOrEqual(9);
    expect(b.users.length).toBeGreaterThanOrEqual(9);
    expect(b.users.filter((u) => u.tfsoContactId === null)).toHaveLength(2);
    expect(t.integrationUser.name).toBe('Ola Hansen');
    expect(t.users.map((u) => u.contactId)).toContain(t.integrationUser.contactId);
    expect(b.users.filter((u) => u.isAdmin).map((u) => u.email)).toEqual([b.email]);
  });

  it('has tasks with participants and tasks without; only the former are mirrored in Busy (R14)', () => {
    expect(t.tasks.some((k) => k.participants.length > 0)).toBe(true);
    expect(t.tasks.some((k) => k.participants.length === 0)).toBe(true);
    const mirrored = new Set(b.tasks.map((k) => Number(k.externalId)));
    for (const k of t.tasks.filter((x) => x.participants.length === 0)) expect(mirrored.has(k.id)).toBe(false);
    expect(b.tasks.length).toBeGreaterThan(0);
  });

  it('has two identities: the main company (default) and Fjordlys Holding AS', () => {
    expect(t.identities.map((i) => [i.clientName, i.isDefault])).toEqual([
      ['Fjordlys Rådgivning AS', true],
      ['Fjordlys Holding AS', false],
    ]);
    for (const i of t.identities) expect(i.id).toMatch(GUID);
  });

  it('names carry æ, ø and å, and a customer name carries XML-special characters', () => {
    const names = [...t.users.map((u) => u.name), ...t.companies.map((c) => c.name), ...t.projects.map((p) => p.name)].join(' ');
    for (const ch of ['æ', 'ø', 'å', 'Ø', 'Å']) expect(names).toContain(ch);
    expect(t.companies.some((c) => /[&<>]/.test(c.name))).toBe(true);
  });

  it('org numbers are 9 digits with a valid mod-11 check digit (or null)', () => {
    const w = [3, 2, 7, 6, 5, 4, 3, 2];
    for (const c of t.companies) {
      if (c.organizationNumber === null) continue;
      expect(c.organizationNumber).toMatch(/^\d{9}$/);
      const d = [...c.organizationNumber].map(Number);
      const r = 11 - (w.reduce((sum, x, i) => sum + x * d[i], 0) % 11);
      expect(r === 11 ? 0 : r).toBe(d[8]);
    }
  });

  it('every reference resolves, on each side and across', () => {
    expect(danglingRefs(s)).toEqual([]);
    expect(uniqueIds(s)).toEqual([]);
  });

  it('Busy mirrors most active projects as an earlier sync left them: number = externalId = 24SO id', () => {
    const active = t.projects.filter((p) => !inactive.has(p.statusId));
    const mirroredActive = active.filter((p) => b.projects.some((bp) => bp.externalId === String(p.id)));
    expect(mirroredActive.length / active.length).toBeGreaterThan(0.7);
    expect(mirroredActive.length).toBeLessThan(active.length); // some are new since the last sync
    for (const bp of b.projects.filter((p) => p.externalId !== null)) expect(bp.number).toBe(bp.externalId);
    expect(b.tags.filter((g) => g.externalId !== null).map((g) => g.name)).toEqual(t.workTypes.map((w) => w.name));
  });

  it('Busy has one project and one tag of its own (no externalId, no number)', () => {
    expect(b.projects.filter((p) => p.externalId === null)).toEqual([expect.objectContaining({ number: null })]);
    expect(b.tags.filter((g) => g.externalId === null)).toHaveLength(1);
  });

  it('24SO has changes after the last sync, so a first sync has work in both directions', () => {
    const changedAfter = (iso: string) => Date.parse(iso) > Date.parse(LAST_SYNC_AT);
    expect(t.projects.some((p) => changedAfter(p.dateChanged))).toBe(true);
    expect(t.companies.some((c) => changedAfter(c.dateChanged))).toBe(true);
    expect(Date.parse(LAST_SYNC_AT)).toBeLessThan(Date.parse(s.now));
  });

  it('has two weeks of 7.5-hour working days of hours, some approved, some submitted, some not', () => {
    const perUserDay = new Map<string, number>();
    for (const h of b.hourEntries.filter((x) => x.isActive)) {
      const k = `${h.userId} ${h.startTime.slice(0, 10)}`;
      perUserDay.set(k, (perUserDay.get(k) ?? 0) + h.totalMinutes);
      expect(Date.parse(h.stopTime) - Date.parse(h.startTime)).toBe(h.totalMinutes * 60_000);
      expect(Date.parse(h.stopTime)).toBeLessThan(Date.parse(s.now));
    }
    const days = new Set([...perUserDay.keys()].map((k) => k.split(' ')[1]));
    expect(days.size).toBeGreaterThanOrEqual(8);
    expect(Math.max(...[...days].map(Date.parse)) - Math.min(...[...days].map(Date.parse))).toBeGreaterThanOrEqual(7 * 86_400_000);
    // Every full day is 7.5 h (a day with a deleted entry may be shorter).
    const full = [...perUserDay.values()].filter((m) => m === 450);
    expect(full.length / perUserDay.size).toBeGreaterThan(0.9);
    const statuses = new Set(b.hourEntries.map((h) => h.approvalStatus));
    expect([...statuses].sort()).toEqual(['approved', 'none', 'submitted']);
    expect(b.hourEntries.every((h) => h.externalId === null)).toBe(true);
  });

  it('users without a 24SO user log hours too (their hours go on the integration user, R18)', () => {
    const unmapped = new Set(b.users.filter((u) => u.tfsoContactId === null).map((u) => u.id));
    expect(b.hourEntries.some((h) => unmapped.has(h.userId))).toBe(true);
  });

  it("Busy ids are numeric strings and names fit Busy's length limits", () => {
    for (const x of [...b.users, ...b.clients, ...b.projects, ...b.tags, ...b.tasks, ...b.hourEntries]) expect(x.id).toMatch(NUMERIC);
    for (const c of b.clients) {
      expect(c.name.length).toBeGreaterThanOrEqual(2);
      expect(c.name.length).toBeLessThanOrEqual(50);
    }
    for (const g of b.tags) expect(g.name.length).toBeLessThanOrEqual(64);
    for (const k of b.tasks) expect(k.name.length).toBeGreaterThanOrEqual(2);
  });
});

describe('large:N seed', () => {
  it('scales every collection with N (projects ≈ 50·N, customers ≈ 30·N, users ≈ 10+N, hours ≈ 200·N)', () => {
    for (const n of [1, 4]) {
      const s = makeSeed(`large:${n}`);
      expect(s.tfso.projects).toHaveLength(50 * n);
      expect(s.tfso.companies).toHaveLength(30 * n);
      expect(s.tfso.users).toHaveLength(10 + n);
      expect(s.tfso.workTypes).toHaveLength(8 + Math.floor(n / 10));
      expect(s.tfso.tasks).toHaveLength(100 * n);
      expect(s.busy.hourEntries.length).toBeGreaterThanOrEqual(180 * n);
      expect(s.busy.hourEntries.length).toBeLessThanOrEqual(200 * n);
      expect(s.tfso.projects.some((p) => p.statusId === 3 || p.statusId === 4)).toBe(true);
    }
  });

  it('large:3 has every reference resolved and every id unique', () => {
    const s = makeSeed('large:3');
    expect(danglingRefs(s)).toEqual([]);
    expect(uniqueIds(s)).toEqual([]);
  });

  // Its speed is measured by `npm run bench` (seed generation is printed there), not asserted here.
  it("large:400 is the benchmark's 20,000-project company", () => {
    const s = makeSeed('large:400');
    expect(s.tfso.projects).toHaveLength(20_000);
    expect(s.busy.hourEntries.length).toBeGreaterThan(70_000);
  });

  it('different N give different companies, but the logins stay the same', () => {
    const a = makeSeed('large:1');
    const b = makeSeed('large:2');
    expect(a.tfso.projects.length).not.toBe(b.tfso.projects.length);
    expect([a.tfso.username, a.tfso.applicationId, a.busy.token]).toEqual([b.tfso.username, b.tfso.applicationId, b.busy.token]);
  });
});
