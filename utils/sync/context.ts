// What one run carries through its phases: the counted clients, the mode, caches read once per
// run (statuses, user mapping), counters, warnings, progress, and the helpers every phase uses to
// journal a create and to tell a record the remote refused from a run-stopping failure.
import type { BusyProjectUser } from '../busy/schemas';
import { CapabilityAbsentError } from '../capabilities/handle';
import { AppError, RemoteFaultError } from '../core/errors';
import type { EntityKind, JournalEntry, Link, Warning } from '../store/types';
import { getProjectStatuses, type TfsoProject, type TfsoProjectStatus } from '../tfso/project';
import type { DecisionAnswers, MatchDecision } from './matching';
import type { SyncKind } from './model';
import { type EngineDeps, type EngineLogEvent, RunBase } from './run-base';
import type { SyncTrigger } from './triggers';
import { readUserMapping, type UserMapping, userOverridesOf } from './users';

export type { ReadMode, SyncTrigger } from './triggers';
export type CountKind = 'customer' | 'project' | 'workType' | 'task' | 'member';

export interface SideCounts {
  created: number;
  updated: number;
  archived: number;
  unchanged: number;
}
export type RunCounts = Record<CountKind, { busy: SideCounts; tfso: SideCounts }>;

export type SyncLogEvent = EngineLogEvent;

/** The engine's inputs (run-base.ts), and what only the master-data sync takes. */
export interface SyncDeps extends EngineDeps {
  onProgress?: (p: { done: number; total: number; kind: string }) => void;
  /** Busy user id → 24SO contact id (null = none); see users.ts. */
  userOverrides?: Record<string, number | null>;
  /**
   * The admin's answers to the matching decisions of the plan (plan.ts), by decision key:
   * `{ pick: <counterpart id> }` links the pair, `{ createNew: true }` lets each record take its
   * own way (created on the other side where the rules say so). Keys `user:busy:<id>` answer a
   * user decision (pick = 24SO contact id) and act as `userOverrides` (which win over them).
   * The caller persists them; the engine only reads them.
   */
  decisions?: DecisionAnswers;
  /** Hold every write until the admin has confirmed the plan (the extension on first connection). */
  requireConfirmation?: boolean;
  /** The admin confirmed the plan (all kinds). */
  confirmed?: boolean;
  /** Kinds confirmed so far, when not all are (a kind switched on later). A kind runs only with
   * what it depends on: project needs customer, task needs project. */
  confirmedKinds?: readonly SyncKind[];
  /** Members and tasks of these Busy projects only (a person's "fetch tasks" for one project):
   * with the 'tasks' trigger, the scope is them and nothing else. */
  onlyProjects?: readonly string[];
  /**
   * The scheduled daily run (R8) beside the hourly one, whose rotation reads every project's 24SO
   * tasks within its cycle (scope.ts): a 'full' run then compares the tasks of the projects it
   * changed and of those whose Busy tasks differ (daily-scope.ts), not every project's again.
   * Absent: 'full' compares every project's tasks (the command line's `full`, a first import).
   */
  tasksByRotation?: boolean;
}

/** Stops the run on purpose (e.g. the mass-disappearance guard). */
export class SyncStoppedError extends AppError {
  readonly code: string;
  readonly messageKey: string;
  readonly substitutions: string[];
  constructor(code: string, messageKey: string, substitutions: string[], message: string) {
    super(message);
    this.name = 'SyncStoppedError';
    this.code = code;
    this.messageKey = messageKey;
    this.substitutions = substitutions;
  }
}

/** i18n keys of the warnings and stops the engine raises (the _locales files must define each). */
export const SYNC_MESSAGE_KEYS = [
  'warnBusyOnlyCustomer',
  'warnConflictOverwritten',
  'warnConflictKeptBusy',
  'warnCustomerEditedInBusy',
  'warnMassDisappearance',
  'warnWriteRejected',
  'warnMatchDecision',
  'errMassDisappearance',
  'warnDuplicateResolved',
  'warnDuplicateInTfso',
  'warnNameTruncated',
] as const;

/** In the order a run record's counts list them. */
export const SIDE_COUNTS = ['created', 'updated', 'archived', 'unchanged'] as const;
const emptySide = (): SideCounts => ({ created: 0, updated: 0, archived: 0, unchanged: 0 });
export const emptyCounts = (): RunCounts =>
  Object.fromEntries(
    (['customer', 'project', 'workType', 'task', 'member'] as const).map((k) => [k, { busy: emptySide(), tfso: emptySide() }]),
  ) as RunCounts;

/** Buffered link writes per commit (see RunCtx.deferLink). */
export const DEFER_BATCH = 500;
const linkKey = (kind: EntityKind, busyId: string) => `${kind}\u0000${busyId}`;

let seq = 0;
export const newId = (prefix: string) =>
  `${prefix}-${Date.now().toString(36)}-${(seq++).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

export class RunCtx extends RunBase {
  declare readonly deps: SyncDeps;
  readonly counts = emptyCounts();
  readonly warnings: Warning[] = [];
  /** 24SO project ids whose tasks/members this run must look at (since/push). */
  readonly touchedProjects = new Set<number>();
  /** 24SO projects read this run, by id, with their activeness. */
  readonly tfsoProjects = new Map<number, { p: TfsoProject; active: boolean }>();
  /** Projects created in 24SO from Busy this run: their first participant list is Busy's. */
  readonly createdInTfso = new Set<number>();
  /** Projects (24SO ids) created in Busy this run: they have no members or tasks there to read. */
  readonly createdInBusy = new Set<number>();
  /** 24SO participants read this run (the hourly run's company-wide ChangedAfter read), by project. */
  readonly participants = new Map<number, number[]>();
  /** Busy members read this run (the push's probe), by Busy project id. */
  readonly busyMembers = new Map<string, BusyProjectUser[]>();
  /** Cursor-like saves that cover this run's work: made only when the run ends without error. */
  readonly afterRun: (() => Promise<void>)[] = [];
  /** Pairs linked this run that had no link (adopted by marker, matched, or picked by the admin). */
  readonly linked: Record<SyncKind, number> = { customer: 0, workType: 0, project: 0, task: 0 };
  /** Matching decisions still waiting for the admin, as seen this run. */
  readonly openDecisions: MatchDecision[] = [];
  progressDone = 0;
  progressTotal = 0;
  private statusesP?: Promise<TfsoProjectStatus[]>;
  private usersP?: Promise<UserMapping>;
  private lastProgressAt = 0;
  private readonly deferred = new Map<string, Link>();

  constructor(
    deps: SyncDeps,
    readonly trigger: SyncTrigger,
    readonly runId: string,
    readonly onProgressRecord: (done: number, total: number) => Promise<void>,
  ) {
    super(deps);
  }

  statuses(): Promise<TfsoProjectStatus[]> {
    this.statusesP ??= getProjectStatuses(this.tfso);
    return this.statusesP;
  }

  /** Busy users ↔ 24SO contacts; read once per run, only when a phase needs it. */
  users(): Promise<UserMapping> {
    this.usersP ??= readUserMapping(this.busy, this.tfso, userOverridesOf(this.deps)).then((r) => r.mapping);
    return this.usersP;
  }

  warn(code: string, key: string, messageKey: string, substitutions: string[], kind?: EntityKind): Warning {
    const w: Warning = { key, code, messageKey, substitutions, createdAt: this.now().toISOString(), ...(kind ? { kind } : {}) };
    this.warnings.push(w);
    this.log('warn', code, { key, substitutions });
    return w;
  }

  async journal(kind: EntityKind, target: 'busy' | 'tfso', sourceId: string, payload: Record<string, unknown>): Promise<JournalEntry> {
    const e: JournalEntry = {
      id: newId('j'),
      kind,
      target,
      op: 'create',
      sourceId,
      payload,
      startedAt: this.now().toISOString(),
      state: 'pending',
    };
    await this.store.journal.put(e);
    return e;
  }

  async commit(links: Link[], journalDone: string[] = []): Promise<void> {
    for (const l of links) this.deferred.delete(linkKey(l.kind, l.busyId));
    await this.store.commit({ links, journalDone });
  }

  /**
   * A link whose write follows no remote write (a snapshot refreshed, a pair adopted by its
   * marker, members found equal): buffered and committed with others, one transaction per
   * DEFER_BATCH links and at the end of every phase (before its cursors move). Losing the buffer
   * costs the next run a re-comparison, never a duplicate: the remote records it describes were
   * not written. Writes that follow a remote write (creates with their journal, updates) are
   * committed at once through `commit`.
   */
  async deferLink(l: Link): Promise<void> {
    this.deferred.set(linkKey(l.kind, l.busyId), l);
    if (this.deferred.size >= DEFER_BATCH) await this.flushLinks();
  }

  async flushLinks(): Promise<void> {
    if (!this.deferred.size) return;
    const links = [...this.deferred.values()];
    this.deferred.clear();
    await this.store.commit({ links });
  }

  /** Forgets a link (and any buffered write of it). */
  async dropLink(kind: EntityKind, busyId: string): Promise<void> {
    this.deferred.delete(linkKey(kind, busyId));
    await this.store.links.delete(kind, busyId);
  }

  async tick(kind: string, n = 1): Promise<void> {
    this.progressDone += n;
    if (this.progressDone - this.lastProgressAt >= 100 || this.progressDone >= this.progressTotal) {
      this.lastProgressAt = this.progressDone;
      this.deps.onProgress?.({ done: this.progressDone, total: this.progressTotal, kind });
      await this.onProgressRecord(this.progressDone, this.progressTotal);
    }
  }

  /**
   * Runs one write. A record Busy refuses for what it is (400/404/409/422) becomes a warning and
   * the run goes on: retrying would not help. Anything else (session, rate limit, no answer, bad
   * answer, HTTP 5xx, any 24SO fault) stops the run.
   */
  async write<T>(what: { kind: EntityKind; name: string; id: string; op: string }, fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (e) {
      // the server lacks what this write needs: the phase names it in one warning (sync/assumed.ts)
      if (e instanceof CapabilityAbsentError) return undefined;
      if (!(e instanceof RemoteFaultError) || !isRecordRejection(e)) throw e;
      this.warn(
        'writeRejected',
        `writeRejected:${what.kind}:${what.id}:${what.op}`,
        'warnWriteRejected',
        [what.kind, what.name, e.operation, e.remoteMessage],
        what.kind,
      );
      return undefined;
    }
  }
}

/** For adds that may have been made already (another installation, or our own lost answer):
 * Busy's 409 "already a member / already assigned" means the work is done. */
export function alreadyDone(e: unknown): void {
  if (e instanceof RemoteFaultError && e.status === 409 && /already/i.test(e.remoteMessage)) return;
  throw e;
}

function isRecordRejection(e: RemoteFaultError): boolean {
  // Busy says what it refuses with a 4xx. 24SO answers every failure, passing or permanent, with
  // the same HTTP 500 fault, so a 24SO fault stops the run and the next run tries again.
  return e.system === 'busy' && e.status !== undefined && e.status >= 400 && e.status < 500;
}
