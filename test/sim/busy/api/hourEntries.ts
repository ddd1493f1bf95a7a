// /hourEntries: list (many filters), read, create, update. No DELETE: `PATCH {isActive:false}`.
import { ID_ITEM, noQuery, runList, type ListSpec } from '../pagination.js';
import { parseOr400, unprocessable } from '../problem.js';
import { hourlyRateOf } from '../rates.js';
import { HourEntryCreateSchema, HourEntryPatchSchema, type HourEntry } from '../schemas.js';
import { fixed4, type BusyState } from '../state.js';
import { created, getOr404, ok, type Route } from './router.js';

const inSet =
  (field: 'id' | 'userId' | 'projectId' | 'tagId' | 'externalId', negate = false) =>
  (h: HourEntry, v: Set<string>) =>
    (h[field] !== null && v.has(h[field] as string)) !== negate;

const BOOL_ALL = ['true', 'false', 'all'];
const BOOL = ['true', 'false'];

const LIST: ListSpec<HourEntry> = {
  orderBy: { values: ['updatedAt', 'createdAt', 'startTime'], default: 'startTime' },
  isActive: true,
  dates: {
    createdFrom: { field: 'createdAt', bound: 'from' },
    createdTo: { field: 'createdAt', bound: 'to' },
    updatedFrom: { field: 'updatedAt', bound: 'from' },
    updatedTo: { field: 'updatedAt', bound: 'to' },
    startTimeFrom: { field: 'startTime', bound: 'from' },
    startTimeTo: { field: 'startTime', bound: 'to' },
    stopTimeFrom: { field: 'stopTime', bound: 'from' },
    stopTimeTo: { field: 'stopTime', bound: 'to' },
  },
  arrays: {
    idIn: { item: ID_ITEM, keep: inSet('id') },
    externalIdIn: { item: /^[\s\S]*$/, maxLength: 50, keep: inSet('externalId') },
    userIdIn: { item: ID_ITEM, keep: inSet('userId') },
    userIdNotIn: { item: ID_ITEM, keep: inSet('userId', true) },
    projectIdIn: { item: ID_ITEM, keep: inSet('projectId') },
    projectIdNotIn: { item: ID_ITEM, keep: inSet('projectId', true) },
    tagIdIn: { item: ID_ITEM, keep: inSet('tagId') },
    tagIdNotIn: { item: ID_ITEM, keep: inSet('tagId', true) },
  },
  options: {
    isExcludedFromBilling: { values: BOOL_ALL, keep: (h, v) => v === 'all' || String(h.isExcludedFromBilling) === v },
    hourlyRateSource: { values: ['implicit', 'explicit'], keep: (h, v) => (h.hourlyRate != null) === (v === 'explicit') },
    calculatedHourlyRate: { values: BOOL },
    money: { values: BOOL },
  },
};

/** The entry as served; `calculatedHourlyRate`/`money` only when asked for. */
function view(state: BusyState, h: HourEntry, opts: Record<string, string>): HourEntry {
  if (opts.calculatedHourlyRate !== 'true' && opts.money !== 'true') return h;
  const rate = hourlyRateOf(state, h);
  const out: HourEntry = { ...h };
  if (opts.calculatedHourlyRate === 'true') out.calculatedHourlyRate = fixed4(rate);
  if (opts.money === 'true') out.money = fixed4((rate * h.billableMinutes) / 60);
  return out;
}

/** Referential and time checks shared by create and update (422: well-formed but not acceptable). */
function checkEntry(
  state: BusyState,
  h: Pick<HourEntry, 'userId' | 'projectId' | 'tagId' | 'taskId' | 'startTime' | 'stopTime' | 'breakDeductionMinutes'>,
): number {
  const user = state.users.get(h.userId);
  if (!user) throw unprocessable(`User ${h.userId} does not exist`, { field: 'userId' });
  if (!user.isActive) throw unprocessable(`User ${h.userId} is archived`, { field: 'userId' });
  if (h.projectId !== null) {
    const p = state.projects.get(h.projectId);
    if (!p) throw unprocessable(`Project ${h.projectId} does not exist`, { field: 'projectId' });
    if (!p.isActive) throw unprocessable(`Project ${h.projectId} is archived`, { field: 'projectId' });
  }
  if (h.tagId !== null) {
    const t = state.tags.get(h.tagId);
    if (!t) throw unprocessable(`Tag ${h.tagId} does not exist`, { field: 'tagId' });
    if (!t.isActive) throw unprocessable(`Tag ${h.tagId} is archived`, { field: 'tagId' });
  }
  if (h.taskId !== null) {
    const task = state.tasks.get(h.taskId);
    if (!task || task.projectId !== h.projectId)
      throw unprocessable(`Task ${h.taskId} is not a task of project ${h.projectId}`, { field: 'taskId' });
  }
  const ms = Date.parse(h.stopTime) - Date.parse(h.startTime);
  if (!(ms > 0)) throw unprocessable('stopTime must be after startTime', { field: 'stopTime' });
  const total = Math.floor(ms / 60_000) - h.breakDeductionMinutes;
  if (total < 0) throw unprocessable('breakDeductionMinutes exceeds the entry', { field: 'breakDeductionMinutes' });
  return total;
}

/** ISO strings as Busy stores them (UTC, milliseconds). */
const utc = (s: string) => new Date(s).toISOString();

export const hourEntryRoutes: Route[] = [
  {
    method: 'GET',
    template: '/hourEntries',
    handle: ({ state, query }) => {
      const { rows, options } = runList(state.hourEntries, query, LIST);
      return ok(rows.map((h) => view(state, h, options)));
    },
  },
  {
    method: 'POST',
    template: '/hourEntries',
    handle: ({ state, query, body }) => {
      noQuery(query);
      const b = parseOr400(HourEntryCreateSchema, body);
      const draft = {
        userId: b.userId,
        projectId: b.projectId,
        tagId: b.tagId,
        taskId: b.taskId ?? null,
        startTime: utc(b.startTime),
        stopTime: utc(b.stopTime),
        breakDeductionMinutes: b.breakDeductionMinutes ?? 0,
      };
      const total = checkEntry(state, draft);
      const now = state.stamp();
      const excluded = b.isExcludedFromBilling ?? false;
      const h: HourEntry = {
        id: state.nextId('hourEntries'),
        userId: draft.userId,
        projectId: draft.projectId,
        tagId: draft.tagId,
        clientId: draft.projectId ? state.projects.get(draft.projectId)!.clientId : null,
        taskId: draft.taskId,
        billableMinutes: b.billableMinutes ?? (excluded ? 0 : total),
        totalMinutes: total,
        description: b.description,
        approvalStatus: b.approvalStatus ?? 'none',
        startTime: draft.startTime,
        stopTime: draft.stopTime,
        isActive: true,
        isExcludedFromBilling: excluded,
        excludedFromBillingDescription: b.excludedFromBillingDescription ?? null,
        excludedFromBillingCategory: b.excludedFromBillingCategory ?? null,
        locked: b.locked ?? false,
        flagged: b.flagged ?? false,
        hourlyRate: b.hourlyRate ?? null,
        externalId: b.externalId,
        invoiceId: null,
        breakDeductionMinutes: draft.breakDeductionMinutes,
        createdAt: now,
        updatedAt: now,
      };
      state.hourEntries.set(h.id, h);
      return created(h);
    },
  },
  {
    method: 'GET',
    template: '/hourEntries/{hourEntryId}',
    handle: ({ state, params, query }) => {
      noQuery(query);
      return ok(getOr404(state.hourEntries, params.hourEntryId, 'Hour entry'));
    },
  },
  {
    method: 'PATCH',
    template: '/hourEntries/{hourEntryId}',
    handle: ({ state, params, query, body }) => {
      noQuery(query);
      const h = getOr404(state.hourEntries, params.hourEntryId, 'Hour entry');
      const b = parseOr400(HourEntryPatchSchema, body);
      const next = { ...h, ...b };
      if (b.startTime) next.startTime = utc(b.startTime);
      if (b.stopTime) next.stopTime = utc(b.stopTime);
      const refsChanged = ['userId', 'projectId', 'tagId', 'taskId', 'startTime', 'stopTime', 'breakDeductionMinutes'].some((k) => k in b);
      if (refsChanged) {
        next.totalMinutes = checkEntry(state, next);
        if ('projectId' in b) next.clientId = next.projectId ? state.projects.get(next.projectId)!.clientId : null;
      }
      Object.assign(h, next, { updatedAt: state.stamp() });
      return ok(h);
    },
  },
];
