// The Busy simulator's live state: wire-shaped records (exactly what the API serves) plus the
// links between them (memberships, assignees, invoice lines) and web sessions.
import type { SeedCompany } from '../seeds/types.js';
import type { Client, DraftInvoice, HourEntry, Invoice, InvoiceLine, Project, Tag, Task, User } from './schemas.js';

export interface Membership {
  isProjectManager: boolean;
  hourlyRate: string;
  budget: string | null;
  createdAt: string;
  updatedAt: string;
}
export interface ProjectTagLink {
  hourlyRate: string;
  includeInFixedPrice: boolean;
  isFixedPricePerTag: boolean;
  fixedPricePerTag: string;
  budget: string | null;
  createdAt: string;
  updatedAt: string;
}
export interface Session {
  id: string;
  userId: string;
  createdAt: string;
}

export type ResourceName = 'users' | 'clients' | 'projects' | 'tags' | 'tasks' | 'hourEntries' | 'drafts' | 'invoices' | 'invoiceLines';

const DAY = 86_400_000;

/**
 * A table that also groups its records by one field, so "the records whose field is X" is not a
 * scan of the whole table. Kept in step by `set`/`delete`/`clear` (the API, `load`, tests that
 * write into the state); a record whose grouping field is changed in place must be `set` again
 * (the API's PATCH does). A record found in the wrong group is caught on read and the groups rebuilt.
 */
export class GroupedMap<T> extends Map<string, T> {
  private readonly groups = new Map<string | null, Map<string, T>>();
  /** The group each key was filed under. */
  private readonly filed = new Map<string, string | null>();
  /** Each key's place in the Map's own (insertion) order. */
  private readonly place = new Map<string, number>();
  private next = 0;

  constructor(private readonly groupKey: (v: T) => string | null) {
    super();
  }

  override set(key: string, value: T): this {
    // During super() (no entries given) the fields do not exist yet.
    if (this.place && !super.has(key)) this.place.set(key, this.next++);
    super.set(key, value);
    if (this.groups) this.file(key, value);
    return this;
  }

  override delete(key: string): boolean {
    const had = super.delete(key);
    if (had) {
      this.unfile(key);
      this.place.delete(key);
    }
    return had;
  }

  override clear(): void {
    super.clear();
    this.groups.clear();
    this.filed.clear();
    this.place.clear();
  }

  /** The records whose field equals `g`, in the Map's order (as filtering `values()` gives them). */
  group(g: string | null): T[] {
    const m = this.groups.get(g);
    if (!m) return [];
    const out: [number, T][] = [];
    let sorted = true;
    for (const [k, v] of m) {
      if (this.groupKey(v) !== g || super.get(k) !== v) {
        this.refile();
        return this.group(g);
      }
      const at = this.place.get(k)!;
      if (out.length && at < out[out.length - 1]![0]) sorted = false;
      out.push([at, v]);
    }
    if (!sorted) out.sort((a, b) => a[0] - b[0]);
    return out.map((e) => e[1]);
  }

  private file(key: string, value: T): void {
    const g = this.groupKey(value);
    if (this.filed.has(key)) {
      if (this.filed.get(key) === g) {
        this.groups.get(g)!.set(key, value);
        return;
      }
      this.unfile(key);
    }
    let m = this.groups.get(g);
    if (!m) {
      m = new Map();
      this.groups.set(g, m);
    }
    m.set(key, value);
    this.filed.set(key, g);
  }

  private unfile(key: string): void {
    if (!this.filed.has(key)) return;
    const g = this.filed.get(key)!;
    this.filed.delete(key);
    const m = this.groups.get(g);
    m?.delete(key);
    if (m && !m.size) this.groups.delete(g);
  }

  private refile(): void {
    this.groups.clear();
    this.filed.clear();
    for (const [k, v] of this) this.file(k, v);
  }
}

export class BusyState {
  token = '';
  email = '';
  password = '';
  users = new Map<string, User>();
  clients = new Map<string, Client>();
  /** Grouped by `number` (the uniqueness check on create and update). */
  projects = new GroupedMap<Project>((p) => p.number);
  tags = new Map<string, Tag>();
  /** Grouped by `projectId` (`GET /projects/{id}/tasks`). */
  tasks = new GroupedMap<Task>((t) => t.projectId);
  hourEntries = new Map<string, HourEntry>();
  drafts = new Map<string, DraftInvoice>();
  invoices = new Map<string, Invoice>();
  invoiceLines = new Map<string, InvoiceLine>();
  /** projectId → userId → membership. */
  projectUsers = new Map<string, Map<string, Membership>>();
  /** projectId → tagId → the tag's settings on that project. */
  projectTags = new Map<string, Map<string, ProjectTagLink>>();
  /** taskId → userId → when assigned. */
  taskUsers = new Map<string, Map<string, { createdAt: string }>>();
  /** invoiceLineId → the draft or invoice it belongs to, and its hour entries. */
  lineOwner = new Map<string, string>();
  lineHours = new Map<string, string[]>();
  sessions = new Map<string, Session>();
  /** The `emptyEmails` switch; the addresses of the seed's `emailless` users, by user id. */
  private emptyEmails = false;
  private emailless = new Map<string, string>();
  private seq: Record<string, number> = {};
  private lastStamp = 0;

  constructor(private readonly clock: () => Date) {}

  /** Time for a write: the clock, but strictly later than the previous write so `updatedAt` always moves. */
  stamp(): string {
    let t = this.clock().getTime();
    if (t <= this.lastStamp) t = this.lastStamp + 1;
    this.lastStamp = t;
    return new Date(t).toISOString();
  }

  now(): Date {
    return this.clock();
  }

  nextId(kind: ResourceName): string {
    const n = (this.seq[kind] ?? 1000) + 1;
    this.seq[kind] = n;
    return String(n);
  }

  private bumpSeq(kind: ResourceName, id: string): void {
    const n = Number(id);
    if (Number.isFinite(n) && n > (this.seq[kind] ?? 1000)) this.seq[kind] = n;
  }

  membersOf(projectId: string): Map<string, Membership> {
    let m = this.projectUsers.get(projectId);
    if (!m) {
      m = new Map();
      this.projectUsers.set(projectId, m);
    }
    return m;
  }

  tagsOf(projectId: string): Map<string, ProjectTagLink> {
    let m = this.projectTags.get(projectId);
    if (!m) {
      m = new Map();
      this.projectTags.set(projectId, m);
    }
    return m;
  }

  assigneesOf(taskId: string): Map<string, { createdAt: string }> {
    let m = this.taskUsers.get(taskId);
    if (!m) {
      m = new Map();
      this.taskUsers.set(taskId, m);
    }
    return m;
  }

  /**
   * The `emptyEmails` switch: the seed's `emailless` users are served with `"email": ""` (as the
   * real Busy serves users without an address) while it is on, with their address when it is off.
   */
  setEmptyEmails(on: boolean): void {
    this.emptyEmails = on;
    for (const [id, email] of this.emailless) {
      const u = this.users.get(id);
      if (u) u.email = on ? '' : email;
    }
  }

  /** Replaces everything with the Busy side of a seed, filling wire fields the seed leaves out. */
  load(seed: SeedCompany): void {
    const b = seed.busy;
    for (const k of [
      'users',
      'clients',
      'projects',
      'tags',
      'tasks',
      'hourEntries',
      'drafts',
      'invoices',
      'invoiceLines',
      'projectUsers',
      'projectTags',
      'taskUsers',
      'lineOwner',
      'lineHours',
      'sessions',
    ] as const) {
      (this[k] as Map<string, unknown>).clear();
    }
    this.seq = {};
    this.emailless = new Map(b.users.filter((u) => u.emailless).map((u) => [u.id, u.email]));
    this.token = b.token;
    this.email = b.email;
    this.password = b.password;
    const seedNow = Date.parse(seed.now);
    const before = (iso: string, days: number) => new Date(Date.parse(iso) - days * DAY).toISOString();
    const usersSince = new Date(seedNow - 400 * DAY).toISOString();

    for (const u of b.users) {
      this.bumpSeq('users', u.id);
      this.users.set(u.id, {
        id: u.id,
        externalId: u.externalId,
        employeeCode: u.employeeCode,
        email: u.email,
        displayName: u.displayName,
        status: 'registered',
        requireAuthenticationBy: null,
        isAdmin: u.isAdmin,
        isActive: u.isActive,
        startDate: usersSince.slice(0, 10),
        endDate: u.isActive ? null : seed.now.slice(0, 10),
        defaultHourlyRate: null,
        displayInTimebank: true,
        createdAt: usersSince,
        updatedAt: usersSince,
      });
    }
    this.setEmptyEmails(this.emptyEmails);
    for (const c of b.clients) {
      this.bumpSeq('clients', c.id);
      this.clients.set(c.id, {
        id: c.id,
        name: c.name,
        isActive: c.isActive,
        externalId: c.externalId,
        organizationNumber: c.organizationNumber,
        createdAt: before(c.updatedAt, 30),
        updatedAt: c.updatedAt,
      });
    }
    for (const t of b.tags) {
      this.bumpSeq('tags', t.id);
      this.tags.set(t.id, {
        id: t.id,
        name: t.name,
        type: 'work',
        externalId: t.externalId,
        isActive: t.isActive,
        defaultHourlyRate: null,
        createdAt: before(t.updatedAt, 30),
        updatedAt: t.updatedAt,
      });
    }
    for (const p of b.projects) {
      this.bumpSeq('projects', p.id);
      const createdAt = before(p.updatedAt, 30);
      this.projects.set(
        p.id,
        defaultProject({
          id: p.id,
          number: p.number,
          name: p.name,
          clientId: p.clientId,
          externalId: p.externalId,
          isActive: p.isActive,
          isTaskBased: p.isTaskBased,
          isBillable: p.isBillable,
          createdAt,
          updatedAt: p.updatedAt,
        }),
      );
      const members = this.membersOf(p.id);
      p.userIds.forEach((uid, i) =>
        members.set(uid, { isProjectManager: i === 0, hourlyRate: '0', budget: null, createdAt, updatedAt: createdAt }),
      );
      const tags = this.tagsOf(p.id);
      for (const tid of p.tagIds) tags.set(tid, defaultProjectTag(createdAt));
    }
    for (const t of b.tasks) {
      this.bumpSeq('tasks', t.id);
      const createdAt = before(t.updatedAt, 10);
      this.tasks.set(t.id, {
        id: t.id,
        projectId: t.projectId,
        name: t.name,
        state: t.state,
        allowTimeTracking: true,
        durationEstimate: null,
        isPrioritized: false,
        parentId: null,
        defaultTagId: null,
        externalId: t.externalId,
        isActive: t.isActive,
        createdAt,
        updatedAt: t.updatedAt,
      });
      const a = this.assigneesOf(t.id);
      for (const uid of t.assigneeIds) a.set(uid, { createdAt });
    }
    for (const h of b.hourEntries) {
      this.bumpSeq('hourEntries', h.id);
      this.hourEntries.set(h.id, {
        id: h.id,
        userId: h.userId,
        projectId: h.projectId,
        tagId: h.tagId,
        clientId: this.projects.get(h.projectId)?.clientId ?? null,
        taskId: h.taskId,
        billableMinutes: h.billableMinutes,
        totalMinutes: h.totalMinutes,
        description: h.description,
        approvalStatus: h.approvalStatus,
        startTime: h.startTime,
        stopTime: h.stopTime,
        isActive: h.isActive,
        isExcludedFromBilling: false,
        excludedFromBillingDescription: null,
        excludedFromBillingCategory: null,
        locked: false,
        flagged: false,
        hourlyRate: null,
        externalId: h.externalId,
        invoiceId: null,
        breakDeductionMinutes: 0,
        // biome-ignore lint/complexity/useMathMinMax: ISO strings, compared as text
        createdAt: h.stopTime < h.updatedAt ? h.stopTime : h.updatedAt,
        updatedAt: h.updatedAt,
      });
    }
  }

  /** Everything, as plain JSON (for `GET /_sim/state`). */
  dump(): Record<string, unknown> {
    const obj = (m: Map<string, Map<string, unknown>>) => Object.fromEntries([...m].map(([k, v]) => [k, Object.fromEntries(v)]));
    return {
      token: this.token,
      email: this.email,
      users: [...this.users.values()],
      clients: [...this.clients.values()],
      projects: [...this.projects.values()],
      tags: [...this.tags.values()],
      tasks: [...this.tasks.values()],
      hourEntries: [...this.hourEntries.values()],
      drafts: [...this.drafts.values()],
      invoices: [...this.invoices.values()],
      invoiceLines: [...this.invoiceLines.values()],
      projectUsers: obj(this.projectUsers),
      projectTags: obj(this.projectTags),
      taskUsers: obj(this.taskUsers),
      lineOwner: Object.fromEntries(this.lineOwner),
      lineHours: Object.fromEntries(this.lineHours),
      sessions: [...this.sessions.values()].length,
    };
  }
}

export function defaultProject(
  p: Pick<
    Project,
    'id' | 'number' | 'name' | 'clientId' | 'externalId' | 'isActive' | 'isTaskBased' | 'isBillable' | 'createdAt' | 'updatedAt'
  >,
): Project {
  return {
    id: p.id,
    number: p.number,
    name: p.name,
    externalId: p.externalId,
    clientId: p.clientId,
    colorCode: colorFor(p.id),
    isOpen: true,
    isBillable: p.isBillable,
    allowMultipleClients: false,
    allowChangeBillableTime: true,
    billBy: 'project',
    hourlyRate: '1150.0000',
    isFixedPrice: false,
    fixedPriceRecurrencePeriod: 'never',
    fixedPriceRecurrenceStartDate: null,
    fixedPriceRecurrenceEndDate: null,
    fixedPrice: '0',
    isFixedPricePerTag: false,
    isTaskBased: p.isTaskBased,
    budgetType: 'none',
    budgetBy: 'project',
    budget: '0.00',
    defaultInvoiceText: null,
    externalCustomerReference: '',
    isActive: p.isActive,
    defaultTaskTagId: null,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}

export function defaultProjectTag(createdAt: string): ProjectTagLink {
  return {
    hourlyRate: '0',
    includeInFixedPrice: true,
    isFixedPricePerTag: false,
    fixedPricePerTag: '0',
    budget: null,
    createdAt,
    updatedAt: createdAt,
  };
}

const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf'];
export function colorFor(id: string): string {
  return COLORS[Number(id) % COLORS.length] ?? COLORS[0];
}

/** Busy's money/rate strings in answers: `^\d+\.\d{4}$`. */
export function fixed4(n: number | string): string {
  return Number(n).toFixed(4);
}
