// What one transfer pass carries: counted clients, the master data it needs (read once, lazily),
// the per-pass cache of 24SO hours searched for markers, and the summary being built.
import type { BusyUser } from '../busy/schemas';
import { listUsers } from '../busy/users';
import { osloDay } from '../core/time';
import type { Link, Reason, Warning } from '../store/types';
import { RunBase, type EngineDeps } from '../sync/run-base';
import { buildUserMapping, type UserMapping } from '../sync/users';
import { getUsers, type TfsoUser } from '../tfso/client';
import { getHours, type TfsoHour } from '../tfso/hours';
import { getProjectList, type TfsoProject } from '../tfso/project';
import { getWorkTypeList, type TfsoWorkType } from '../tfso/time';
import { markerOfHour } from './marker';

/** R19. null = the admin has not chosen yet: nothing is sent. */
export type HoursMode = 'on-approval' | 'on-order' | 'never' | null;

/**
 * The master-data engine's inputs (sync/run-base.ts EngineDeps; the background passes the same
 * object to both). `capabilities`: where the hour marker goes (marker.ts; absent: the description);
 * `coordination`: sends happen under its write lock, after a marker search made under that lock;
 * `pacer`: at the hour transfer's priority ('click').
 */
export type HoursDeps = EngineDeps;

export interface HoursOptions {
  mode: HoursMode;
  /** Busy user id → 24SO contact id (null = "no 24SO user"), as the admin set them (R17; sync/users.ts userOverridesOf). */
  overrides: Record<string, number | null>;
  /** The integration user's ContactId (GetIdentity): unmapped users' hours go on it (R18). */
  integrationContactId: number;
}

export interface SentItem {
  busyEntryId: string;
  tfsoHourId: number;
  contactId: number;
  projectId: number;
  hours: number;
  busyUserId: string;
}
export interface OrderItem {
  busyOrderId: string;
  tfsoOrderId: number;
  rows: number;
}

export interface TransferSummary {
  mode: HoursMode;
  /** False when the mode sends nothing (null, 'never'); `why` says so. */
  ran: boolean;
  why?: Reason;
  sent: SentItem[];
  updated: SentItem[];
  deleted: { busyEntryId: string; tfsoHourId: number }[];
  /** Found in 24SO by the marker (an earlier send whose answer or ledger write was lost). */
  recovered: SentItem[];
  /** Taken over from Busy's externalId (sent by another installation). */
  adopted: { busyEntryId: string; tfsoHourId: number }[];
  skipped: { busyEntryId: string; reason: Reason }[];
  orders: { sent: OrderItem[]; skipped: { busyOrderId: string; reason: Reason }[] };
  warnings: Warning[];
  requests: { tfso: number; busy: number };
  error?: { code: string; messageKey: string; substitutions: string[]; message: string };
}

export class PassCtx extends RunBase {
  readonly summary: TransferSummary;
  private busyUsers?: BusyUser[];
  private tfsoUsers?: TfsoUser[];
  private mappingCache?: UserMapping;
  private projectInfo = new Map<number, TfsoProject | null>();
  private links = new Map<string, Link | null>();
  private workTypes?: Map<number, TfsoWorkType>;
  /** `${contact}|${project}` → searched [start, end) windows and the hours found. */
  private searched = new Map<string, { start: number; end: number }[]>();
  private found = new Map<string, TfsoHour[]>();
  /** Searches made before this (lock clock) predate the current hold of the lock. */
  private searchesFrom: number;
  /** Hours this pass made, for the look-again at its end. */
  readonly made: { busyEntryId: string; tfsoHourId: number; contactId: number; projectId: number; startTime: string }[] = [];

  constructor(
    deps: HoursDeps,
    readonly opts: HoursOptions,
  ) {
    super(deps);
    this.searchesFrom = this.lock.now();
    this.summary = {
      mode: opts.mode,
      ran: true,
      sent: [],
      updated: [],
      deleted: [],
      recovered: [],
      adopted: [],
      skipped: [],
      orders: { sent: [], skipped: [] },
      warnings: [],
      requests: this.requests,
    };
  }

  warn(key: string, r: Reason): void {
    const w: Warning = { key, code: r.code, messageKey: r.messageKey, substitutions: r.substitutions, createdAt: this.now().toISOString() };
    this.summary.warnings.push(w);
    this.log('warn', r.messageKey, { key, substitutions: r.substitutions });
  }

  async users(): Promise<BusyUser[]> {
    return (this.busyUsers ??= await listUsers(this.busy, { isActive: 'all' }));
  }

  async mapping(): Promise<UserMapping> {
    if (!this.mappingCache) {
      const [busyUsers, tfsoUsers] = await Promise.all([this.users(), this.tfsoUsers ?? getUsers(this.tfso)]);
      this.tfsoUsers = tfsoUsers;
      this.mappingCache = buildUserMapping(busyUsers, tfsoUsers, this.opts.overrides);
    }
    return this.mappingCache;
  }

  /** R17/R18: the mapped contact, else the integration user's. */
  async contactOf(busyUserId: string): Promise<{ contactId: number; mapped: boolean }> {
    const c = (await this.mapping()).toTfso.get(busyUserId);
    return c === undefined ? { contactId: this.opts.integrationContactId, mapped: false } : { contactId: c, mapped: true };
  }

  /** Links by Busy id, read once per pass (the transfer writes none). */
  async link(kind: 'project' | 'workType' | 'task', busyId: string): Promise<Link | undefined> {
    const key = `${kind}\u0000${busyId}`;
    if (!this.links.has(key)) this.links.set(key, (await this.store.links.get(kind, 'busy', busyId)) ?? null);
    return this.links.get(key) ?? undefined;
  }

  /** Reads the links of many Busy ids in one store read (see `link`). */
  async loadLinks(kind: 'project' | 'workType' | 'task', busyIds: string[]): Promise<void> {
    const missing = [...new Set(busyIds)].filter((id) => !this.links.has(`${kind}\u0000${id}`));
    if (!missing.length) return;
    const found = await this.store.links.getMany(kind, 'busy', missing);
    for (const id of missing) this.links.set(`${kind}\u0000${id}`, found.get(id) ?? null);
  }

  /** Active 24SO projects by id (null = not active / not found), fetched in one request per batch. */
  async loadProjects(ids: number[]): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !this.projectInfo.has(id));
    if (!missing.length) return;
    const active = await getProjectList(this.tfso, { projectIds: missing });
    for (const id of missing) this.projectInfo.set(id, active.find((p) => p.id === id) ?? null);
  }

  async project(id: number): Promise<TfsoProject | null> {
    await this.loadProjects([id]);
    return this.projectInfo.get(id) ?? null;
  }

  async workType(id: number): Promise<TfsoWorkType | undefined> {
    this.workTypes ??= new Map((await getWorkTypeList(this.tfso)).map((w) => [w.id, w]));
    return this.workTypes.get(id);
  }

  /**
   * What a marker search covers: the project, or (once 24SO has shown that HourSearch.ProjectId 0
   * means every project: capability tfso.hourSearchAnyProject) the person's hours on all of them,
   * so one request serves every project of a person's period (issue 15: ~1 request per hour sent).
   */
  searchScope(projectId: number): number {
    return this.deps.capabilities?.state('tfso.hourSearchAnyProject') === 'confirmed' ? 0 : projectId;
  }

  /** Searches 24SO once for a contact and project (or every project: searchScope) over the Oslo days [startIso, endIso]. */
  async prefetchHours(contactId: number, projectIdIn: number, startIso: string, endIso: string): Promise<void> {
    const projectId = this.searchScope(projectIdIn);
    const key = `${contactId}|${projectId}`;
    const start = Date.parse(osloDay(startIso).start);
    const end = Date.parse(osloDay(endIso).end);
    const windows = this.searched.get(key) ?? [];
    if (windows.some((w) => w.start <= start && end <= w.end)) return;
    // The search's bounds are inclusive at minute resolution: stop one minute before the next day.
    const hours = await getHours(this.tfso, {
      contactId,
      projectId,
      from: new Date(start).toISOString(),
      to: new Date(end - 60_000).toISOString(),
    });
    this.searched.set(key, [...windows, { start, end }]);
    const known = this.found.get(key) ?? [];
    this.found.set(key, [...known.filter((h) => !hours.some((x) => x.id === h.id)), ...hours]);
  }

  /** 24SO hours carrying the marker of `busyEntryId`, lowest id first. */
  async findByMarker(contactId: number, projectId: number, startIso: string, busyEntryId: string): Promise<TfsoHour[]> {
    await this.prefetchHours(contactId, projectId, startIso, startIso);
    return (this.found.get(`${contactId}|${this.searchScope(projectId)}`) ?? [])
      .filter((h) => markerOfHour(h) === busyEntryId)
      .sort((a, b) => a.id - b.id);
  }

  /**
   * Holds the company's write lock before a send. When the lock was taken after this pass's
   * marker searches, another installation may have sent since: the searches are forgotten, and
   * the next findByMarker asks 24SO again, under the lock.
   */
  async holdLock(): Promise<void> {
    const since = await this.lock.ensure();
    if (since > this.searchesFrom) {
      this.searched.clear();
      this.found.clear();
      this.searchesFrom = this.lock.now();
    }
  }

  /** 24SO's hours of a contact and project over the Oslo days [startIso, endIso], read now (not cached). */
  async searchAgain(contactId: number, projectId: number, startIso: string, endIso: string): Promise<TfsoHour[]> {
    const start = Date.parse(osloDay(startIso).start);
    const end = Date.parse(osloDay(endIso).end);
    return getHours(this.tfso, { contactId, projectId, from: new Date(start).toISOString(), to: new Date(end - 60_000).toISOString() });
  }

  /** The hours a search of this contact and project (or every project: 0) found so far this pass. */
  hoursFound(contactId: number, projectId: number): TfsoHour[] {
    return this.found.get(`${contactId}|${projectId}`) ?? [];
  }

  /** A freshly written hour, so a second look in the same pass finds it. */
  remember(h: TfsoHour): void {
    if (h.contactId === null || h.projectId === null) return;
    const key = `${h.contactId}|${this.searchScope(h.projectId)}`;
    this.found.set(key, [...(this.found.get(key) ?? []).filter((x) => x.id !== h.id), h]);
  }
}
