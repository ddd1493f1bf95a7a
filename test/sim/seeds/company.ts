// Deterministic seed companies: one description of who is who, loaded by both simulators.
// `demo` is hand-written (a Norwegian consultancy, as if Busy had been synced with 24SO a few days
// before `now`, with work waiting both ways); `large:N` is generated with a seeded PRNG.
import type {
  SeedBusy,
  SeedBusyClient,
  SeedBusyHourEntry,
  SeedBusyProject,
  SeedBusyTag,
  SeedBusyTask,
  SeedBusyUser,
  SeedCompany,
  SeedName,
  SeedTfso,
  SeedTfsoCompany,
  SeedTfsoIdentity,
  SeedTfsoProject,
  SeedTfsoProjectStatus,
  SeedTfsoTask,
  SeedTfsoUser,
  SeedTfsoWorkType,
} from './types.js';

/** A Friday morning; every seed is drawn relative to it. */
export const SEED_NOW = '2026-11-20T09:00:00.000Z';
/** When the "earlier sync" of the demo ran: Busy mirrors 24SO as it was then. */
export const LAST_SYNC_AT = '2026-11-17T05:00:00.000Z';
export const COMPANY_NAME = 'Fjordlys Rådgivning AS';
export const SECOND_CLIENT_NAME = 'Fjordlys Holding AS';

// Logins are the same in every seed, so scripts and people can rely on them.
export const TFSO_APPLICATION_ID = '6f1c2a7e-3b9d-4e58-a0c4-9d2b7e15f3a8';
export const TFSO_USERNAME = 'ola.hansen@fjordlys.no';
export const TFSO_PASSWORD = 'Fjordlys-2026!';
export const BUSY_EMAIL = 'kari.nordmann@fjordlys.no';
export const BUSY_PASSWORD = 'Fjordlys-2026!';
export const BUSY_TOKEN = 'busy_pat_3f9a1c7d5e2b4a6c8d0e1f2a3b4c5d6e';

const MAIN_CLIENT_ID = 2161837;
const SECOND_CLIENT_ID = 2163390;
const MAIN_IDENTITY_ID = 'b3e2a1d4-5c6f-4a7b-8c9d-0e1f2a3b4c5d';
const SECOND_IDENTITY_ID = 'c4f3b2e5-6d7a-4b8c-9d0e-1f2a3b4c5d6e';

// Busy ids are numeric strings; each kind has its own range so a mixed-up id never resolves.
const BUSY_ID_BASE = { user: 11000, client: 12000, project: 13000, tag: 14000, task: 15000, hour: 16000 };

const STATUSES: SeedTfsoProjectStatus[] = [
  { id: 1, name: 'Aktiv', active: true },
  { id: 2, name: 'Tilbud', active: true },
  { id: 3, name: 'Avsluttet', active: false },
  { id: 4, name: 'Kansellert', active: false },
];

// ---------------------------------------------------------------- helpers

/** mulberry32, seeded from a string (FNV-1a), so every seed name has its own stable stream. */
export function makeRng(seed: string): () => number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rng: () => number, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
const int = (rng: () => number, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));

/** A valid Norwegian organisation number (9 digits, mod 11 check digit). */
function orgNumber(rng: () => number): string {
  const w = [3, 2, 7, 6, 5, 4, 3, 2];
  for (;;) {
    const d = [8 + int(rng, 0, 1), ...Array.from({ length: 7 }, () => int(rng, 0, 9))];
    const r = 11 - (d.reduce((s, x, i) => s + x * w[i], 0) % 11);
    if (r === 10) continue;
    return d.join('') + String(r === 11 ? 0 : r);
  }
}

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const daysBefore = (at: string, days: number, hourUtc = 8) => {
  const d = new Date(Date.parse(at) - days * DAY);
  d.setUTCHours(hourUtc, 0, 0, 0);
  return d.toISOString();
};
const dateOnlyBefore = (at: string, days: number) => `${daysBefore(at, days, 0).slice(0, 10)}T00:00:00.000Z`;
/** Oslo wall-clock time on a November/December day (CET, UTC+1) as a UTC instant. */
const osloCet = (day: string, hh: number, mm: number) => Date.parse(`${day}T00:00:00.000Z`) + ((hh - 1) * 60 + mm) * 60_000;

/** The working days (Mon–Fri) of the two weeks of hours: week 46 and week 47 up to the day before `now`. */
function hourDays(now: string): string[] {
  const days: string[] = [];
  for (let back = 11; back >= 1; back--) {
    const d = new Date(Date.parse(now) - back * DAY);
    const wd = d.getUTCDay();
    if (wd !== 0 && wd !== 6) days.push(d.toISOString().slice(0, 10));
  }
  return days;
}

const ascii = (s: string) =>
  s
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'o')
    .replace(/å/g, 'a')
    .replace(/[^a-z0-9]+/g, '.')
    .replace(/^\.|\.$/g, '');

// ---------------------------------------------------------------- shared Busy derivation

interface BusyPlan {
  /** Busy users (ids assigned here), in order; `tfsoContactId` links to the 24SO side. */
  users: Omit<SeedBusyUser, 'id'>[];
  /** Which 24SO projects Busy already mirrors, and how; absent = not synced yet. */
  mirror: Map<number, { isActive: boolean; name?: string }>;
  /** 24SO companies Busy already mirrors (customers of mirrored projects are added regardless). */
  mirrorCompanies: Set<number>;
  /** Extra Busy members of mirrored projects (by 24SO project id), as Busy user emails. */
  extraMembers?: Map<number, string[]>;
  busyOnlyProject?: { name: string; memberEmails: string[] };
  busyOnlyTag?: string;
  hours: {
    perUserDay: (userIndex: number, dayIndex: number) => number;
    describe: (rng: () => number) => string | null;
    approval: (userIndex: number, dayIndex: number, days: number) => SeedBusyHourEntry['approvalStatus'];
    deletedEvery?: number;
  };
}

function deriveBusy(tfso: SeedTfso, plan: BusyPlan, rng: () => number, now: string): SeedBusy {
  const syncedAt = LAST_SYNC_AT;
  const users: SeedBusyUser[] = plan.users.map((u, i) => ({ ...u, id: String(BUSY_ID_BASE.user + 1 + i) }));
  const userByContact = new Map<number, SeedBusyUser>();
  for (const u of users) if (u.tfsoContactId !== null) userByContact.set(u.tfsoContactId, u);
  const userByEmail = new Map(users.map((u) => [u.email, u]));

  const tags: SeedBusyTag[] = tfso.workTypes.map((wt, i) => ({
    id: String(BUSY_ID_BASE.tag + 1 + i),
    name: wt.name,
    externalId: String(wt.id),
    isActive: wt.active,
    updatedAt: syncedAt,
  }));
  const tagByWorkType = new Map(tfso.workTypes.map((wt, i) => [wt.id, tags[i]]));
  const billableTagIds = tfso.workTypes.filter((w) => w.invoiceable && w.active).map((w) => tagByWorkType.get(w.id)!.id);
  const internalTagIds = tfso.workTypes
    .filter((w) => (!w.invoiceable || /^Møte/.test(w.name)) && w.active)
    .map((w) => tagByWorkType.get(w.id)!.id);
  let busyOnlyTag: SeedBusyTag | undefined;
  if (plan.busyOnlyTag) {
    busyOnlyTag = {
      id: String(BUSY_ID_BASE.tag + tags.length + 1),
      name: plan.busyOnlyTag,
      externalId: null,
      isActive: true,
      updatedAt: daysBefore(now, 2, 12),
    };
    tags.push(busyOnlyTag);
  }

  const companyIds = new Set(plan.mirrorCompanies);
  const mirrored = tfso.projects.filter((p) => plan.mirror.has(p.id));
  for (const p of mirrored) if (p.customerId !== null) companyIds.add(p.customerId);
  const clients: SeedBusyClient[] = [];
  const clientByCompany = new Map<number, SeedBusyClient>();
  for (const c of tfso.companies) {
    if (!companyIds.has(c.id)) continue;
    const client: SeedBusyClient = {
      id: String(BUSY_ID_BASE.client + 1 + clients.length),
      name: c.name,
      organizationNumber: c.organizationNumber,
      externalId: String(c.id),
      isActive: true,
      updatedAt: syncedAt,
    };
    clients.push(client);
    clientByCompany.set(c.id, client);
  }

  const projects: SeedBusyProject[] = [];
  const projectByTfso = new Map<number, SeedBusyProject>();
  for (const p of mirrored) {
    const m = plan.mirror.get(p.id)!;
    const members: string[] = [];
    for (const cid of [p.projectLeaderId, ...p.participants]) {
      const u = userByContact.get(cid);
      if (u && !members.includes(u.id)) members.push(u.id);
    }
    for (const email of plan.extraMembers?.get(p.id) ?? []) {
      const u = userByEmail.get(email);
      if (u && !members.includes(u.id)) members.push(u.id);
    }
    const bp: SeedBusyProject = {
      id: String(BUSY_ID_BASE.project + 1 + projects.length),
      number: String(p.id),
      name: m.name ?? p.name,
      clientId: p.customerId === null ? null : clientByCompany.get(p.customerId)!.id,
      externalId: String(p.id),
      isActive: m.isActive,
      isTaskBased: false,
      isBillable: p.customerId !== null,
      updatedAt: syncedAt,
      userIds: members,
      tagIds: p.customerId === null ? internalTagIds : billableTagIds,
    };
    projects.push(bp);
    projectByTfso.set(p.id, bp);
  }
  if (plan.busyOnlyProject) {
    projects.push({
      id: String(BUSY_ID_BASE.project + 1 + projects.length),
      number: null,
      name: plan.busyOnlyProject.name,
      clientId: null,
      externalId: null,
      isActive: true,
      isTaskBased: false,
      isBillable: false,
      updatedAt: daysBefore(now, 2, 13),
      userIds: plan.busyOnlyProject.memberEmails.map((e) => userByEmail.get(e)!.id),
      tagIds: [...internalTagIds, ...(busyOnlyTag ? [busyOnlyTag.id] : [])],
    });
  }

  // Only tasks with participants reach Busy (R14); assignees become project members.
  const tasks: SeedBusyTask[] = [];
  for (const t of tfso.tasks) {
    const bp = projectByTfso.get(t.projectId);
    if (!bp || t.participants.length === 0) continue;
    const assigneeIds = t.participants.map((c) => userByContact.get(c)?.id).filter((x): x is string => !!x);
    for (const a of assigneeIds) if (!bp.userIds.includes(a)) bp.userIds.push(a);
    tasks.push({
      id: String(BUSY_ID_BASE.task + 1 + tasks.length),
      projectId: bp.id,
      name: t.name,
      state: Date.parse(t.dateStart) < Date.parse(now) ? 'in-progress' : 'todo',
      externalId: String(t.id),
      isActive: bp.isActive,
      assigneeIds,
      updatedAt: syncedAt,
    });
  }

  // Hours: 7.5 h per user and working day, on active projects the user is a member of.
  const activeProjectsOf = new Map<string, SeedBusyProject[]>();
  for (const bp of projects) {
    if (!bp.isActive) continue;
    for (const uid of bp.userIds) {
      let xs = activeProjectsOf.get(uid);
      if (!xs) activeProjectsOf.set(uid, (xs = []));
      xs.push(bp);
    }
  }
  const tasksByProjectUser = new Map<string, SeedBusyTask[]>();
  for (const t of tasks)
    for (const a of t.assigneeIds) {
      const k = `${t.projectId}/${a}`;
      let xs = tasksByProjectUser.get(k);
      if (!xs) tasksByProjectUser.set(k, (xs = []));
      xs.push(t);
    }
  const invoiceableTag = new Set(tfso.workTypes.filter((w) => w.invoiceable).map((w) => tagByWorkType.get(w.id)!.id));
  const days = hourDays(now);
  const hourEntries: SeedBusyHourEntry[] = [];
  users.forEach((u, ui) => {
    const mine = activeProjectsOf.get(u.id);
    if (!u.isActive || !mine?.length) return;
    days.forEach((day, di) => {
      const n = plan.hours.perUserDay(ui, di);
      if (n <= 0) return;
      const status = plan.hours.approval(ui, di, days.length);
      // 450 minutes split into n blocks (quarter hours when they fit); a 30 min lunch after the first.
      const unit = n <= 30 ? 15 : 1;
      const units = 450 / unit;
      let start = osloCet(day, 8, 0);
      for (let k = 0; k < n; k++) {
        const len = (k === n - 1 ? units - Math.floor(units / n) * (n - 1) : Math.floor(units / n)) * unit;
        const bp = pick(rng, mine);
        const tagId = pick(rng, bp.tagIds);
        const myTasks = tasksByProjectUser.get(`${bp.id}/${u.id}`);
        const taskId = myTasks && rng() < 0.6 ? pick(rng, myTasks).id : null;
        const stop = start + len * 60_000;
        const id = String(BUSY_ID_BASE.hour + 1 + hourEntries.length);
        const deleted = plan.hours.deletedEvery !== undefined && (hourEntries.length + 1) % plan.hours.deletedEvery === 0;
        hourEntries.push({
          id,
          userId: u.id,
          projectId: bp.id,
          tagId,
          taskId,
          startTime: iso(start),
          stopTime: iso(stop),
          totalMinutes: len,
          billableMinutes: bp.isBillable && invoiceableTag.has(tagId) ? len : 0,
          description: plan.hours.describe(rng),
          approvalStatus: deleted ? 'none' : status,
          isActive: !deleted,
          externalId: null,
          updatedAt: iso(status === 'approved' ? Date.parse(daysBefore(now, 4, 11)) : stop + 3_600_000),
        });
        start = stop + (k === 0 && n > 1 && n <= 3 ? 30 * 60_000 : 0);
      }
    });
  });

  return { token: BUSY_TOKEN, email: BUSY_EMAIL, password: BUSY_PASSWORD, users, clients, projects, tags, tasks, hourEntries };
}

function identities(withSecond: boolean): SeedTfsoIdentity[] {
  const main = { id: MAIN_IDENTITY_ID, clientId: MAIN_CLIENT_ID, clientName: COMPANY_NAME, isDefault: true };
  return withSecond
    ? [main, { id: SECOND_IDENTITY_ID, clientId: SECOND_CLIENT_ID, clientName: SECOND_CLIENT_NAME, isDefault: false }]
    : [main];
}

const INTEGRATION_USER: SeedTfsoUser = { contactId: 1001, userId: 2001, name: 'Ola Hansen', email: TFSO_USERNAME, employeeId: 1 };
const BUSY_ADMIN = { email: BUSY_EMAIL, displayName: 'Kari Nordmann' };

// ---------------------------------------------------------------- empty

function emptySeed(): SeedCompany {
  return {
    name: COMPANY_NAME,
    now: SEED_NOW,
    tfso: {
      applicationId: TFSO_APPLICATION_ID,
      username: TFSO_USERNAME,
      password: TFSO_PASSWORD,
      identities: identities(false),
      integrationUser: { ...INTEGRATION_USER },
      users: [{ ...INTEGRATION_USER }],
      companies: [],
      projectStatuses: STATUSES.map((s) => ({ ...s })),
      projects: [],
      tasks: [],
      workTypes: [],
    },
    busy: {
      token: BUSY_TOKEN,
      email: BUSY_EMAIL,
      password: BUSY_PASSWORD,
      users: [
        {
          id: String(BUSY_ID_BASE.user + 1),
          ...BUSY_ADMIN,
          isAdmin: true,
          isActive: true,
          externalId: null,
          employeeCode: null,
          tfsoContactId: null,
        },
      ],
      clients: [],
      projects: [],
      tags: [],
      tasks: [],
      hourEntries: [],
    },
  };
}

// ---------------------------------------------------------------- demo

// 24SO users; `busy` = also a Busy user (the integration user and the accountant are not).
const DEMO_USERS: { key: string; name: string; busy: boolean }[] = [
  { key: 'ola', name: 'Ola Hansen', busy: false },
  { key: 'kari', name: 'Kari Nordmann', busy: true },
  { key: 'orjan', name: 'Ørjan Bø', busy: true },
  { key: 'ase', name: 'Åse Ødegård', busy: true },
  { key: 'magnus', name: 'Magnus Kværnø', busy: true },
  { key: 'ingrid', name: 'Ingrid Strøm', busy: true },
  { key: 'hakon', name: 'Håkon Sæther', busy: true },
  { key: 'sigrid', name: 'Sigrid Løvås', busy: true },
  { key: 'eirik', name: 'Eirik Aas', busy: true },
  { key: 'liv', name: 'Liv Aasen', busy: false },
];
// Busy users with no 24SO user: their hours go on the integration user (R18).
const DEMO_BUSY_ONLY_USERS = [
  { displayName: 'Mathilde Brænne', email: 'mathilde.braenne@fjordlys.no' },
  { displayName: 'Jonas Lie', email: 'jonas@lie-design.no', emailless: true },
];
/** 24SO users whose Busy user has no address in the real Busy (served `email: ""` with `emptyEmails`). */
const DEMO_EMAILLESS = new Set(['magnus']);

// [name, orgNumber?, dateChanged: days before now]; org numbers come from the PRNG unless null.
const DEMO_CUSTOMERS: { name: string; org: boolean; changedDaysAgo: number }[] = [
  { name: 'Havbris Sjømat AS', org: true, changedDaysAgo: 210 },
  { name: 'Lillehammer Sportssenter AS', org: true, changedDaysAgo: 180 },
  { name: 'Skagerak Logistikk AS', org: true, changedDaysAgo: 400 },
  { name: 'Fjellheim Eiendom AS', org: true, changedDaysAgo: 95 },
  { name: 'Østlandske Kraft ASA', org: true, changedDaysAgo: 60 },
  { name: 'Berg & Sønner <Bygg> AS', org: true, changedDaysAgo: 45 },
  { name: 'Nordkapp Reiseliv AS', org: true, changedDaysAgo: 300 },
  { name: 'Ålesund Maritime Tjenester AS', org: true, changedDaysAgo: 1 }, // changed after the last sync
  { name: 'Vestfold Regnskap & Revisjon AS', org: true, changedDaysAgo: 500 },
  { name: 'Trondheim kommune', org: true, changedDaysAgo: 30 },
  { name: 'Nøkken Barnehage SA', org: true, changedDaysAgo: 120 },
  { name: 'Hvaler Marina AS', org: true, changedDaysAgo: 75 },
  { name: 'Mo i Rana Stålverk ASA', org: true, changedDaysAgo: 2 }, // new since the last sync
  { name: 'Bjørnstad Arkitekter AS', org: true, changedDaysAgo: 150 },
  { name: 'Dr. Solberg Tannklinikk', org: false, changedDaysAgo: 20 },
];

type Mirror = 'active' | 'archived' | 'stale-active' | 'renamed' | null;
// customer: index into DEMO_CUSTOMERS (1-based) or null; status: STATUSES id; mirror: the Busy side.
const DEMO_PROJECTS: {
  name: string;
  customer: number | null;
  status: number;
  leader: string;
  team: string[];
  startedDaysAgo: number;
  changedDaysAgo: number;
  mirror: Mirror;
  oldName?: string;
}[] = [
  {
    name: 'Digital strategi 2027',
    customer: 1,
    status: 1,
    leader: 'kari',
    team: ['orjan', 'ase'],
    startedDaysAgo: 60,
    changedDaysAgo: 20,
    mirror: 'active',
  },
  {
    name: 'Ny nettbutikk',
    customer: 2,
    status: 1,
    leader: 'magnus',
    team: ['ase', 'eirik'],
    startedDaysAgo: 120,
    changedDaysAgo: 15,
    mirror: 'active',
  },
  {
    name: 'ERP-innføring',
    customer: 3,
    status: 1,
    leader: 'ingrid',
    team: ['hakon', 'liv'],
    startedDaysAgo: 200,
    changedDaysAgo: 40,
    mirror: 'active',
  },
  {
    name: 'Energimerking av bygg',
    customer: 4,
    status: 1,
    leader: 'hakon',
    team: ['sigrid'],
    startedDaysAgo: 90,
    changedDaysAgo: 30,
    mirror: 'active',
  },
  {
    name: 'Sikkerhetsrevisjon',
    customer: 5,
    status: 1,
    leader: 'eirik',
    team: ['magnus'],
    startedDaysAgo: 45,
    changedDaysAgo: 12,
    mirror: 'active',
  },
  {
    name: 'Rehabilitering Bryggen 12',
    customer: 6,
    status: 1,
    leader: 'hakon',
    team: ['kari', 'sigrid'],
    startedDaysAgo: 40,
    changedDaysAgo: 10,
    mirror: 'active',
  },
  {
    name: 'Bookingløsning',
    customer: 7,
    status: 1,
    leader: 'orjan',
    team: ['ase'],
    startedDaysAgo: 150,
    changedDaysAgo: 1,
    mirror: 'renamed',
    oldName: 'Bookingsystem',
  },
  {
    name: 'Flåtestyring',
    customer: 8,
    status: 1,
    leader: 'sigrid',
    team: ['eirik', 'ingrid'],
    startedDaysAgo: 75,
    changedDaysAgo: 25,
    mirror: 'active',
  },
  {
    name: 'Økonomirutiner',
    customer: 9,
    status: 1,
    leader: 'ingrid',
    team: ['liv'],
    startedDaysAgo: 300,
    changedDaysAgo: 50,
    mirror: 'active',
  },
  {
    name: 'Byutvikling Nedre Elvehavn',
    customer: 10,
    status: 1,
    leader: 'kari',
    team: ['hakon', 'sigrid', 'orjan'],
    startedDaysAgo: 100,
    changedDaysAgo: 18,
    mirror: 'active',
  },
  {
    name: 'Foreldreportal',
    customer: 11,
    status: 1,
    leader: 'magnus',
    team: ['eirik'],
    startedDaysAgo: 50,
    changedDaysAgo: 22,
    mirror: 'active',
  },
  {
    name: 'Havneutvidelse fase 2',
    customer: 12,
    status: 1,
    leader: 'orjan',
    team: ['hakon'],
    startedDaysAgo: 35,
    changedDaysAgo: 9,
    mirror: 'active',
  },
  {
    name: 'Bærekraftsrapport 2026',
    customer: 5,
    status: 1,
    leader: 'kari',
    team: ['ingrid'],
    startedDaysAgo: 80,
    changedDaysAgo: 14,
    mirror: 'active',
  },
  {
    name: 'Tegningsarkiv',
    customer: 14,
    status: 1,
    leader: 'ase',
    team: ['magnus'],
    startedDaysAgo: 65,
    changedDaysAgo: 33,
    mirror: 'active',
  },
  {
    name: 'Pasientjournal-integrasjon',
    customer: 15,
    status: 2,
    leader: 'eirik',
    team: ['magnus'],
    startedDaysAgo: 20,
    changedDaysAgo: 8,
    mirror: 'active',
  },
  {
    name: 'Intern: Kompetanseheving',
    customer: null,
    status: 1,
    leader: 'kari',
    team: ['orjan', 'ase', 'magnus', 'ingrid', 'hakon', 'sigrid', 'eirik'],
    startedDaysAgo: 320,
    changedDaysAgo: 60,
    mirror: 'active',
  },
  {
    name: 'Intern: Salg og tilbud',
    customer: null,
    status: 1,
    leader: 'kari',
    team: ['orjan', 'ingrid'],
    startedDaysAgo: 320,
    changedDaysAgo: 60,
    mirror: 'active',
  },
  {
    name: 'Skymigrering (pilot)',
    customer: 3,
    status: 3,
    leader: 'eirik',
    team: ['magnus'],
    startedDaysAgo: 400,
    changedDaysAgo: 150,
    mirror: 'archived',
  },
  {
    name: 'Markedsanalyse Nord-Norge',
    customer: 7,
    status: 1,
    leader: 'orjan',
    team: ['sigrid'],
    startedDaysAgo: 2,
    changedDaysAgo: 2,
    mirror: null,
  },
  {
    name: 'Ladeinfrastruktur',
    customer: 13,
    status: 2,
    leader: 'hakon',
    team: ['eirik'],
    startedDaysAgo: 1,
    changedDaysAgo: 1,
    mirror: null,
  },
  {
    name: 'Personvernrådgivning (GDPR)',
    customer: 10,
    status: 1,
    leader: 'ingrid',
    team: ['kari'],
    startedDaysAgo: 1,
    changedDaysAgo: 1,
    mirror: null,
  },
  {
    name: 'Nettside 2024',
    customer: 1,
    status: 3,
    leader: 'magnus',
    team: ['ase'],
    startedDaysAgo: 600,
    changedDaysAgo: 330,
    mirror: 'archived',
  },
  {
    name: 'Anbudsprosess kantine',
    customer: 10,
    status: 4,
    leader: 'kari',
    team: [],
    startedDaysAgo: 250,
    changedDaysAgo: 190,
    mirror: 'archived',
  },
  {
    name: 'Lageroptimalisering',
    customer: 3,
    status: 3,
    leader: 'ingrid',
    team: ['hakon'],
    startedDaysAgo: 220,
    changedDaysAgo: 1,
    mirror: 'stale-active',
  }, // closed since the last sync
  {
    name: 'Årsoppgjør 2025',
    customer: 9,
    status: 3,
    leader: 'liv',
    team: ['ingrid'],
    startedDaysAgo: 330,
    changedDaysAgo: 200,
    mirror: 'archived',
  },
];

// Tasks on 24SO projects (project index 1-based into DEMO_PROJECTS); an empty team stays out of Busy (R14).
const DEMO_TASKS: { project: number; name: string; team: string[] }[] = [
  { project: 1, name: 'Kartlegging av dagens løsning', team: ['kari', 'orjan'] },
  { project: 1, name: 'Workshop med ledelsen', team: [] },
  { project: 2, name: 'Designskisser', team: ['ase'] },
  { project: 2, name: 'Betalingsintegrasjon (Vipps & kort)', team: ['magnus', 'eirik'] },
  { project: 2, name: 'Brukertesting', team: [] },
  { project: 3, name: 'Datamigrering', team: ['ingrid', 'hakon'] },
  { project: 3, name: 'Opplæring av nøkkelbrukere', team: [] },
  { project: 6, name: 'Tilstandsrapport', team: ['hakon'] },
  { project: 8, name: 'Kravspesifikasjon', team: ['sigrid', 'eirik'] },
  { project: 10, name: 'Innbyggerundersøkelse', team: [] },
  { project: 13, name: 'Datainnsamling', team: ['ingrid'] },
  { project: 16, name: 'Kurs: skyarkitektur', team: ['eirik', 'magnus'] },
  { project: 21, name: 'Risikovurdering', team: ['ingrid'] },
];

const DEMO_WORK_TYPES: Omit<SeedTfsoWorkType, 'id'>[] = [
  { name: 'Rådgivning', invoiceable: true, price: 1450, productId: 3001, active: true },
  { name: 'Utvikling', invoiceable: true, price: 1250, productId: 3002, active: true },
  { name: 'Prosjektledelse', invoiceable: true, price: 1350, productId: 3003, active: true },
  { name: 'Reise', invoiceable: true, price: 850, productId: 3004, active: true },
  { name: 'Møte', invoiceable: true, price: 1250, productId: 3005, active: true },
  { name: 'Dokumentasjon', invoiceable: true, price: 1050, productId: 3006, active: true },
  { name: 'Support', invoiceable: true, price: 950.5, productId: 3007, active: true },
  { name: 'Intern tid', invoiceable: false, price: 0, productId: null, active: true },
];

const DESCRIPTIONS = [
  'Gjennomgang av krav med kunden',
  'Møte med prosjektgruppen',
  'Utvikling av API-integrasjon',
  'Feilretting etter test',
  'Skrev statusrapport',
  'Forberedelse til styremøte',
  'Befaring på byggeplass',
  'Oppfølging av leverandør',
  'Dokumentasjon av rutiner',
  'Telefonmøte – avklaring av omfang',
  'Kodegjennomgang',
  'Workshop: «målbilde 2027»',
  'Møte med Berg & Sønner <Bygg> om tilbud',
  'Reise Oslo–Trondheim',
  'Support: pålogging feiler',
  'Intern opplæring',
];

function demoSeed(): SeedCompany {
  const rng = makeRng('demo');
  const now = SEED_NOW;
  const byKey = new Map<string, SeedTfsoUser>();
  const users: SeedTfsoUser[] = DEMO_USERS.map((u, i) => {
    const user: SeedTfsoUser =
      i === 0
        ? { ...INTEGRATION_USER }
        : { contactId: 1001 + i, userId: 2001 + i, name: u.name, email: `${ascii(u.name)}@fjordlys.no`, employeeId: 1 + i };
    byKey.set(u.key, user);
    return user;
  });
  const contact = (k: string) => byKey.get(k)!.contactId;

  const companies: SeedTfsoCompany[] = DEMO_CUSTOMERS.map((c, i) => ({
    id: 10001 + i,
    name: c.name,
    organizationNumber: c.org ? orgNumber(rng) : null,
    email: `post@${ascii(c.name.replace(/<|>/g, ''))
      .replace(/\.(as|asa|sa|kf)$/, '')
      .replace(/\./g, '')}.no`,
    dateChanged: daysBefore(now, c.changedDaysAgo, 10),
    active: true,
  }));

  const projects: SeedTfsoProject[] = DEMO_PROJECTS.map((p, i) => {
    // The leader is a participant too (first), like the members of a Busy project.
    const participants = [...new Set([p.leader, ...p.team, ...DEMO_TASKS.filter((t) => t.project === i + 1).flatMap((t) => t.team)])].map(
      contact,
    );
    return {
      id: 101 + i,
      name: p.name,
      customerId: p.customer === null ? null : 10000 + p.customer,
      statusId: p.status,
      projectLeaderId: contact(p.leader),
      dateStart: dateOnlyBefore(now, p.startedDaysAgo),
      dateChanged: daysBefore(now, p.changedDaysAgo, 9),
      participants,
    };
  });

  const tasks: SeedTfsoTask[] = DEMO_TASKS.map((t, i) => {
    const p = projects[t.project - 1];
    return {
      id: 501 + i,
      projectId: p.id,
      name: t.name,
      dateStart: p.dateStart,
      dateStop: dateOnlyBefore(now, -int(rng, 20, 120)),
      participants: t.team.map(contact),
    };
  });

  const workTypes: SeedTfsoWorkType[] = DEMO_WORK_TYPES.map((w, i) => ({ id: 1 + i, ...w }));

  const tfso: SeedTfso = {
    applicationId: TFSO_APPLICATION_ID,
    username: TFSO_USERNAME,
    password: TFSO_PASSWORD,
    identities: identities(true),
    integrationUser: { ...INTEGRATION_USER },
    users,
    companies,
    projectStatuses: STATUSES.map((s) => ({ ...s })),
    projects,
    tasks,
    workTypes,
  };

  const busyUsers: Omit<SeedBusyUser, 'id'>[] = [
    ...DEMO_USERS.filter((u) => u.busy).map((u) => {
      const t = byKey.get(u.key)!;
      return {
        email: t.email,
        displayName: t.name,
        isAdmin: t.email === BUSY_EMAIL,
        isActive: true,
        externalId: null,
        employeeCode: String(t.employeeId),
        tfsoContactId: t.contactId,
        ...(DEMO_EMAILLESS.has(u.key) ? { emailless: true } : {}),
      };
    }),
    ...DEMO_BUSY_ONLY_USERS.map((u) => ({
      ...u,
      isAdmin: false,
      isActive: true,
      externalId: null,
      employeeCode: null,
      tfsoContactId: null,
    })),
  ];

  const mirror = new Map<number, { isActive: boolean; name?: string }>();
  DEMO_PROJECTS.forEach((p, i) => {
    if (p.mirror === 'active' || p.mirror === 'stale-active') mirror.set(101 + i, { isActive: true });
    else if (p.mirror === 'archived') mirror.set(101 + i, { isActive: false });
    else if (p.mirror === 'renamed') mirror.set(101 + i, { isActive: true, name: p.oldName });
  });
  const syncMs = Date.parse(LAST_SYNC_AT);
  const mirrorCompanies = new Set(
    companies.filter((c) => Date.parse(c.dateChanged) < syncMs || c.name.startsWith('Ålesund')).map((c) => c.id),
  );

  const busy = deriveBusy(
    tfso,
    {
      users: busyUsers,
      mirror,
      mirrorCompanies,
      extraMembers: new Map([
        [102, ['mathilde.braenne@fjordlys.no', 'jonas@lie-design.no']],
        [104, ['mathilde.braenne@fjordlys.no']],
        [107, ['jonas@lie-design.no']],
        [116, ['mathilde.braenne@fjordlys.no']],
      ]),
      busyOnlyProject: {
        name: 'Intern: Ny nettside for Fjordlys',
        memberEmails: [BUSY_EMAIL, 'mathilde.braenne@fjordlys.no', 'ase.odegard@fjordlys.no'],
      },
      busyOnlyTag: 'Kurs og opplæring',
      hours: {
        perUserDay: (ui, di) => ((ui + di) % 4 === 0 ? 3 : 2),
        describe: (r) => (r() < 0.15 ? null : pick(r, DESCRIPTIONS)),
        // First week: approved for most, submitted for some; this week: submitted for a few, the rest none.
        approval: (ui, di) => (di < 5 ? (ui % 4 === 3 ? 'submitted' : 'approved') : ui % 3 === 0 ? 'submitted' : 'none'),
        deletedEvery: 97,
      },
    },
    rng,
    now,
  );

  return { name: COMPANY_NAME, now, tfso, busy };
}

// ---------------------------------------------------------------- large:N

const FIRST = [
  'Kari',
  'Ola',
  'Åse',
  'Ørjan',
  'Bjørn',
  'Ingrid',
  'Håkon',
  'Sigrid',
  'Eirik',
  'Liv',
  'Marte',
  'Søren',
  'Turid',
  'Jørgen',
  'Solveig',
  'Kåre',
  'Nils',
  'Ragnhild',
  'Øystein',
  'Tone',
];
const LAST = [
  'Nordmann',
  'Hansen',
  'Ødegård',
  'Bø',
  'Strøm',
  'Sæther',
  'Løvås',
  'Aas',
  'Kværnø',
  'Berg',
  'Dahl',
  'Haugen',
  'Lien',
  'Bråten',
  'Engebretsen',
  'Fjære',
  'Grønli',
  'Myrvold',
  'Nygård',
  'Østby',
];
const PLACE = [
  'Fjord',
  'Nord',
  'Vest',
  'Øst',
  'Sør',
  'Fjell',
  'Havn',
  'Skog',
  'Bre',
  'Elv',
  'Strand',
  'Dal',
  'Vik',
  'Ås',
  'Bø',
  'Lys',
  'Sjø',
  'Tind',
  'Ør',
  'Bjørk',
];
const TRADE = [
  'Bygg',
  'Energi',
  'Eiendom',
  'Sjømat',
  'Regnskap',
  'Logistikk',
  'Helse',
  'Media',
  'Teknikk',
  'Reiseliv',
  'Kraft',
  'Maskin',
  'Rør',
  'Elektro',
  'Transport',
];
const FORM = ['AS', 'AS', 'AS', 'ASA', 'SA', 'ANS', 'AS'];
const PROJECT_WORD = [
  'Utredning',
  'Oppgradering',
  'Innføring',
  'Analyse',
  'Migrering',
  'Rådgivning',
  'Revisjon',
  'Ombygging',
  'Portal',
  'Integrasjon',
  'Kartlegging',
  'Strategi',
];
const TASK_WORD = ['Forstudie', 'Kravarbeid', 'Gjennomføring', 'Testing', 'Opplæring', 'Overlevering', 'Dokumentasjon', 'Oppfølging'];
const WT_WORD = [
  'Rådgivning',
  'Utvikling',
  'Prosjektledelse',
  'Reise',
  'Møte',
  'Dokumentasjon',
  'Support',
  'Intern tid',
  'Befaring',
  'Analyse',
  'Design',
  'Test',
  'Drift',
  'Kurs',
  'Salg',
];

function largeSeed(n: number): SeedCompany {
  const rng = makeRng(`large:${n}`);
  const now = SEED_NOW;
  const syncMs = Date.parse(LAST_SYNC_AT);

  const userCount = 10 + n;
  const users: SeedTfsoUser[] = [{ ...INTEGRATION_USER }];
  for (let i = 1; i < userCount; i++) {
    const name = `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}${i >= FIRST.length * LAST.length ? ` ${i}` : ''}`;
    users.push({ contactId: 1001 + i, userId: 2001 + i, name, email: `${ascii(name)}.${i}@fjordlys.no`, employeeId: 1 + i });
  }
  const staff = users.slice(1);

  const customerCount = 30 * n;
  const companies: SeedTfsoCompany[] = [];
  for (let i = 0; i < customerCount; i++) {
    const base = `${PLACE[i % PLACE.length]}${TRADE[Math.floor(i / PLACE.length) % TRADE.length].toLowerCase()}`;
    const name = `${base} ${i + 1} ${pick(rng, FORM)}`;
    companies.push({
      id: 10001 + i,
      name,
      organizationNumber: rng() < 0.95 ? orgNumber(rng) : null,
      email: rng() < 0.7 ? `post@${ascii(base)}${i + 1}.no` : null,
      dateChanged: daysBefore(now, int(rng, 0, 700), 10),
      active: rng() < 0.97,
    });
  }
  if (companies[5]) companies[5].name = 'Berg & Sønner <Bygg> AS';

  const workTypes: SeedTfsoWorkType[] = [];
  const wtCount = 8 + Math.floor(n / 10);
  for (let i = 0; i < wtCount; i++) {
    const name = i < WT_WORD.length ? WT_WORD[i] : `${WT_WORD[i % WT_WORD.length]} ${Math.floor(i / WT_WORD.length) + 1}`;
    const invoiceable = name !== 'Intern tid';
    workTypes.push({
      id: 1 + i,
      name,
      invoiceable,
      price: invoiceable ? int(rng, 8, 16) * 100 : 0,
      productId: invoiceable ? 3001 + i : null,
      active: rng() < 0.95 || i < 8,
    });
  }

  const projectCount = 50 * n;
  const projects: SeedTfsoProject[] = [];
  const tasks: SeedTfsoTask[] = [];
  const activeStatuses = STATUSES.filter((s) => s.active).map((s) => s.id);
  const inactiveStatuses = STATUSES.filter((s) => !s.active).map((s) => s.id);
  const liveCompanies = companies.filter((c) => c.active);
  for (let i = 0; i < projectCount; i++) {
    const leader = pick(rng, staff).contactId;
    const team = new Set<number>([leader]);
    const size = int(rng, 2, 5);
    while (team.size < Math.min(size, staff.length)) team.add(pick(rng, staff).contactId);
    const customer = rng() < 0.9 && liveCompanies.length ? pick(rng, liveCompanies) : null;
    const started = int(rng, 1, 700);
    const p: SeedTfsoProject = {
      id: 101 + i,
      name: `${pick(rng, PROJECT_WORD)} ${customer ? customer.name.split(' ')[0] : 'intern'} ${i + 1}`,
      customerId: customer?.id ?? null,
      statusId: rng() < 0.8 ? pick(rng, activeStatuses) : pick(rng, inactiveStatuses),
      projectLeaderId: leader,
      dateStart: dateOnlyBefore(now, started),
      dateChanged: daysBefore(now, int(rng, 0, started), 9),
      participants: [...team],
    };
    projects.push(p);
    for (let k = 0; k < 2; k++) {
      const withTeam = rng() < 0.5;
      tasks.push({
        id: 501 + tasks.length,
        projectId: p.id,
        name: `${pick(rng, TASK_WORD)} ${k + 1}`,
        dateStart: p.dateStart,
        dateStop: dateOnlyBefore(now, -int(rng, 10, 200)),
        participants: withTeam ? p.participants.slice(0, int(rng, 1, p.participants.length)) : [],
      });
    }
  }

  const tfso: SeedTfso = {
    applicationId: TFSO_APPLICATION_ID,
    username: TFSO_USERNAME,
    password: TFSO_PASSWORD,
    identities: identities(true),
    integrationUser: { ...INTEGRATION_USER },
    users,
    companies,
    projectStatuses: STATUSES.map((s) => ({ ...s })),
    projects,
    tasks,
    workTypes,
  };

  const busyUsers: Omit<SeedBusyUser, 'id'>[] = staff.map((u, i) => ({
    email: u.email,
    displayName: u.name,
    isAdmin: false,
    isActive: true,
    externalId: null,
    employeeCode: String(u.employeeId),
    tfsoContactId: u.contactId,
    ...(i === 1 ? { emailless: true } : {}),
  }));
  busyUsers.unshift({
    email: BUSY_EMAIL,
    ...{ displayName: BUSY_ADMIN.displayName },
    isAdmin: true,
    isActive: true,
    externalId: null,
    employeeCode: null,
    tfsoContactId: null,
  });
  busyUsers.push({
    email: 'frilanser@example.no',
    displayName: 'Frøydis Frilanser',
    isAdmin: false,
    isActive: true,
    externalId: null,
    employeeCode: null,
    tfsoContactId: null,
    emailless: true,
  });

  const inactive = new Set(inactiveStatuses);
  const mirror = new Map<number, { isActive: boolean }>();
  for (const p of projects) {
    if (Date.parse(p.dateStart) < syncMs && rng() < 0.95) mirror.set(p.id, { isActive: !inactive.has(p.statusId) });
  }
  const mirrorCompanies = new Set(companies.filter((c) => c.active && Date.parse(c.dateChanged) < syncMs).map((c) => c.id));

  // ≈ 200·N entries spread evenly over users × days.
  const busyUserCount = busyUsers.length;
  const days = hourDays(now).length;
  const target = 200 * n;
  const slots = busyUserCount * days;
  const busy = deriveBusy(
    tfso,
    {
      users: busyUsers,
      mirror,
      mirrorCompanies,
      busyOnlyProject: { name: 'Intern: Busy-prosjekt uten 24SO', memberEmails: [BUSY_EMAIL, 'frilanser@example.no'] },
      busyOnlyTag: 'Kurs og opplæring',
      hours: {
        perUserDay: (ui, di) => Math.floor(target / slots) + (ui * days + di < target % slots ? 1 : 0),
        describe: (r) => (r() < 0.2 ? null : pick(r, DESCRIPTIONS)),
        approval: (ui, di) => (di < 5 ? (ui % 4 === 3 ? 'submitted' : 'approved') : ui % 3 === 0 ? 'submitted' : 'none'),
        deletedEvery: 211,
      },
    },
    rng,
    now,
  );

  return { name: COMPANY_NAME, now, tfso, busy };
}

// ---------------------------------------------------------------- entry point

/** A fresh, deterministic company for `name`; the same name always gives an equal value. */
export function makeSeed(name: SeedName): SeedCompany {
  if (name === 'empty') return emptySeed();
  if (name === 'demo') return demoSeed();
  const m = /^large:(\d+)$/.exec(name);
  const n = m ? Number(m[1]) : NaN;
  if (!Number.isInteger(n) || n < 1) throw new Error(`unknown seed "${String(name)}": use empty, demo or large:N (N ≥ 1)`);
  return largeSeed(n);
}
