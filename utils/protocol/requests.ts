// THE request table: every message a page or the content script may send the background, one
// entry each: its fields (zod, checked on arrival), who may send it, and its handler. A handler
// must return exactly its answer's type (answers.ts ResponseData, the schema the pages check the
// answer against), and the table must hold exactly the answers' request types: the compiler says
// so when either drifts. Adding a message = one entry here + its answer schema in answers.ts.
//
// Loaded by the background only (it holds the handlers); the pages import its types only.
import { z } from 'zod';
import { AppError, describeError } from '../core/errors';
import type { HttpFetch } from '../core/http';
import { approvalViewSchema, MAX_APPROVAL_PATTERNS } from '../domain/busy-pages';
import { OPTIONS_SECTIONS, type OptionsSection } from '../domain/options-sections';
import {
  approvalPathsSchema,
  baseUrlsSchema,
  decisionAnswerSchema,
  type Settings,
  type SettingsStore,
  transferModeSchema,
} from '../domain/settings';
import type { CapabilitiesService } from '../services/capabilities';
import type { ConnectionService } from '../services/connection';
import { probeAddresses } from '../services/connection-probe';
import type { HoursService } from '../services/hours';
import { dismissWarning, syncOverview } from '../services/overview';
import { coordinationView, type RunnerService } from '../services/runner';
import type { SyncService } from '../services/sync';
import type { UserMappingService } from '../services/user-mapping';
import { BUTTON_TRIGGERS } from '../sync/triggers';
import type { SyncStore } from '../store/types';
import type { RequestType, Response, ResponseData, SettingsView } from './answers';
import type { Sender, SenderKind } from './senders';

export interface RequestDeps {
  connection: ConnectionService;
  sync: SyncService;
  users: UserMappingService;
  hours: HoursService;
  store: () => Promise<SyncStore>;
  /** Opens the options page, at one of its sections when given. */
  openOptions: (section?: OptionsSection) => Promise<void>;
  settings: SettingsStore;
  /** Called after anything that may change what the popup shows. */
  onStatusChanged: () => void;
  /** The background's fetch (addresses are tried with it when saved). */
  http: HttpFetch;
  now: () => Date;
  /** Issue 14: the capability check and the support report. */
  capabilities: CapabilitiesService;
  diagnostics: () => Promise<{ generatedAt: string; text: string }>;
  /** Issue 13: who runs the schedule; a person may take it over. */
  runner?: RunnerService;
}

// ---- who may send what ----------------------------------------------------------------------
const POPUP = ['popup'] as const;
const OPTIONS = ['options'] as const;
const PAGES = ['popup', 'options'] as const;
/** The content script on Busy's pages: starting a fetch is harmless (a sync is idempotent) and is
 * where Busy's own UI offers it; the controls only name the view, the background reads the
 * entries from Busy itself. */
const CONTENT = ['content'] as const;
const EVERYWHERE = ['popup', 'options', 'content'] as const;

interface Entry<K extends RequestType, S extends z.ZodType> {
  type: K;
  schema: S;
  from: readonly Sender[];
  handle(req: z.output<S>, deps: RequestDeps): Promise<ResponseData<K>>;
}

/** One entry: the request's fields (besides `type`), its senders and its handler. */
function on<const K extends RequestType, const F extends z.core.$ZodLooseShape, const W extends readonly Sender[]>(
  type: K,
  fields: F,
  from: W,
  handle: (req: z.output<z.ZodObject<{ type: z.ZodLiteral<K> } & F>>, deps: RequestDeps) => Promise<ResponseData<K>>,
) {
  const entry: Entry<K, z.ZodObject<{ type: z.ZodLiteral<K> } & F>> & { from: W } = {
    type,
    schema: z.object({ type: z.literal(type), ...fields }),
    from,
    handle,
  };
  return entry;
}

export function settingsView(s: Settings): SettingsView {
  return {
    urls: s.urls,
    planConfirmed: s.plan.confirmed,
    transferMode: s.transferMode,
    hasBusyToken: s.busy.token !== null,
    tfso: { applicationId: s.tfso.applicationId, username: s.tfso.username },
    approvalPaths: s.approvalPaths,
  };
}

/** Saves the settings and tells the pages; returns what was saved. */
async function saved(d: RequestDeps, next: Settings, tell = true): Promise<Settings> {
  await d.settings.save(next);
  if (tell) d.onStatusChanged();
  return next;
}

const ENTRIES = [
  on('status/get', { refresh: z.boolean() }, EVERYWHERE, async (req, d) => (req.refresh ? d.connection.check() : d.connection.last())),
  on('settings/get', {}, PAGES, async (_req, d) => settingsView(await d.settings.get())),
  on('settings/save', { urls: baseUrlsSchema, busyToken: z.string().trim().nullable() }, OPTIONS, async (req, d) => {
    const s = await d.settings.get();
    return settingsView(await saved(d, { ...s, urls: req.urls, busy: { token: req.busyToken ?? s.busy.token } }));
  }),
  on(
    'tfso/connect',
    { username: z.string().min(1), password: z.string().min(1), applicationId: z.string().uuid() },
    OPTIONS,
    async (req, d) => {
      const status = await d.connection.connectTfso(req);
      d.onStatusChanged();
      return status;
    },
  ),
  on('tfso/identities', {}, OPTIONS, async (_req, d) => d.connection.identities()),
  on('tfso/setIdentity', { identityId: z.string().uuid() }, OPTIONS, async (req, d) => {
    const status = await d.connection.setIdentity(req.identityId);
    d.onStatusChanged();
    return status;
  }),
  // "Hent prosjekter" is the main (full) sync (R8); the others fetch one kind (R5, R12).
  on('sync/run', { trigger: z.enum(BUTTON_TRIGGERS) }, EVERYWHERE, async (req, d) => {
    // Issue 17: before the plan is confirmed, a fetch button is the plan's confirmation (and
    // says so), so nothing on screen keeps claiming "nothing is written until you confirm".
    const s = await d.settings.get();
    if (!s.plan.confirmed) await saved(d, { ...s, plan: { ...s.plan, confirmed: true } });
    d.sync.start(req.trigger);
    return syncOverview(d);
  }),
  on('sync/state', {}, EVERYWHERE, async (_req, d) => syncOverview(d)),
  on('users/mapping', {}, OPTIONS, async (_req, d) => d.users.view()),
  on(
    'users/setMapping',
    { busyUserId: z.string().regex(/^\d+$/), contactId: z.union([z.number().int().positive(), z.null(), z.literal('auto')]) },
    OPTIONS,
    async (req, d) => d.users.set(req.busyUserId, req.contactId),
  ),
  on('settings/setTransferMode', { mode: transferModeSchema }, OPTIONS, async (req, d) =>
    settingsView(await saved(d, { ...(await d.settings.get()), transferMode: req.mode })),
  ),
  on('hours/preview', { view: approvalViewSchema }, CONTENT, async (req, d) => d.hours.preview(req.view)),
  on('hours/send', { view: approvalViewSchema }, CONTENT, async (req, d) => d.hours.send(req.view)),
  on('options/open', { section: z.enum(OPTIONS_SECTIONS).optional() }, CONTENT, async (req, d) => {
    await d.openOptions(req.section);
    return true as const;
  }),
  on('hours/overview', {}, POPUP, async (_req, d) => {
    const s = await d.settings.get();
    if (s.transferMode === null || s.transferMode === 'never') return { mode: s.transferMode, integrationUser: null, unmapped: [] };
    const { integrationUser, users } = await d.hours.unmappedWaiting();
    return { mode: s.transferMode, integrationUser, unmapped: users };
  }),
  on('hours/log', {}, OPTIONS, async (_req, d) => (await d.store()).transferLog.all()),
  on('plan/get', {}, OPTIONS, async (_req, d) => d.sync.plan()),
  on('plan/decide', { key: z.string().min(1), answer: decisionAnswerSchema.nullable() }, OPTIONS, async (req, d) => {
    const s = await d.settings.get();
    const decisions = { ...s.plan.decisions };
    if (req.answer === null) delete decisions[req.key];
    else decisions[req.key] = req.answer;
    await saved(d, { ...s, plan: { ...s.plan, decisions } }, false);
    return d.sync.plan();
  }),
  on('plan/confirm', {}, OPTIONS, async (_req, d) => {
    const s = await d.settings.get();
    await d.settings.save({ ...s, plan: { ...s.plan, confirmed: true } });
    // The confirmed plan is what happens: the full sync, with the admin's answers.
    d.sync.start('full');
    d.onStatusChanged();
    return { ...(await d.sync.plan()), confirmed: true };
  }),
  // Issue 17: credentials and addresses are tried when saved; warnings can be dismissed.
  on('busy/setToken', { token: z.string().trim().min(1).max(4096).nullable() }, OPTIONS, async (req, d) => {
    const s = await d.settings.get();
    // Tried before it is stored: a refused token is said so by its field, never "Saved".
    const error = req.token === null ? null : await d.connection.tryBusyToken(req.token);
    const next: Settings = error ? s : { ...s, busy: { token: req.token } };
    if (!error) await d.settings.save(next);
    const status = await d.connection.check();
    d.onStatusChanged();
    return { saved: !error, error, settings: settingsView(next), status };
  }),
  on('settings/saveUrls', { urls: baseUrlsSchema }, OPTIONS, async (req, d) => {
    const s = await d.settings.get();
    const fields = await probeAddresses(d.http, req.urls);
    const ok = Object.values(fields).every((f) => f === null);
    const next: Settings = ok ? await saved(d, { ...s, urls: req.urls }) : s;
    return { saved: ok, fields, settings: settingsView(next) };
  }),
  on('warnings/dismiss', { key: z.string().min(1).max(1000) }, PAGES, async (req, d) => {
    const view = await dismissWarning(d, req.key);
    d.onStatusChanged();
    return view;
  }),
  // The lead's multi-installation coordination: this browser takes over the schedule.
  on('coordination/takeOver', {}, PAGES, async (_req, d) => {
    // This browser runs the schedule from now; the former runner stands by at its next heartbeat.
    if (!d.runner) throw new NotAvailableYetError('no coordination in this build');
    const view = coordinationView(await d.runner.heartbeat(true), d.now());
    d.onStatusChanged();
    return view;
  }),
  // Issue 14: the corner control on pages that look like approval.
  on('settings/setApprovalPaths', { patterns: z.array(z.string().max(200)).max(MAX_APPROVAL_PATTERNS) }, OPTIONS, async (req, d) => {
    const parsed = approvalPathsSchema.safeParse(req.patterns);
    if (!parsed.success) throw new ApprovalPatternError(String(req.patterns[Number(parsed.error.issues[0]?.path[0] ?? 0)] ?? ''));
    const s = await d.settings.get();
    return settingsView(await saved(d, { ...s, approvalPaths: [...new Set(parsed.data.filter((p) => p !== ''))] }, false));
  }),
  on('page/config', {}, CONTENT, async (_req, d) => ({ approvalPaths: (await d.settings.get()).approvalPaths })),
  on('hours/pending', {}, CONTENT, async (_req, d) => d.hours.pending()),
  on('hours/sendPending', { busyEntryIds: z.array(z.string().regex(/^\d+$/)).min(1).max(10_000) }, CONTENT, async (req, d) =>
    d.hours.sendPending(req.busyEntryIds),
  ),
  // Issue 14: the capability check and the support report (options page only).
  on('capabilities/get', {}, OPTIONS, async (_req, d) => d.capabilities.view()),
  on('capabilities/check', {}, OPTIONS, async (_req, d) => d.capabilities.check(true)),
  on('diagnostics/report', {}, OPTIONS, async (_req, d) => d.diagnostics()),
] as const;

type Entries = typeof ENTRIES;
type AnyEntry = Entries[number];
/** A request as the pages send it and the handlers get it (fields checked on arrival). */
export type Request = AnyEntry extends infer E ? (E extends { schema: infer S extends z.ZodType } ? z.output<S> : never) : never;

// The table holds exactly the request types the answers name (compile time only).
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export type TableMatchesAnswers = Exactly<AnyEntry['type'], RequestType> extends true ? true : never;
const tableMatchesAnswers: TableMatchesAnswers = true;
void tableMatchesAnswers;

/** The request types `S` may send (test/entrypoints holds the content script's answers to it). */
export type RequestTypeFrom<S extends Sender> = AnyEntry extends infer E
  ? E extends { type: infer K; from: readonly (infer W)[] }
    ? S extends W
      ? K
      : never
    : never
  : never;

const BY_TYPE = new Map<string, Entry<RequestType, z.ZodType>>();
for (const e of ENTRIES as readonly Entry<RequestType, z.ZodType>[]) {
  if (BY_TYPE.has(e.type)) throw new Error(`request table: ${e.type} twice`);
  BY_TYPE.set(e.type, e);
}

export function requestTypesFrom(sender: Sender): RequestType[] {
  return [...BY_TYPE.values()].filter((e) => e.from.includes(sender)).map((e) => e.type);
}

/** Every request, checked on arrival (what `handleRequest` parses). */
export const requestSchema = z.discriminatedUnion('type', [ENTRIES[0].schema, ...ENTRIES.slice(1).map((e) => e.schema)]);

class RefusedRequestError extends AppError {
  readonly code = 'forbidden';
  readonly messageKey = 'errForbiddenRequest';
  readonly substitutions: string[] = [];
}

/** A pattern of the approval paths the options refuse (by its field, with the pattern named). */
class ApprovalPatternError extends AppError {
  readonly code = 'approval_pattern';
  readonly messageKey = 'errApprovalPattern';
  readonly substitutions: string[];
  constructor(pattern: string) {
    super(`approval path pattern refused: ${pattern}`);
    this.substitutions = [pattern];
  }
}

/** `coordination/takeOver` in a build without coordination: this error, never made-up data. */
class NotAvailableYetError extends AppError {
  readonly code = 'not_available_yet';
  readonly messageKey = 'errNotAvailableYet';
  readonly substitutions: string[] = [];
}

/** The background's answer to every message: check who asks, validate, check the sender may ask it, handle. */
export async function handleRequest(raw: unknown, sender: SenderKind, deps: RequestDeps): Promise<Response<RequestType>> {
  try {
    if (sender === 'refused') throw new RefusedRequestError('sender refused');
    const parsed = requestSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return {
        ok: false,
        error: {
          code: 'bad_message',
          messageKey: 'errBadMessage',
          substitutions: [`${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim()],
        },
      };
    }
    const entry = BY_TYPE.get(parsed.data.type)!;
    if (!entry.from.includes(sender)) throw new RefusedRequestError(`${entry.type} from the ${sender}`);
    return { ok: true, data: await entry.handle(parsed.data, deps) };
  } catch (e) {
    return { ok: false, error: describeError(e) };
  }
}
