// The sync's writes that rely on an assumed operation (utils/capabilities): each unknown costs one
// feature, never a run.
// - Work types Busy → 24SO need SaveWorkType (tfso.saveWorkType). Absent: Busy-only work types are
//   not created in 24SO (no journal, no request); one warning names those to create by hand (after
//   which matching by name links them) and those renamed in Busy to rename in 24SO. Unknown: tried
//   once (one try in flight), and a refusal turns it off and the run goes on.
// - Task assignees need POST/DELETE /tasks/{id}/users (busy.taskAssigneeWrite). Absent: tasks still
//   come over, assignees are not written; the link keeps what Busy really holds, so nothing is
//   retried and no difference flows back to 24SO (assigneeBase); one warning names, per task, whom
//   to assign in Busy by hand.
// Without SyncDeps.capabilities every write is tried as before.
import { getTask, listTaskAssignees } from '../busy/tasks';
import type { BusyTag } from '../busy/schemas';
import { CapabilityAbsentError, isBusyRouteRefusal, isUnknownSoapAction, type Capabilities, type CapabilityId } from '../capabilities';
import { RemoteFaultError } from '../core/errors';
import type { EntityKind, Link } from '../store/types';
import type { ReadMode, RunCtx } from './context';
import type { KindSpec } from './kind-spec';
import { workTypeSpec } from './kinds';
import { runKind } from './run-kind';
import { normName, sameValue } from './model';

const SAVE_WORK_TYPE: CapabilityId = 'tfso.saveWorkType';
const ASSIGNEE_WRITE: CapabilityId = 'busy.taskAssigneeWrite';

/** Stable warning keys: one warning each, kept current, resolved when nothing is left. */
export const MANUAL_WARNING_KEYS = {
  createWorkTypes: 'manual:workType:create',
  renameWorkTypes: 'manual:workType:rename',
  assignees: 'manual:task:assignees',
} as const;
export const ASSUMED_MESSAGE_KEYS = ['warnCreateWorkTypesByHand', 'warnRenameWorkTypesByHand', 'warnAssignTasksByHand'] as const;

/** One try at a time while the capability is unknown, so a refusal is met once. */
function prober(caps: Capabilities, id: CapabilityId) {
  let gate: Promise<void> = Promise.resolve();
  return async <T>(what: string, fn: () => Promise<T>, refused: (e: unknown) => boolean): Promise<T> => {
    let release: (() => void) | undefined;
    if (caps.state(id) !== 'confirmed') {
      const prev = gate;
      gate = new Promise((r) => (release = r));
      await prev;
    }
    try {
      if (caps.state(id) === 'absent') throw new CapabilityAbsentError(id);
      let r: T;
      try {
        r = await fn();
      } catch (e) {
        if (!refused(e)) throw e;
        await caps.observe(id, 'absent', `${what}: ${(e as RemoteFaultError).remoteMessage}`);
        throw new CapabilityAbsentError(id);
      }
      await caps.observe(id, 'confirmed', `${what} answered`);
      return r;
    } finally {
      release?.();
    }
  };
}

/** The work-type spec with its 24SO writes guarded (kinds.ts workTypeSpec otherwise). */
export function guardedWorkTypeSpec(ctx: RunCtx): { spec: KindSpec<'workType'>; busyRead: () => BusyTag[] } {
  const base = workTypeSpec(ctx);
  const caps = ctx.deps.capabilities;
  let busy: BusyTag[] = [];
  if (!caps) return { spec: base, busyRead: () => busy };
  const attempt = prober(caps, SAVE_WORK_TYPE);
  const absent = caps.state(SAVE_WORK_TYPE) === 'absent';
  return {
    busyRead: () => busy,
    spec: {
      ...base,
      listBusy: async (since) => (busy = await base.listBusy(since)),
      // Absent before the run: no create is planned at all (no journal entry, no request).
      createTfso: absent ? undefined : (b, m) => attempt('SaveWorkType', () => base.createTfso!(b, m), isUnknownSoapAction),
      updateTfso: absent ? undefined : (t, id, m) => attempt('SaveWorkType', () => base.updateTfso!(t, id, m), isUnknownSoapAction),
    },
  };
}

/** The work-type phase, and its warnings when SaveWorkType is absent. */
export async function runWorkTypes(ctx: RunCtx, mode: ReadMode): Promise<void> {
  const { spec, busyRead } = guardedWorkTypeSpec(ctx);
  await runKind(ctx, spec, mode);
  const caps = ctx.deps.capabilities;
  if (!caps) return;
  const absent = caps.state(SAVE_WORK_TYPE) === 'absent';
  // Busy-only: active, no marker of any system, no link (none was made), no decision pending.
  const held = new Set(ctx.openDecisions.filter((d) => d.kind === 'workType' && d.subject.side === 'busy').map((d) => d.subject.id));
  const candidates = busyRead().filter((b) => b.isActive && b.externalId === null && !held.has(b.id));
  const linked = candidates.length
    ? await ctx.store.links.getMany(
        'workType',
        'busy',
        candidates.map((b) => b.id),
      )
    : new Map();
  const toCreate = absent
    ? candidates
        .filter((b) => !linked.has(b.id))
        .map((b) => b.name)
        .sort((a, b) => a.localeCompare(b, 'nb'))
    : [];
  const toRename = absent
    ? (await ctx.store.links.all('workType'))
        .filter(
          (l) => typeof l.busy.name === 'string' && typeof l.tfso.name === 'string' && normName(l.busy.name) !== normName(l.tfso.name),
        )
        .map((l) => `«${String(l.tfso.name)}» → «${String(l.busy.name)}»`)
        .sort()
    : [];
  await keepWarning(
    ctx,
    MANUAL_WARNING_KEYS.createWorkTypes,
    'manualWorkTypes',
    'warnCreateWorkTypesByHand',
    toCreate.map((n) => `«${n}»`).join(', '),
    'workType',
  );
  await keepWarning(
    ctx,
    MANUAL_WARNING_KEYS.renameWorkTypes,
    'manualWorkTypes',
    'warnRenameWorkTypesByHand',
    toRename.join(', '),
    'workType',
  );
}

/**
 * Writes one task assignee (add or remove) when Busy offers it. Returns whether Busy now holds the
 * change: false = not written (the capability is absent, or Busy refused the path just now, which
 * turns it off). A 404 is a refusal of the path only when the task itself is there (a documented
 * read says so); a 404 for a removed task or assignee is not about the capability.
 */
export async function writeAssignee(
  ctx: RunCtx,
  op: 'add' | 'remove',
  taskId: string,
  userId: string,
  write: () => Promise<unknown>,
): Promise<boolean> {
  const caps = ctx.deps.capabilities;
  if (!caps) {
    await write();
    return true;
  }
  if (caps.state(ASSIGNEE_WRITE) === 'absent') return false;
  const what = op === 'add' ? 'POST /tasks/{taskId}/users' : 'DELETE /tasks/{taskId}/users/{userId}';
  try {
    await write();
  } catch (e) {
    if (!isBusyRouteRefusal(e)) throw e;
    if (op === 'remove' && e.status === 404 && !(await listTaskAssignees(ctx.busy, taskId)).some((u) => u.id === userId)) return true; // not assigned: done
    if (e.status === 404 && !(await taskExists(ctx, taskId))) throw e;
    await caps.observe(ASSIGNEE_WRITE, 'absent', `${what} answered ${e.status} (${e.remoteMessage}) for a task that exists`);
    return false;
  }
  await caps.observe(ASSIGNEE_WRITE, 'confirmed', `${what} answered`);
  return true;
}

async function taskExists(ctx: RunCtx, taskId: string): Promise<boolean> {
  try {
    await getTask(ctx.busy, taskId);
    return true;
  } catch (e) {
    if (e instanceof RemoteFaultError && e.status === 404) return false;
    throw e;
  }
}

const ids = (v: unknown): number[] => (Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : []);

/**
 * The task link as the comparison should see it. Assignees are merged per element against the
 * last synced list (decisions.ts mergeIds), which assumes both sides held it. Where assignee writes
 * were absent, Busy holds less (or more) than 24SO and the link records each side as it is; then
 * Busy's own list is the base: what 24SO holds beyond it reads as 24SO's change, so it is offered
 * to Busy again (written once the writes exist, a named manual step until then) and never read as
 * Busy removing it, which would take the participant off the task in 24SO.
 */
export function assigneeBase(ctx: RunCtx, l: Link | undefined): Link | undefined {
  if (!l || !ctx.deps.capabilities || !Array.isArray(l.busy.assignees)) return l;
  const busy = ids(l.busy.assignees);
  if (sameValue(busy, ids(l.tfso.assignees))) return l;
  return { ...l, tfso: { ...l.tfso, assignees: busy } };
}

/** After the tasks phase: one warning naming, per task, whom to assign in Busy by hand. Only
 * after a phase that compared tasks (an idle hourly run or push costs nothing more). */
export async function reportAssignees(ctx: RunCtx, mode: ReadMode): Promise<void> {
  const caps = ctx.deps.capabilities;
  if (!caps || (mode !== 'all' && !ctx.touchedProjects.size)) return;
  const open = (await ctx.store.warnings.open()).some((w) => w.key === MANUAL_WARNING_KEYS.assignees);
  if (caps.state(ASSIGNEE_WRITE) !== 'absent' && !open) return;
  const users = await ctx.users();
  const gaps = (await ctx.store.links.all('task')).flatMap((l) => {
    const have = ids(l.busy.assignees);
    const missing = ids(l.tfso.assignees).filter((c) => !have.includes(c));
    return missing.length ? [{ l, missing }] : [];
  });
  const projects = gaps.length
    ? await ctx.store.links.getMany('project', 'tfso', [...new Set(gaps.map((g) => String(g.l.tfso.project ?? g.l.busy.project)))])
    : new Map<string, Link>();
  const lines = gaps
    .map(({ l, missing }) => {
      const project = projects.get(String(l.tfso.project ?? l.busy.project));
      const people = missing.map((c) => users.names.get(users.toBusy.get(c) ?? '') ?? `#${c}`).sort((a, b) => a.localeCompare(b, 'nb'));
      return `«${String(l.busy.name ?? l.tfso.name)}» (${String(project?.busy.name ?? project?.tfso.name ?? l.tfso.project)}): ${people.join(', ')}`;
    })
    .sort((a, b) => a.localeCompare(b, 'nb'));
  await keepWarning(ctx, MANUAL_WARNING_KEYS.assignees, 'manualAssignees', 'warnAssignTasksByHand', lines.join('; '), 'task');
}

/** A warning under a stable key: raised when new or changed, left alone when the same, resolved when empty. */
async function keepWarning(ctx: RunCtx, key: string, code: string, messageKey: string, text: string, kind: EntityKind): Promise<void> {
  const open = (await ctx.store.warnings.open()).find((w) => w.key === key);
  if (!text) {
    if (open) await ctx.store.commit({ resolveWarnings: [key] });
    return;
  }
  if (open && open.messageKey === messageKey && sameValue(open.substitutions, [text])) return;
  await ctx.store.commit({ warnings: [ctx.warn(code, key, messageKey, [text], kind)] });
}
