// The hour transfer (R19–R22): one pass = (orders, in on-order mode) → the Busy hour entries that
// changed since the cursor plus every unsettled ledger record → each entry sent, updated, deleted
// or skipped with its reason. Exactly once per entry, however often a pass is retried or cut off:
//
//   send:   ledger 'pending' (what is being written) → SaveHour → ledger 'unmarked' + log (one
//           transaction) → PATCH Busy externalId → ledger 'sent'.
//   before every first SaveHour of an entry, 24SO is searched (GetHours for the contact and project
//   over the entry's Oslo day) for an hour carrying the entry's marker (marker.ts): found → it is
//   recorded, not sent again. That covers "committed in 24SO, answer lost" and "the worker stopped
//   between SaveHour and the ledger write" (the ledger still says 'pending'), and a lost ledger
//   whose Busy marker was never written. A Busy externalId already set is adopted, never re-sent.
//   No store transaction is ever open across a fetch: every store call is one short write.
//
// Eligible (should be in 24SO): active and approved (on-approval) / on a Busy order (on-order).
// A sent entry that changes updates the SAME 24SO hour when it is eligible again; one deleted in
// Busy (isActive=false) is deleted in 24SO unless 24SO has locked/approved it (a warning).
// A sent entry that is no longer approved is left as it is in 24SO until it is approved again.
import { AppError, describeError, MissingScopeError, RateLimitedError, RemoteFaultError, SessionMissingError } from '../core/errors';
import { listHourEntries, patchHourEntry, type BusyHourEntry } from '../busy/hours';
import type { HourFields, HourLedgerRecord, Reason, TransferLogEntry } from '../store/types';
import { deleteHour, isLockedFault, MAX_HOURS_PER_RECORD, saveHour, type TfsoHour } from '../tfso/hours';
import { PassCtx, type HoursDeps, type HoursOptions, type SentItem, type TransferSummary } from './context';
import { markedHour, markerOfHour, markerPlace, noteMarkerRefused, withoutMarker } from './marker';
import { noteHoursRead, noteInUse } from '../sync/in-use';
import { processOrders } from './orders';
import { reason } from './reasons';

export const HOURS_CURSOR = 'hourEntries';

export interface TransferRequest extends HoursOptions {
  /** The content-script control: exactly these Busy entry ids (re-read from Busy, never trusted). */
  only?: string[];
}

// One pass at a time per store (the alarm and the control can fire together).
const running = new WeakMap<object, Promise<unknown>>();

export async function runHoursTransfer(deps: HoursDeps, req: TransferRequest): Promise<TransferSummary> {
  const prev = running.get(deps.store) ?? Promise.resolve();
  const p = prev.catch(() => undefined).then(() => pass(deps, req));
  running.set(deps.store, p);
  return p;
}

/** R23's control: sends exactly these entries that are eligible and not yet sent. */
export function sendEntries(deps: HoursDeps, opts: HoursOptions, ids: string[]): Promise<TransferSummary> {
  return runHoursTransfer(deps, { ...opts, only: ids });
}

async function pass(deps: HoursDeps, req: TransferRequest): Promise<TransferSummary> {
  const ctx = new PassCtx(deps, req);
  const s = ctx.summary;
  if (req.mode === null || req.mode === 'never') {
    s.ran = false;
    s.why = reason(req.mode === null ? 'hoursModeNotChosen' : 'hoursModeNever');
    return s;
  }
  const body = async () => {
    const orderEntryIds = req.mode === 'on-order' && !req.only ? await processOrders(ctx) : [];
    const { entries, cursorAt } = await candidates(ctx, req, orderEntryIds);
    // Projects with hours logged are "in use": their tasks and members are looked at more often.
    if (!req.only) {
      const busyNow = new Date(ctx.busy.serverTime() ?? ctx.now().getTime()); // Busy's clock, as its stamps
      await noteInUse(
        ctx.store,
        entries.flatMap((e) => (e.projectId ? [[e.projectId, e.updatedAt] as [string, string]] : [])),
        busyNow,
      );
      await noteHoursRead(ctx.store, busyNow.toISOString());
    }
    if (req.only) {
      const seen = new Set(entries.map((e) => e.id));
      for (const id of new Set(req.only)) if (!seen.has(id)) s.skipped.push({ busyEntryId: id, reason: reason('hoursNotFound', id) });
    }
    // Anything to send: the marker searches are made under the company's write lock (an hour
    // another installation sent a moment ago is then found, not sent again).
    if (entries.some((e) => e.isActive && isEligible(e, ctx.opts.mode) && !sentByAnother(e))) await ctx.holdLock();
    const each = async (e: BusyHourEntry) => {
      try {
        await processEntry(ctx, e, !!req.only);
      } catch (err) {
        if (stopsPass(err)) throw err;
        // Anything else concerns this entry only: note it, retry next pass, go on with the others.
        ctx.log('error', 'hour entry failed', { busyEntryId: e.id, error: String(err) });
        const rec = await ctx.store.hours.get(e.id);
        const r = reason('hoursOutcomeUnknown', err instanceof Error ? err.message : String(err));
        if (!rec) await ctx.store.hours.put(record(ctx, e, 'failed', { reason: r }));
        s.skipped.push({ busyEntryId: e.id, reason: r });
      }
    };
    // While nobody knows whether one marker search per person covers every project, the pass
    // sends its first hour alone and asks with it (learnSearchScope); the rest is searched as it
    // learnt: per person, or per person and project (a first backlog of 10,000 hours: ~1.0 24SO
    // requests an hour instead of ~2.3).
    let i = 0;
    if (ctx.deps.capabilities?.state('tfso.hourSearchAnyProject') === 'unknown') {
      for (; i < entries.length && !ctx.made.length; i++) await each(entries[i]!);
      await learnSearchScope(ctx);
    }
    await prefetch(ctx, entries.slice(i));
    for (; i < entries.length; i++) await each(entries[i]!);
    if (ctx.made.length) await lookAgain(ctx);
    if (cursorAt) await ctx.store.hourCursors.put({ name: HOURS_CURSOR, at: cursorAt, idsAtCursor: [] });
  };
  try {
    if (deps.coordination) await deps.coordination.withLock(ctx.busy, body);
    else await body();
  } catch (err) {
    s.error = { ...describeError(err), message: err instanceof Error ? err.message : String(err) };
    ctx.log('error', 'hour transfer stopped', { error: s.error.message });
  }
  if (s.warnings.length) await ctx.store.commit({ warnings: s.warnings });
  return s;
}

/** Session gone, rate limited, or a token scope missing: nothing more can succeed in this pass. */
function stopsPass(e: unknown): boolean {
  return e instanceof SessionMissingError || e instanceof RateLimitedError || e instanceof MissingScopeError;
}

/**
 * A waiting hour whose cause a person fixes (skipped: its project inactive in 24SO, its person not
 * mapped…) is looked at again this often, not at every minute's poll: each look reads its project
 * in 24SO (issue 15: the idle poll costs 24SO nothing). An edit of the entry itself is read at
 * once through the cursor; pending, unmarked and failed ones are looked at on every pass.
 */
export const RETRY_SKIPPED_MS = 15 * 60_000;

/** Entries to look at, oldest change first, each once; and where the cursor may move to. */
async function candidates(
  ctx: PassCtx,
  req: TransferRequest,
  extraIds: string[],
): Promise<{ entries: BusyHourEntry[]; cursorAt?: string }> {
  if (req.only) {
    return { entries: sortEntries(await listHourEntries(ctx.busy, { idIn: [...new Set(req.only)] })) };
  }
  const cursor = await ctx.store.hourCursors.get(HOURS_CURSOR);
  const updatedFrom = cursor ? new Date(Date.parse(cursor.at) - ctx.overlapMs) : undefined;
  const changed = await listHourEntries(ctx.busy, { updatedFrom });
  const have = new Set(changed.map((e) => e.id));
  const now = ctx.now().getTime();
  // (A record stamped in the future, by a clock set back since, is due at once.)
  const due = (r: HourLedgerRecord) => {
    const age = now - Date.parse(r.updatedAt);
    return r.state !== 'skipped' || !(age >= 0 && age < RETRY_SKIPPED_MS);
  };
  const again = [...(await ctx.store.hours.unsettled()).filter(due).map((r) => r.busyEntryId), ...extraIds].filter((id) => !have.has(id));
  const more = again.length ? await listHourEntries(ctx.busy, { idIn: [...new Set(again)] }) : [];
  const byId = new Map([...changed, ...more].map((e) => [e.id, e]));
  const cursorAt = changed.reduce<string | undefined>(
    (m, e) => (!m || Date.parse(e.updatedAt) > Date.parse(m) ? e.updatedAt : m),
    cursor?.at,
  );
  return { entries: sortEntries([...byId.values()]), cursorAt };
}

function sortEntries(es: BusyHourEntry[]): BusyHourEntry[] {
  return es.sort((a, b) => Date.parse(a.updatedAt) - Date.parse(b.updatedAt) || Number(a.id) - Number(b.id));
}

/** Busy's externalId names a 24SO hour: an installation sent it (processEntry A adopts it). */
const sentByAnother = (e: BusyHourEntry) => !!e.externalId && /^\d+$/.test(e.externalId);

export function isEligible(e: BusyHourEntry, mode: HoursOptions['mode']): boolean {
  if (!e.isActive) return false;
  if (mode === 'on-approval') return e.approvalStatus === 'approved';
  if (mode === 'on-order') return e.invoiceId !== null;
  return false;
}

/** One GetHours per contact+project over the days of the entries that may need a marker search. */
async function prefetch(ctx: PassCtx, entries: BusyHourEntry[]): Promise<void> {
  const groups = new Map<string, { c: number; p: number; min: string; max: string }>();
  const add = (c: number, p: number, t: string) => {
    const k = `${c}|${p}`;
    const g = groups.get(k);
    if (!g) groups.set(k, { c, p, min: t, max: t });
    else {
      if (Date.parse(t) < Date.parse(g.min)) g.min = t;
      if (Date.parse(t) > Date.parse(g.max)) g.max = t;
    }
  };
  // Every linked project of these entries in one GetProjectList (active ones: TimeReg, active).
  // Links and ledger records of all the entries in one store read each, not one per entry.
  await ctx.loadLinks(
    'project',
    entries.flatMap((e) => (e.projectId ? [e.projectId] : [])),
  );
  const ledger = await ctx.store.hours.getMany(entries.map((e) => e.id));
  const projectIds: number[] = [];
  const wanted: { c: number; p: number; t: string }[] = [];
  // Projects a pending send was writing to: searched even when inactive now.
  const pendingOn = new Set<number>();
  for (const rec of ledger.values()) if (rec.state === 'pending' && rec.fields) pendingOn.add(rec.fields.projectId);
  for (const e of entries) {
    if (!e.projectId) continue;
    const rec = ledger.get(e.id);
    if (settledAndUnchanged(rec, e)) continue; // nothing to read for it (see processEntry)
    // Unknown to the ledger, not waiting and not sent by another installation: processEntry asks
    // 24SO nothing for it (the minute's poll of a company logging hours today costs 24SO nothing).
    if (!rec && !sentByAnother(e) && !(e.isActive && isEligible(e, ctx.opts.mode))) continue;
    const link = await ctx.link('project', e.projectId);
    if (!link) continue;
    projectIds.push(Number(link.tfsoId));
    if (rec?.state === 'pending' && rec.fields) wanted.push({ c: rec.fields.contactId, p: rec.fields.projectId, t: rec.fields.startTime });
    if (rec && rec.tfsoHourId !== null) continue;
    if (!isEligible(e, ctx.opts.mode) || sentByAnother(e)) continue;
    wanted.push({ c: (await ctx.contactOf(e.userId)).contactId, p: Number(link.tfsoId), t: e.startTime });
  }
  await ctx.loadProjects(projectIds);
  // No search for hours that cannot be sent to an inactive project anyway (pending ones: always).
  const searched: typeof wanted = [];
  for (const x of wanted) if ((await ctx.project(x.p)) || pendingOn.has(x.p)) searched.push(x);
  for (const x of searched) add(x.c, ctx.searchScope(x.p), x.t);
  // Before the many searches: does one search per person cover every project? (learnt once)
  if (await learnSearchScopeEarly(ctx, [...groups.values()])) {
    groups.clear();
    for (const x of searched) add(x.c, ctx.searchScope(x.p), x.t);
  }
  for (const g of groups.values()) await ctx.prefetchHours(g.c, ctx.searchScope(g.p), g.min, g.max);
}

/** Groups tried for an hour to ask about (each search is one the pass makes anyway). */
const EARLY_TRIES = 5;

/**
 * Whether HourSearch.ProjectId 0 finds a person's hours on every project, asked before a pass's
 * marker searches: the first per-project search that finds an hour is asked again with ProjectId
 * 0. Returns true when the answer changed how this pass searches (confirmed).
 */
async function learnSearchScopeEarly(ctx: PassCtx, groups: { c: number; p: number; min: string; max: string }[]): Promise<boolean> {
  const caps = ctx.deps.capabilities;
  if (caps?.state('tfso.hourSearchAnyProject') !== 'unknown') return false;
  for (const g of groups.slice(0, EARLY_TRIES)) {
    await ctx.prefetchHours(g.c, g.p, g.min, g.max);
    const h = ctx.hoursFound(g.c, g.p)[0];
    if (!h?.startTime) continue;
    const wide = await ctx.searchAgain(g.c, 0, h.startTime, h.startTime);
    const seen = wide.some((x) => x.id === h.id);
    await caps.observe(
      'tfso.hourSearchAnyProject',
      seen ? 'confirmed' : 'absent',
      `GetHours ContactId ${g.c}, ProjectId 0, ${h.startTime.slice(0, 10)}: ${seen ? 'found' : 'did not find'} hour ${h.id} of project ${g.p}`,
    );
    return seen;
  }
  return false;
}

function record(ctx: PassCtx, e: BusyHourEntry, state: HourLedgerRecord['state'], extra: Partial<HourLedgerRecord> = {}): HourLedgerRecord {
  return {
    busyEntryId: e.id,
    state,
    tfsoHourId: null,
    fields: null,
    busyUserId: e.userId,
    reason: null,
    updatedAt: ctx.now().toISOString(),
    busyUpdatedAt: e.updatedAt,
    ...extra,
  };
}

/** Sent, and the Busy entry has not changed since (the poll's overlap re-reads it): nothing to do. */
const settledAndUnchanged = (rec: HourLedgerRecord | undefined, e: BusyHourEntry) =>
  rec?.state === 'sent' && rec.busyUpdatedAt === e.updatedAt;

function logEntry(ctx: PassCtx, op: TransferLogEntry['op'], e: BusyHourEntry, tfsoId: number, f: HourFields | null): TransferLogEntry {
  return {
    id: `${op}-${e.id}-${tfsoId}-${ctx.now().getTime().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
    at: ctx.now().toISOString(),
    op,
    busyId: e.id,
    tfsoId,
    busyUserId: e.userId,
    contactId: f?.contactId ?? null,
    projectId: f?.projectId ?? null,
    hours: f?.totalHours ?? null,
    description: f?.description ?? '',
  };
}

const item = (e: BusyHourEntry, id: number, f: HourFields): SentItem => ({
  busyEntryId: e.id,
  tfsoHourId: id,
  contactId: f.contactId,
  projectId: f.projectId,
  hours: f.totalHours,
  busyUserId: e.userId,
});

/** The 24SO hour an entry should be, or why it cannot be sent. */
export async function targetFields(ctx: PassCtx, e: BusyHourEntry): Promise<HourFields | Reason> {
  if (!e.projectId) return reason('hoursProjectMissing');
  const pl = await ctx.link('project', e.projectId);
  if (!pl) return reason('hoursProjectNotLinked', e.projectId);
  const projectId = Number(pl.tfsoId);
  const project = await ctx.project(projectId);
  const projectName = String(pl.tfso.name ?? projectId);
  if (!project) return reason('hoursProjectInactive', projectName);
  if (!e.tagId) return reason('hoursWorkTypeMissing');
  const wl = await ctx.link('workType', e.tagId);
  if (!wl) return reason('hoursWorkTypeNotLinked', e.tagId);
  if (project.timeReg === 'Task' && !e.taskId) return reason('hoursTaskRequired', projectName);
  let projectTaskId: number | null = null;
  if (e.taskId) {
    const tl = await ctx.link('task', e.taskId);
    if (!tl) return reason('hoursTaskNotLinked', e.taskId);
    projectTaskId = Number(tl.tfsoId);
  }
  const totalHours = e.totalMinutes / 60;
  if (totalHours > MAX_HOURS_PER_RECORD) return reason('hoursTooLong', totalHours.toFixed(2), MAX_HOURS_PER_RECORD);
  return {
    contactId: (await ctx.contactOf(e.userId)).contactId,
    projectId,
    typeOfWorkId: Number(wl.tfsoId),
    projectTaskId,
    startTime: new Date(e.startTime).toISOString(),
    stopTime: new Date(e.stopTime).toISOString(),
    totalHours,
    totalHoursInvoice: Math.min(e.billableMinutes, e.totalMinutes) / 60,
    description: e.description ?? '',
  };
}

const near = (a: number, b: number) => Math.abs(a - b) < 1e-9;

export function sameFields(a: HourFields | null, b: HourFields): boolean {
  return (
    !!a &&
    a.contactId === b.contactId &&
    a.projectId === b.projectId &&
    a.typeOfWorkId === b.typeOfWorkId &&
    a.projectTaskId === b.projectTaskId &&
    a.startTime === b.startTime &&
    a.stopTime === b.stopTime &&
    near(a.totalHours, b.totalHours) &&
    near(a.totalHoursInvoice, b.totalHoursInvoice) &&
    a.description === b.description
  );
}

/** What a 24SO hour holds, in the ledger's terms (null when 24SO's answer lacks a field). */
export function fieldsOfHour(h: TfsoHour): HourFields | null {
  if (h.contactId === null || h.projectId === null || h.typeOfWorkId === null || !h.startTime || !h.stopTime) return null;
  return {
    contactId: h.contactId,
    projectId: h.projectId,
    typeOfWorkId: h.typeOfWorkId,
    projectTaskId: h.projectTaskId,
    startTime: h.startTime,
    stopTime: h.stopTime,
    totalHours: h.totalHours ?? 0,
    totalHoursInvoice: h.totalHoursInvoice ?? 0,
    description: withoutMarker(h.description),
  };
}

async function processEntry(ctx: PassCtx, e: BusyHourEntry, explicit: boolean): Promise<void> {
  const s = ctx.summary;
  let rec = await ctx.store.hours.get(e.id);
  if (settledAndUnchanged(rec, e)) {
    if (explicit) s.skipped.push({ busyEntryId: e.id, reason: reason('hoursNotWaiting') });
    return;
  }

  // A. Sent by another installation (Busy carries the 24SO id, our ledger does not): adopt it.
  if ((!rec || rec.tfsoHourId === null) && rec?.state !== 'pending' && sentByAnother(e)) {
    const t = await targetFields(ctx, e);
    const fields = 'code' in t ? null : t;
    rec = record(ctx, e, 'sent', { tfsoHourId: Number(e.externalId), fields });
    await ctx.store.hours.put(rec, logEntry(ctx, 'adopt', e, rec.tfsoHourId!, fields));
    s.adopted.push({ busyEntryId: e.id, tfsoHourId: rec.tfsoHourId! });
  }

  // B. A send that may have committed: look for the marker before anything else.
  if (rec?.state === 'pending') {
    const f = rec.fields!;
    const hits = await ctx.findByMarker(f.contactId, f.projectId, f.startTime, e.id);
    if (hits.length) rec = await recordFound(ctx, e, hits, f);
    else {
      rec = record(ctx, e, 'failed', { reason: rec.reason });
      await ctx.store.hours.put(rec);
    }
  }

  // C. Deleted in Busy.
  if (!e.isActive) {
    if (rec && rec.tfsoHourId !== null && (rec.state === 'sent' || rec.state === 'unmarked')) await deleteInTfso(ctx, e, rec);
    else if (rec && rec.state !== 'deleted' && rec.state !== 'sent') await ctx.store.hours.delete(e.id);
    if (explicit) s.skipped.push({ busyEntryId: e.id, reason: reason('hoursNotWaiting') });
    return;
  }

  // D. Not (or no longer) eligible: a sent one stays as it is; an unsent one waits for the cursor.
  if (!isEligible(e, ctx.opts.mode)) {
    if (rec && (rec.state === 'skipped' || rec.state === 'failed')) await ctx.store.hours.delete(e.id);
    if (rec?.state === 'unmarked') await markInBusy(ctx, e, rec);
    if (explicit) s.skipped.push({ busyEntryId: e.id, reason: reason('hoursNotWaiting') });
    return;
  }

  const t = await targetFields(ctx, e);
  if ('code' in t) {
    s.skipped.push({ busyEntryId: e.id, reason: t });
    if (!rec || rec.tfsoHourId === null) await ctx.store.hours.put(record(ctx, e, 'skipped', { reason: t }));
    else if (rec.state === 'unmarked') await markInBusy(ctx, e, rec);
    return;
  }

  // E. Not in 24SO as far as the ledger knows: search for the marker (under the write lock), then send.
  if (!rec || rec.tfsoHourId === null) {
    await ctx.holdLock();
    const hits = await ctx.findByMarker(t.contactId, t.projectId, t.startTime, e.id);
    if (hits.length) rec = await recordFound(ctx, e, hits, null);
    else {
      await send(ctx, e, t);
      return;
    }
  }

  // F. In 24SO: bring it up to date, then make sure Busy carries the marker. The contact stays the
  // one it was sent on while the entry's user is the same: editing the user mapping changes where
  // FUTURE hours go, it does not move hours already in 24SO (payroll may have used them).
  if (rec.fields && rec.busyUserId === e.userId) t.contactId = rec.fields.contactId;
  if (!sameFields(rec.fields, t)) await update(ctx, e, rec, t);
  else if (rec.state === 'sent' && rec.busyUpdatedAt !== e.updatedAt) await ctx.store.hours.put({ ...rec, busyUpdatedAt: e.updatedAt });
  else if (explicit) s.skipped.push({ busyEntryId: e.id, reason: reason('hoursNotWaiting') });
  const now = await ctx.store.hours.get(e.id);
  if (now?.state === 'unmarked') await markInBusy(ctx, e, now);
}

/** Records an hour found by its marker (the lowest id; more than one is a warning). */
async function recordFound(ctx: PassCtx, e: BusyHourEntry, hits: TfsoHour[], written: HourFields | null): Promise<HourLedgerRecord> {
  const h = hits[0]!;
  if (hits.length > 1) ctx.warn(`hoursDuplicate:${e.id}`, reason('hoursDuplicateInTfso', e.id, hits.map((x) => x.id).join(', ')));
  const fields = fieldsOfHour(h) ?? written;
  const rec = record(ctx, e, 'unmarked', { tfsoHourId: h.id, fields });
  await ctx.store.hours.put(rec, logEntry(ctx, 'recover', e, h.id, fields));
  if (fields) ctx.summary.recovered.push(item(e, h.id, fields));
  return rec;
}

async function send(ctx: PassCtx, e: BusyHourEntry, t: HourFields): Promise<void> {
  // The ledger knows a send may be under way BEFORE it starts.
  await ctx.store.hours.put(record(ctx, e, 'pending', { fields: t }));
  let id: number;
  const place = markerPlace(ctx.deps.capabilities);
  const marked = markedHour(t.description, e.id, place);
  try {
    id = await saveHour(ctx.tfso, { ...t, ...marked, sequence: 'sequence' in place ? place.sequence : null });
  } catch (err) {
    if (stopsPass(err)) throw err;
    await noteMarkerRefused(ctx.deps.capabilities, place, err);
    // A SOAP fault with a message is a refusal (nothing committed); anything else may have
    // committed: the record stays 'pending' and the next pass searches before trying again.
    const refused = err instanceof RemoteFaultError && !/^HTTP \d+$/.test(err.remoteMessage);
    const r = refused
      ? reason('hoursRefused', (err as RemoteFaultError).remoteMessage)
      : reason('hoursOutcomeUnknown', err instanceof Error ? err.message : String(err));
    await ctx.store.hours.put(record(ctx, e, refused ? 'failed' : 'pending', { fields: t, reason: r }));
    ctx.summary.skipped.push({ busyEntryId: e.id, reason: r });
    return;
  }
  const rec = record(ctx, e, 'unmarked', { tfsoHourId: id, fields: t });
  await ctx.store.hours.put(rec, logEntry(ctx, 'send', e, id, t));
  ctx.remember({
    id,
    typeOfWorkId: t.typeOfWorkId,
    startTime: t.startTime,
    stopTime: t.stopTime,
    totalHours: t.totalHours,
    totalHoursInvoice: t.totalHoursInvoice,
    contactId: t.contactId,
    projectId: t.projectId,
    description: marked.description,
    internalNote: marked.internalNote ?? null,
    locked: false,
    approved: false,
    projectTaskId: t.projectTaskId,
  });
  ctx.summary.sent.push(item(e, id, t));
  ctx.made.push({ busyEntryId: e.id, tfsoHourId: id, contactId: t.contactId, projectId: t.projectId, startTime: t.startTime });
  await markInBusy(ctx, e, rec);
}

/**
 * The pass's sends looked at again in 24SO (one search per contact and project): two hours that
 * carry one entry's marker mean the write lock failed somewhere (shared-lock.ts). The lowest id
 * stays; the others are deleted (this installation holds the lock, so nobody is writing that
 * entry now); the ledger and Busy's externalId follow the hour that stays.
 */
async function lookAgain(ctx: PassCtx): Promise<void> {
  const groups = new Map<string, typeof ctx.made>();
  const keyOf = (m: (typeof ctx.made)[number]) => `${m.contactId}|${ctx.searchScope(m.projectId)}`;
  for (const m of ctx.made) groups.set(keyOf(m), [...(groups.get(keyOf(m)) ?? []), m]);
  for (const ms of groups.values()) {
    const times = ms.map((m) => m.startTime).sort();
    const hours = await ctx.searchAgain(ms[0]!.contactId, ctx.searchScope(ms[0]!.projectId), times[0]!, times.at(-1)!);
    for (const m of ms) {
      const copies = hours.filter((h) => markerOfHour(h) === m.busyEntryId).sort((a, b) => a.id - b.id);
      if (copies.length === 0) continue;
      const [keep, ...extra] = copies;
      for (const x of extra) {
        const outcome = await deleteHour(ctx.tfso, x.id);
        if (outcome === 'locked')
          ctx.warn(`hoursDuplicate:${m.busyEntryId}`, reason('hoursDuplicateInTfso', m.busyEntryId, copies.map((h) => h.id).join(', ')));
        else ctx.log('warn', 'duplicate hour removed', { busyEntryId: m.busyEntryId, kept: keep!.id, removed: x.id });
        for (const it of ctx.summary.sent) if (it.busyEntryId === m.busyEntryId && it.tfsoHourId === x.id) it.tfsoHourId = keep!.id;
      }
      const rec = await ctx.store.hours.get(m.busyEntryId);
      if (rec && rec.tfsoHourId !== keep!.id) {
        const next = { ...rec, tfsoHourId: keep!.id, state: 'unmarked' as const, updatedAt: ctx.now().toISOString() };
        await ctx.store.hours.put(next);
        const [entry] = await listHourEntries(ctx.busy, { idIn: [m.busyEntryId] });
        if (entry) await markInBusy(ctx, entry, next);
      }
    }
  }
  await learnSearchScope(ctx);
}

/**
 * Whether HourSearch.ProjectId 0 finds a person's hours on every project (no document says): asked
 * once, of an hour this pass has just sent. Found again with ProjectId 0 → confirmed (searches go
 * per person from the next pass); not found → absent (per project, as before). Until then the
 * searches stay per project, so nothing depends on the guess.
 */
async function learnSearchScope(ctx: PassCtx): Promise<void> {
  const caps = ctx.deps.capabilities;
  if (caps?.state('tfso.hourSearchAnyProject') !== 'unknown' || !ctx.made.length) return;
  const m = ctx.made[0]!;
  const wide = await ctx.searchAgain(m.contactId, 0, m.startTime, m.startTime);
  const seen = wide.some((h) => h.id === m.tfsoHourId);
  await caps.observe(
    'tfso.hourSearchAnyProject',
    seen ? 'confirmed' : 'absent',
    `GetHours ContactId ${m.contactId}, ProjectId 0, ${m.startTime.slice(0, 10)}: ${seen ? 'found' : 'did not find'} hour ${m.tfsoHourId} of project ${m.projectId}`,
  );
}

async function update(ctx: PassCtx, e: BusyHourEntry, rec: HourLedgerRecord, t: HourFields): Promise<void> {
  const id = rec.tfsoHourId!;
  if (t.projectTaskId === null && rec.fields?.projectTaskId != null)
    ctx.warn(`hoursTaskNotCleared:${e.id}`, reason('hoursTaskNotCleared', id));
  try {
    const place = markerPlace(ctx.deps.capabilities);
    await saveHour(ctx.tfso, {
      ...t,
      id,
      ...markedHour(t.description, e.id, place),
      sequence: 'sequence' in place ? place.sequence : null,
    });
  } catch (err) {
    if (isLockedFault(err)) {
      ctx.warn(`hoursLocked:${e.id}`, reason('hoursLockedInTfso', id, 'update'));
      return;
    }
    throw err;
  }
  // SaveHour with an Id is idempotent: a lost answer is simply redone next pass.
  const next = { ...rec, fields: t, reason: null, updatedAt: ctx.now().toISOString(), busyUpdatedAt: e.updatedAt };
  await ctx.store.hours.put(next, logEntry(ctx, 'update', e, id, t));
  ctx.summary.updated.push(item(e, id, t));
}

async function deleteInTfso(ctx: PassCtx, e: BusyHourEntry, rec: HourLedgerRecord): Promise<void> {
  const id = rec.tfsoHourId!;
  const outcome = await deleteHour(ctx.tfso, id);
  if (outcome === 'locked') {
    ctx.warn(`hoursLocked:${e.id}`, reason('hoursLockedInTfso', id, 'delete'));
    if (rec.state === 'unmarked') await ctx.store.hours.put({ ...rec, state: 'sent', updatedAt: ctx.now().toISOString() });
    return;
  }
  await ctx.store.hours.put({ ...rec, state: 'deleted', updatedAt: ctx.now().toISOString() }, logEntry(ctx, 'delete', e, id, rec.fields));
  ctx.summary.deleted.push({ busyEntryId: e.id, tfsoHourId: id });
}

/** Busy's side of the marker: externalId = the 24SO hour id. A failure is retried next pass. */
async function markInBusy(ctx: PassCtx, e: BusyHourEntry, rec: HourLedgerRecord): Promise<void> {
  const want = String(rec.tfsoHourId);
  let stamp = e.updatedAt;
  if (e.externalId !== want) {
    try {
      stamp = (await patchHourEntry(ctx.busy, e.id, { externalId: want })).updatedAt; // our own change: not one to look at again
    } catch (err) {
      if (stopsPass(err) || !(err instanceof AppError)) throw err;
      ctx.log('warn', 'could not write externalId to Busy; retried next pass', { busyEntryId: e.id, error: err.message });
      return;
    }
  }
  await ctx.store.hours.put({ ...rec, state: 'sent', updatedAt: ctx.now().toISOString(), busyUpdatedAt: stamp });
}
