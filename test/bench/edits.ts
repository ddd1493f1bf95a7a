// The latency table's edits (issue 15), made in the sims child (sims.ts) on the simulators' state
// as each service's own web app would make them: 24SO's records stamped `DateChanged` (a
// participant edit stamps only the participants-changed time, a work type has no stamp), Busy's
// `updatedAt` through `state.stamp()` exactly where its API's handlers stamp (an assignee added
// moves no stamp). Each edit keeps a check that reads the OTHER side's state: no API request, so
// nothing a measurement counts. Projects are picked at random (seeded) and never twice, so one edit
// cannot deliver or hide another; the "in use" edits go to the projects hours were logged on
// (`logInUse`), one group per direction.
import type { TfsoSim } from '../sim/tfso/server';
import type { BusySim } from '../sim/busy/server';
import type { TfsoClientData, TfsoProject, TfsoTask } from '../sim/tfso/state';
import type { HourEntry, Project, Task } from '../sim/busy/schemas';
import { findById, filterBy } from '../sim/tfso/lookup';
import { setParticipants } from '../sim/tfso/project';
import { originOf } from '../../utils/sync/origin';
import { buildUserMapping, type UserMapping } from '../../utils/sync/users';

export type EditKind = 'customer' | 'project' | 'status' | 'workType' | 'member' | 'task' | 'assignee';
export type Direction = 'tfso→busy' | 'busy→tfso';
export interface EditSpec {
  id: number;
  kind: EditKind;
  dir: Direction;
  inUse: boolean;
}
export type EditMade = { ok: true; id: number; at: string; what: string } | { ok: false; id: number; why: string };
export interface InUseProjects {
  tfsoToBusy: string[];
  busyToTfso: string[];
}

/** mulberry32: a small seeded PRNG, so a run picks the same records and moments each time. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Edits {
  private readonly checks = new Map<number, () => boolean>();
  private readonly used = new Set<string>();
  private inUse: InUseProjects = { tfsoToBusy: [], busyToTfso: [] };
  private map: UserMapping | null = null;
  private template: HourEntry | null = null;
  private random: () => number;

  constructor(
    private readonly tfso: TfsoSim,
    private readonly busy: BusySim,
    private readonly now: () => Date,
    seed: number,
  ) {
    this.random = rng(seed);
  }

  private get d(): TfsoClientData {
    const s = this.tfso.state;
    const def = s.identities.find((i) => i.isDefault)!;
    return s.clients[def.clientId]!;
  }
  private get b() {
    return this.busy.state;
  }
  private users(): UserMapping {
    this.map ??= buildUserMapping(
      [...this.b.users.values()].map((u) => ({
        id: u.id,
        email: u.email,
        displayName: u.displayName,
        externalId: u.externalId,
        employeeCode: u.employeeCode,
        isActive: u.isActive,
      })),
      this.d.users.map((u) => ({ contactId: u.contactId, name: u.name, employeeId: u.employeeId })),
    );
    return this.map;
  }
  private statusActive(id: number): boolean {
    return this.d.statuses.find((s) => s.id === id)?.active ?? true;
  }
  private pick<T>(xs: T[]): T | undefined {
    return xs.length ? xs[Math.floor(this.random() * xs.length)] : undefined;
  }
  private shuffled<T>(xs: T[]): T[] {
    const a = [...xs];
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      [a[i], a[j]] = [a[j]!, a[i]!];
    }
    return a;
  }

  /** Active Busy projects linked to an active 24SO project, with the 24SO record. */
  private linkedProjects(): { bp: Project; tp: TfsoProject }[] {
    const out: { bp: Project; tp: TfsoProject }[] = [];
    for (const bp of this.b.projects.values()) {
      if (!bp.isActive || !bp.externalId || !/^\d+$/.test(bp.externalId)) continue;
      const tp = findById(this.d.projects, Number(bp.externalId));
      if (tp && this.statusActive(tp.statusId)) out.push({ bp, tp });
    }
    return out;
  }
  /** Busy members of `bp` who are mapped and are 24SO participants too: [busy user id, contact id]. */
  private sharedMembers(bp: Project, tp: TfsoProject): [string, number][] {
    const u = this.users();
    return [...this.b.membersOf(bp.id).keys()].flatMap((uid) => {
      const c = u.toTfso.get(uid);
      return c !== undefined && tp.participants.includes(c) ? [[uid, c] as [string, number]] : [];
    });
  }
  /** Mapped users in neither the Busy members nor the 24SO participants of the project. */
  private outsiders(bp: Project, tp: TfsoProject): [string, number][] {
    const members = this.b.membersOf(bp.id);
    return [...this.users().toTfso].filter(
      ([uid, c]) => !members.has(uid) && !tp.participants.includes(c) && this.b.users.get(uid)?.isActive !== false,
    );
  }
  /** Linked task pairs of a project (Busy task active, its 24SO task present). */
  private linkedTasks(bp: Project, tp: TfsoProject): { bt: Task; tt: TfsoTask }[] {
    const tts = new Map(filterBy(this.d.tasks, 'projectId', tp.id).map((t) => [String(t.id), t]));
    return this.b.tasks.group(bp.id).flatMap((bt) => {
      const tt = bt.isActive && bt.externalId ? tts.get(bt.externalId) : undefined;
      return tt ? [{ bt, tt }] : [];
    });
  }
  private fits(bp: Project, tp: TfsoProject): boolean {
    return this.sharedMembers(bp, tp).length >= 1 && this.outsiders(bp, tp).length >= 1 && this.linkedTasks(bp, tp).length >= 1;
  }

  /** Busy's hour entries removed (the transfer's backlog is measured on its own; a template kept). */
  clearHours(): number {
    const n = this.b.hourEntries.size;
    this.template ??= this.b.hourEntries.values().next().value ?? null;
    this.b.hourEntries.clear();
    return n;
  }

  /**
   * Hours logged today (not yet submitted) on `count` projects, by one of each project's members,
   * as a person does in Busy: the hour transfer reads them and notes the projects in use. Half
   * the projects take the in-use edits 24SO → Busy, half Busy → 24SO.
   */
  logInUse(count: number): InUseProjects {
    if (!this.template) throw new Error('logInUse: clearHours first (it keeps a template entry)');
    const picked = this.shuffled(this.linkedProjects())
      .filter((x) => this.fits(x.bp, x.tp))
      .slice(0, count);
    const day = this.now().toISOString().slice(0, 10);
    picked.forEach(({ bp, tp }, i) => {
      this.used.add(bp.id);
      const [uid] = this.sharedMembers(bp, tp)[0]!;
      const at = this.b.stamp();
      const start = `${day}T07:00:00.000Z`;
      const entry: HourEntry = {
        ...this.template!,
        id: this.b.nextId('hourEntries'),
        userId: uid,
        projectId: bp.id,
        clientId: bp.clientId,
        tagId: [...this.b.tagsOf(bp.id).keys()][0] ?? null,
        taskId: null,
        description: 'Arbeid',
        approvalStatus: 'none',
        startTime: start,
        stopTime: `${day}T08:00:00.000Z`,
        totalMinutes: 60,
        billableMinutes: 0,
        isActive: true,
        externalId: null,
        invoiceId: null,
        locked: false,
        createdAt: at,
        updatedAt: at,
      };
      this.b.hourEntries.set(entry.id, entry);
      (i % 2 === 0 ? this.inUse.tfsoToBusy : this.inUse.busyToTfso).push(bp.id);
    });
    return this.inUse;
  }

  /** A project for the edit: one of its direction's in-use group, or one nobody edited yet. */
  private project(s: EditSpec, want: (bp: Project, tp: TfsoProject) => boolean): { bp: Project; tp: TfsoProject } | undefined {
    if (s.inUse) {
      const ids = s.dir === 'tfso→busy' ? this.inUse.tfsoToBusy : this.inUse.busyToTfso;
      const xs = ids.flatMap((id) => {
        const bp = this.b.projects.get(id);
        const tp = bp && findById(this.d.projects, Number(bp.externalId));
        return bp && tp ? [{ bp, tp }] : [];
      });
      return this.pick(xs.filter((x) => want(x.bp, x.tp)));
    }
    const all = this.linkedProjects();
    for (let tries = 0; tries < 200 && all.length; tries++) {
      const x = all[Math.floor(this.random() * all.length)]!;
      if (!this.used.has(x.bp.id) && want(x.bp, x.tp)) {
        this.used.add(x.bp.id);
        return x;
      }
    }
    const x = all.find((y) => !this.used.has(y.bp.id) && want(y.bp, y.tp));
    if (x) this.used.add(x.bp.id);
    return x;
  }

  make(s: EditSpec): EditMade {
    const at = this.now().toISOString();
    const fail = (why: string): EditMade => ({ ok: false, id: s.id, why });
    const done = (what: string, check: () => boolean): EditMade => {
      this.checks.set(s.id, check);
      return { ok: true, id: s.id, at, what };
    };
    const tag = `E${s.id}`;
    const d = this.d;
    const b = this.b;
    if (s.dir === 'tfso→busy') {
      switch (s.kind) {
        case 'customer': {
          const clients = [...b.clients.values()].filter((c) => c.isActive && c.externalId && !this.used.has(`c${c.externalId}`));
          for (let tries = 0; tries < 50; tries++) {
            const bc = this.pick(clients);
            const tc = bc && findById(d.companies, Number(bc.externalId));
            if (!bc || !tc?.active) continue;
            this.used.add(`c${bc.externalId}`);
            const name = `${tc.name.slice(0, 40)} ${tag}`;
            tc.name = name;
            tc.dateChanged = at;
            return done(`24SO company ${tc.id} renamed`, () => bc.name === name);
          }
          return fail('no mirrored customer left');
        }
        case 'workType': {
          const tags = [...b.tags.values()].filter(
            (t) => t.isActive && t.type === 'work' && t.externalId && !this.used.has(`w${t.externalId}`),
          );
          const bt = this.pick(tags.filter((t) => findById(d.workTypes, Number(t.externalId))?.active));
          if (!bt) return fail('no linked work type left');
          this.used.add(`w${bt.externalId}`);
          const wt = findById(d.workTypes, Number(bt.externalId))!;
          const name = `${wt.name.slice(0, 50)} ${tag}`;
          wt.name = name; // 24SO's work types carry no change stamp (GetWorkTypeList is read whole)
          return done(`24SO work type ${wt.id} renamed`, () => bt.name === name);
        }
        case 'project': {
          const x = this.project(s, () => true);
          if (!x) return fail('no project left');
          const name = `${x.tp.name.slice(0, 200)} ${tag}`;
          x.tp.name = name;
          x.tp.dateChanged = at;
          return done(`24SO project ${x.tp.id} renamed`, () => x.bp.name === name);
        }
        case 'status': {
          const x = this.project(s, () => true);
          const closed = d.statuses.find((st) => !st.active);
          if (!x || !closed) return fail('no project or no inactive status');
          x.tp.statusId = closed.id;
          x.tp.dateChanged = at;
          return done(`24SO project ${x.tp.id} set to "${closed.name}"`, () => x.bp.isActive === false);
        }
        case 'member': {
          const x = this.project(s, (bp, tp) => this.outsiders(bp, tp).length > 0);
          if (!x) return fail('no project with a user to add');
          const [uid, c] = this.pick(this.outsiders(x.bp, x.tp))!;
          setParticipants(x.tp, [...x.tp.participants, c], at);
          return done(`24SO contact ${c} added to project ${x.tp.id}`, () => b.membersOf(x.bp.id).has(uid));
        }
        case 'task': {
          const x = this.project(s, (bp, tp) => this.sharedMembers(bp, tp).length > 0);
          if (!x) return fail('no project with a member');
          const [, c] = this.pick(this.sharedMembers(x.bp, x.tp))!;
          const id = d.nextId.task++;
          const stop = new Date(Date.parse(at) + 90 * 86_400_000).toISOString();
          d.tasks.push({
            id,
            projectId: x.tp.id,
            name: `Oppgave ${tag}`,
            description: '',
            dateStart: at,
            dateStop: stop,
            status: null,
            workTypeId: null,
            participants: [c],
            dateChanged: at,
          });
          return done(`24SO task ${id} on project ${x.tp.id}, participant ${c}`, () =>
            b.tasks.group(x.bp.id).some((t) => t.externalId === String(id)),
          );
        }
        case 'assignee': {
          const candidates = (bp: Project, tp: TfsoProject) =>
            this.linkedTasks(bp, tp).flatMap(({ bt, tt }) =>
              this.sharedMembers(bp, tp)
                .filter(([uid, c]) => !tt.participants.includes(c) && !b.assigneesOf(bt.id).has(uid))
                .map((m) => ({ bt, tt, m })),
            );
          const x = this.project(s, (bp, tp) => candidates(bp, tp).length > 0);
          if (!x) return fail('no linked task with a member to assign');
          const {
            bt,
            tt,
            m: [uid, c],
          } = this.pick(candidates(x.bp, x.tp))!;
          tt.participants = [...tt.participants, c];
          tt.dateChanged = at;
          return done(`24SO task ${tt.id}: participant ${c} added`, () => b.assigneesOf(bt.id).has(uid));
        }
      }
    }
    switch (s.kind) {
      case 'customer':
        return fail('Busy → 24SO customers: never (R4)');
      case 'workType': {
        const tags = [...b.tags.values()].filter(
          (t) => t.isActive && t.type === 'work' && t.externalId && /^\d+$/.test(t.externalId) && !this.used.has(`w${t.externalId}`),
        );
        const bt = this.pick(tags.filter((t) => findById(d.workTypes, Number(t.externalId))?.active));
        if (!bt) return fail('no linked work type left');
        this.used.add(`w${bt.externalId}`);
        const wt = findById(d.workTypes, Number(bt.externalId))!;
        const name = `${bt.name.slice(0, 50)} ${tag}`;
        Object.assign(bt, { name, updatedAt: b.stamp() });
        return done(`Busy tag ${bt.id} renamed`, () => wt.name === name);
      }
      case 'project': {
        const x = this.project(s, () => true);
        if (!x) return fail('no project left');
        const name = `${x.bp.name.slice(0, 200)} ${tag}`;
        Object.assign(x.bp, { name, updatedAt: b.stamp() });
        return done(`Busy project ${x.bp.id} renamed`, () => x.tp.name === name);
      }
      case 'status': {
        const x = this.project(s, () => true);
        if (!x) return fail('no project left');
        Object.assign(x.bp, { isActive: false, updatedAt: b.stamp() });
        return done(`Busy project ${x.bp.id} archived`, () => !this.statusActive(x.tp.statusId));
      }
      case 'member': {
        const x = this.project(s, (bp, tp) => this.outsiders(bp, tp).length > 0);
        if (!x) return fail('no project with a user to add');
        const [uid, c] = this.pick(this.outsiders(x.bp, x.tp))!;
        const now = b.stamp();
        b.membersOf(x.bp.id).set(uid, { isProjectManager: false, hourlyRate: '0', budget: null, createdAt: now, updatedAt: now });
        return done(`Busy user ${uid} added to project ${x.bp.id}`, () => x.tp.participants.includes(c));
      }
      case 'task': {
        const x = this.project(s, () => true);
        if (!x) return fail('no project left');
        const now = b.stamp();
        const t: Task = {
          id: b.nextId('tasks'),
          projectId: x.bp.id,
          name: `Oppgave ${tag}`,
          state: 'todo',
          allowTimeTracking: true,
          durationEstimate: null,
          isPrioritized: false,
          parentId: null,
          defaultTagId: null,
          externalId: null,
          isActive: true,
          createdAt: now,
          updatedAt: now,
        };
        b.tasks.set(t.id, t);
        return done(`Busy task ${t.id} on project ${x.bp.id}`, () =>
          filterBy(d.tasks, 'projectId', x.tp.id).some((tt) => originOf(tt.description) === t.id),
        );
      }
      case 'assignee': {
        const u = this.users();
        const candidates = (bp: Project, tp: TfsoProject) =>
          this.linkedTasks(bp, tp).flatMap(({ bt, tt }) =>
            [...b.membersOf(bp.id).keys()]
              .filter((uid) => u.toTfso.has(uid) && !b.assigneesOf(bt.id).has(uid) && !tt.participants.includes(u.toTfso.get(uid)!))
              .map((uid) => ({ bt, tt, uid })),
          );
        const x = this.project(s, (bp, tp) => candidates(bp, tp).length > 0);
        if (!x) return fail('no linked task with a member to assign');
        const { bt, tt, uid } = this.pick(candidates(x.bp, x.tp))!;
        b.assigneesOf(bt.id).set(uid, { createdAt: b.stamp() }); // as Busy's POST /tasks/{id}/users: the task's updatedAt stays
        const c = u.toTfso.get(uid)!;
        return done(`Busy task ${bt.id}: user ${uid} assigned`, () => tt.participants.includes(c));
      }
    }
  }

  /** The edits (of those asked) the other side shows now; each is reported once. */
  seen(ids: number[]): number[] {
    const out: number[] = [];
    for (const id of ids) {
      const check = this.checks.get(id);
      if (check?.()) {
        out.push(id);
        this.checks.delete(id);
      }
    }
    return out;
  }
}
