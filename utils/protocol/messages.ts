import { z } from 'zod';
import { baseUrlsSchema, decisionAnswerSchema, transferModeSchema } from '../domain/settings';
import { MAX_APPROVAL_PATTERNS } from '../domain/busy-pages';
import { OPTIONS_SECTIONS } from '../domain/options-sections';
import type { UserError } from '../domain/connection-state';
import { approvalViewSchema } from '../domain/busy-pages';
import type * as answers from './answers';

// Every message between the extension's scripts, validated on arrival (zod) by the background.
// The answers' schemas live in utils/protocol/answers.ts (zod/mini, so the pages and the content script
// that validate them stay small); their types are derived from there, below.

export const requestSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('status/get'), refresh: z.boolean() }),
  z.object({ type: z.literal('settings/get') }),
  z.object({
    type: z.literal('settings/save'),
    urls: baseUrlsSchema,
    busyToken: z.string().trim().nullable(),
  }),
  z.object({
    type: z.literal('tfso/connect'),
    username: z.string().min(1),
    password: z.string().min(1),
    applicationId: z.string().uuid(),
  }),
  z.object({ type: z.literal('tfso/identities') }),
  z.object({ type: z.literal('tfso/setIdentity'), identityId: z.string().uuid() }),
  z.object({ type: z.literal('sync/run'), trigger: z.enum(['customers', 'projects', 'worktypes']) }),
  z.object({ type: z.literal('sync/state') }),
  z.object({ type: z.literal('users/mapping') }),
  z.object({
    type: z.literal('users/setMapping'),
    busyUserId: z.string().regex(/^\d+$/),
    contactId: z.union([z.number().int().positive(), z.null(), z.literal('auto')]),
  }),
  z.object({ type: z.literal('settings/setTransferMode'), mode: transferModeSchema }),
  z.object({ type: z.literal('hours/preview'), view: approvalViewSchema }),
  z.object({ type: z.literal('hours/send'), view: approvalViewSchema }),
  z.object({ type: z.literal('options/open'), section: z.enum(OPTIONS_SECTIONS).optional() }),
  z.object({ type: z.literal('hours/overview') }),
  z.object({ type: z.literal('hours/log') }),
  z.object({ type: z.literal('plan/get') }),
  z.object({ type: z.literal('plan/decide'), key: z.string().min(1), answer: decisionAnswerSchema.nullable() }),
  z.object({ type: z.literal('plan/confirm') }),
  // Issue 17: credentials and addresses are tried when saved; warnings can be dismissed.
  z.object({ type: z.literal('busy/setToken'), token: z.string().trim().min(1).max(4096).nullable() }),
  z.object({ type: z.literal('settings/saveUrls'), urls: baseUrlsSchema }),
  z.object({ type: z.literal('warnings/dismiss'), key: z.string().min(1).max(1000) }),
  // The lead's multi-installation coordination: this browser takes over the schedule.
  z.object({ type: z.literal('coordination/takeOver') }),
  // Issue 14: the corner control on pages that look like approval.
  z.object({ type: z.literal('settings/setApprovalPaths'), patterns: z.array(z.string().max(200)).max(MAX_APPROVAL_PATTERNS) }),
  z.object({ type: z.literal('page/config') }),
  z.object({ type: z.literal('hours/pending') }),
  z.object({ type: z.literal('hours/sendPending'), busyEntryIds: z.array(z.string().regex(/^\d+$/)).min(1).max(10_000) }),
  // issue 14: the capability check and the support report (options page only)
  z.object({ type: z.literal('capabilities/get') }),
  z.object({ type: z.literal('capabilities/check') }),
  z.object({ type: z.literal('diagnostics/report') }),
]);
export type Request = z.infer<typeof requestSchema>;
export type RequestType = Request['type'];

/**
 * Requests a content script on a Busy page may make; everything else is refused from there.
 * Starting a fetch is harmless (a sync is idempotent) and is where Busy's own UI offers it.
 */
export const CONTENT_SCRIPT_REQUESTS: ReadonlySet<RequestType> = new Set([
  'status/get',
  'sync/state',
  'sync/run',
  // The control only names the view; the background reads the entries from Busy itself.
  'hours/preview',
  'hours/send',
  'options/open',
  // The corner control: what is waiting whatever the page shows, and the paths it appears on.
  'page/config',
  'hours/pending',
  'hours/sendPending',
]);

type Answers = typeof answers.responseDataSchemas;

/** Every request type has an answer schema, and nothing else does. */
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export type AnswerKeysMatch = Exactly<keyof Answers, RequestType> extends true ? true : never;
const answerKeysMatch: AnswerKeysMatch = true;
void answerKeysMatch;

export type IdentityChoice = z.infer<typeof answers.identitySchema>;
export type SettingsView = z.infer<typeof answers.settingsViewSchema>;
export type RunView = z.infer<typeof answers.runViewSchema>;
export type WarningView = z.infer<typeof answers.warningViewSchema>;
export type SyncStateView = z.infer<typeof answers.syncStateSchema>;
/** The sync state as the pages get it (sync/state, sync/run): per-kind results, the attention list. */
export type SyncView = z.infer<typeof answers.syncViewSchema>;
export type Coordination = z.infer<typeof answers.coordinationSchema>;
export type PendingHours = z.infer<typeof answers.pendingHoursSchema>;
export type PendingSendResult = z.infer<typeof answers.pendingSendResultSchema>;
export type UserMappingView = z.infer<typeof answers.userMappingViewSchema>;
/** What the "send hours" control shows for the view on screen (R18, R19, R23). */
export type HoursPreview = z.infer<typeof answers.hoursPreviewSchema>;
export type HoursSendResult = z.infer<typeof answers.hoursSendResultSchema>;
/** R18/R19 in the popup: the mode, and who among the waiting has no 24SO user. */
export type HoursOverview = z.infer<typeof answers.hoursOverviewSchema>;
export type PlanView = z.infer<typeof answers.planViewSchema>;
export type CapabilitiesView = z.infer<typeof answers.capabilitiesViewSchema>;
export type DiagnosticsReport = z.infer<typeof answers.diagnosticsReportSchema>;

export type ResponseData<T extends RequestType> = z.infer<Answers[T]>;

export type Response<T extends RequestType> = { ok: true; data: ResponseData<T> } | { ok: false; error: UserError };
