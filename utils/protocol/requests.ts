// The background's answer to every message: validate (zod), check who asks, dispatch.
// Engine-free; the background passes in the sender facts it reads from browser.runtime.
import { AppError, describeError } from '../core/errors';
import type { ConnectionService } from '../services/connection';
import type { SyncService } from '../services/sync';
import type { UserMappingService } from '../services/user-mapping';
import type { HoursService } from '../services/hours';
import { coordinationView, type RunnerService } from '../services/runner';
import type { CapabilitiesService } from '../services/capabilities';
import type { SyncStore } from '../store/types';
import type { HttpFetch } from '../core/http';
import { CONTENT_SCRIPT_REQUESTS, requestSchema, type Request, type RequestType, type Response, type SettingsView } from './messages';
import { approvalPathsSchema, type Settings, type SettingsStore } from '../domain/settings';
import type { OptionsSection } from '../domain/options-sections';
import { dismissWarning, syncOverview } from '../services/overview';
import { probeAddresses } from '../services/connection-probe';

export type SenderKind = 'extensionPage' | 'busyContentScript' | 'refused';

export interface SenderFacts {
  /** runtime.MessageSender.id */
  id?: string;
  /** runtime.MessageSender.url: the page (or frame) that sent it. */
  url?: string;
  /** True when it came from a tab: a content script, or one of our pages opened in a tab. */
  fromTab: boolean;
}

/**
 * Only our own pages and our own content script on the configured Busy web app may ask.
 * Origins are compared as scheme://host:port strings built here: URL.origin is "null" for
 * non-special schemes (chrome-extension:, moz-extension:, data:) in spec-following engines, and
 * "null" === "null" must never let anyone in.
 */
export function classifySender(sender: SenderFacts, ownId: string, ownOrigin: string, busyWeb: string): SenderKind {
  if (sender.id !== ownId || !sender.url) return 'refused';
  const from = originOf(sender.url);
  if (from === null) return 'refused';
  // Our pages may sit in a tab too (options opens in one), so the origin decides, not the tab.
  if (from === originOf(ownOrigin)) return 'extensionPage';
  if (sender.fromTab && from === originOf(busyWeb)) return 'busyContentScript';
  return 'refused';
}

function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    if (!u.host) return null;
    return `${u.protocol}//${u.host}`;
  } catch {
    return null;
  }
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

/**
 * STUB until the lead wires multi-installation coordination: `coordination/takeOver` answers
 * this error (never made-up data). Replace the case in `dispatch` with the real take-over.
 */
class NotAvailableYetError extends AppError {
  readonly code = 'not_available_yet';
  readonly messageKey = 'errNotAvailableYet';
  readonly substitutions: string[] = [];
}

export async function handleRequest(raw: unknown, kind: SenderKind, deps: RequestDeps): Promise<Response<RequestType>> {
  try {
    if (kind === 'refused') throw new RefusedRequestError('sender refused');
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
    const req = parsed.data;
    if (kind === 'busyContentScript' && !CONTENT_SCRIPT_REQUESTS.has(req.type))
      throw new RefusedRequestError(`${req.type} from a content script`);
    return { ok: true, data: await dispatch(req, deps) } as Response<RequestType>;
  } catch (e) {
    return { ok: false, error: describeError(e) };
  }
}

async function dispatch(req: Request, deps: RequestDeps): Promise<unknown> {
  switch (req.type) {
    case 'status/get':
      return req.refresh ? deps.connection.check() : deps.connection.last();
    case 'settings/get':
      return settingsView(await deps.settings.get());
    case 'settings/save': {
      const s = await deps.settings.get();
      const next: Settings = { ...s, urls: req.urls, busy: { token: req.busyToken ?? s.busy.token } };
      await deps.settings.save(next);
      deps.onStatusChanged();
      return settingsView(next);
    }
    case 'tfso/connect': {
      const status = await deps.connection.connectTfso(req);
      deps.onStatusChanged();
      return status;
    }
    case 'tfso/identities':
      return deps.connection.identities();
    case 'tfso/setIdentity': {
      const status = await deps.connection.setIdentity(req.identityId);
      deps.onStatusChanged();
      return status;
    }
    case 'sync/run': {
      // "Hent prosjekter" is the main (full) sync (R8); the others fetch one kind (R5, R12).
      // Issue 17: before the plan is confirmed, a fetch button is the plan's confirmation (and
      // says so), so nothing on screen keeps claiming "nothing is written until you confirm".
      const s = await deps.settings.get();
      if (!s.plan.confirmed) {
        await deps.settings.save({ ...s, plan: { ...s.plan, confirmed: true } });
        deps.onStatusChanged();
      }
      deps.sync.start(req.trigger);
      return syncOverview(deps);
    }
    case 'sync/state':
      return syncOverview(deps);
    case 'warnings/dismiss': {
      const view = await dismissWarning(deps, req.key);
      deps.onStatusChanged();
      return view;
    }
    case 'busy/setToken': {
      const s = await deps.settings.get();
      // Tried before it is stored: a refused token is said so by its field, never "Saved".
      const error = req.token === null ? null : await deps.connection.tryBusyToken(req.token);
      const next: Settings = error ? s : { ...s, busy: { token: req.token } };
      if (!error) await deps.settings.save(next);
      const status = await deps.connection.check();
      deps.onStatusChanged();
      return { saved: !error, error, settings: settingsView(next), status };
    }
    case 'settings/saveUrls': {
      const s = await deps.settings.get();
      const fields = await probeAddresses(deps.http, req.urls);
      const saved = Object.values(fields).every((f) => f === null);
      const next: Settings = saved ? { ...s, urls: req.urls } : s;
      if (saved) {
        await deps.settings.save(next);
        deps.onStatusChanged();
      }
      return { saved, fields, settings: settingsView(next) };
    }
    case 'settings/setApprovalPaths': {
      const parsed = approvalPathsSchema.safeParse(req.patterns);
      if (!parsed.success) throw new ApprovalPatternError(String(req.patterns[Number(parsed.error.issues[0]?.path[0] ?? 0)] ?? ''));
      const s = await deps.settings.get();
      const next: Settings = { ...s, approvalPaths: [...new Set(parsed.data.filter((p) => p !== ''))] };
      await deps.settings.save(next);
      return settingsView(next);
    }
    case 'page/config':
      return { approvalPaths: (await deps.settings.get()).approvalPaths };
    case 'hours/pending':
      return deps.hours.pending();
    case 'hours/sendPending':
      return deps.hours.sendPending(req.busyEntryIds);
    case 'coordination/takeOver': {
      // This browser runs the schedule from now; the former runner stands by at its next heartbeat.
      if (!deps.runner) throw new NotAvailableYetError('no coordination in this build');
      const view = coordinationView(await deps.runner.heartbeat(true), deps.now());
      deps.onStatusChanged();
      return view;
    }
    case 'users/mapping':
      return deps.users.view();
    case 'users/setMapping':
      return deps.users.set(req.busyUserId, req.contactId);
    case 'hours/preview':
      return deps.hours.preview(req.view);
    case 'hours/send':
      return deps.hours.send(req.view);
    case 'options/open':
      await deps.openOptions(req.section);
      return true;
    case 'hours/overview': {
      const s = await deps.settings.get();
      if (s.transferMode === null || s.transferMode === 'never') return { mode: s.transferMode, integrationUser: null, unmapped: [] };
      const { integrationUser, users } = await deps.hours.unmappedWaiting();
      return { mode: s.transferMode, integrationUser, unmapped: users };
    }
    case 'plan/get':
      return deps.sync.plan();
    case 'plan/decide': {
      const s = await deps.settings.get();
      const decisions = { ...s.plan.decisions };
      if (req.answer === null) delete decisions[req.key];
      else decisions[req.key] = req.answer;
      await deps.settings.save({ ...s, plan: { ...s.plan, decisions } });
      return deps.sync.plan();
    }
    case 'plan/confirm': {
      const s = await deps.settings.get();
      await deps.settings.save({ ...s, plan: { ...s.plan, confirmed: true } });
      // The confirmed plan is what happens: the full sync, with the admin's answers.
      deps.sync.start('full');
      deps.onStatusChanged();
      return { ...(await deps.sync.plan()), confirmed: true };
    }
    case 'hours/log':
      return (await deps.store()).transferLog.all();
    case 'capabilities/get':
      return deps.capabilities.view();
    case 'capabilities/check':
      return deps.capabilities.check(true);
    case 'diagnostics/report':
      return deps.diagnostics();
    case 'settings/setTransferMode': {
      const s = await deps.settings.get();
      const next: Settings = { ...s, transferMode: req.mode };
      await deps.settings.save(next);
      deps.onStatusChanged();
      return settingsView(next);
    }
  }
}
