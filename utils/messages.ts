import { z } from 'zod';
import { baseUrlsSchema, decisionAnswerSchema, transferModeSchema } from './settings';
import { PlanSchema } from './sync/plan-schema';
import { statusSchema, userErrorSchema } from './connection-state';
import { approvalViewSchema } from './busy-pages';
import { TransferLogEntrySchema } from './store/types';

// Every message between the extension's scripts, validated on arrival (zod) by the background.

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
  z.object({ type: z.literal('options/open') }),
  z.object({ type: z.literal('hours/overview') }),
  z.object({ type: z.literal('hours/log') }),
  z.object({ type: z.literal('plan/get') }),
  z.object({ type: z.literal('plan/decide'), key: z.string().min(1), answer: decisionAnswerSchema.nullable() }),
  z.object({ type: z.literal('plan/confirm') }),
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
]);

export const identitySchema = z.object({
  id: z.string(),
  clientId: z.number().int(),
  clientName: z.string(),
  isCurrent: z.boolean(),
});
export type IdentityChoice = z.infer<typeof identitySchema>;

export const settingsViewSchema = z.object({
  urls: baseUrlsSchema,
  planConfirmed: z.boolean(),
  transferMode: transferModeSchema.nullable(),
  hasBusyToken: z.boolean(),
  tfso: z.object({ applicationId: z.string().nullable(), username: z.string().nullable() }),
});
export type SettingsView = z.infer<typeof settingsViewSchema>;

export const syncTriggerSchema = z.enum(['full', 'incremental', 'push', 'customers', 'projects', 'worktypes', 'tasks']);

export const runViewSchema = z.object({
  trigger: syncTriggerSchema,
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  ok: z.boolean().nullable(),
  /** e.g. { 'project.busy.created': 3 } */
  counts: z.record(z.string(), z.number()),
  error: userErrorSchema.nullable(),
});
export type RunView = z.infer<typeof runViewSchema>;

export const warningViewSchema = z.object({
  key: z.string(),
  messageKey: z.string(),
  substitutions: z.array(z.string()),
  createdAt: z.string(),
});
export type WarningView = z.infer<typeof warningViewSchema>;

export const syncStateSchema = z.object({
  running: z.object({ trigger: syncTriggerSchema, done: z.number(), total: z.number() }).nullable(),
  last: z.record(z.string(), runViewSchema),
  warnings: z.array(warningViewSchema),
});
export type SyncStateView = z.infer<typeof syncStateSchema>;

const tfsoUserChoiceSchema = z.object({ contactId: z.number().int(), name: z.string() });
export const userMappingViewSchema = z.object({
  rows: z.array(
    z.object({
      busyUserId: z.string(),
      name: z.string(),
      email: z.string(),
      contactId: z.number().int().nullable(),
      how: z.enum(['override', 'externalId', 'employeeCode', 'name', 'none']),
      suggestions: z.array(tfsoUserChoiceSchema),
    }),
  ),
  tfsoUsers: z.array(tfsoUserChoiceSchema),
  integrationUser: tfsoUserChoiceSchema.nullable(),
});

const reasonSchema = z.object({ messageKey: z.string(), substitutions: z.array(z.string()) });

/** What the "send hours" control shows for the view on screen (R18, R19, R23). */
export const hoursPreviewSchema = z.object({
  mode: transferModeSchema.nullable(),
  /** Approved entries in the view not yet in 24SO. */
  waiting: z.object({ entries: z.number().int(), minutes: z.number().int() }),
  alreadySent: z.number().int(),
  /** People among the waiting whose hours would go on the integration user. */
  unmapped: z.array(z.object({ name: z.string(), minutes: z.number().int() })),
  integrationUser: z.string().nullable(),
  /** Entries that cannot be sent now, with why. */
  blocked: z.array(z.object({ busyEntryId: z.string(), label: z.string(), reason: reasonSchema })),
});
export type HoursPreview = z.infer<typeof hoursPreviewSchema>;

export const hoursSendResultSchema = z.object({
  sent: z.number().int(),
  updated: z.number().int(),
  failed: z.array(z.object({ busyEntryId: z.string(), label: z.string(), reason: reasonSchema })),
  preview: hoursPreviewSchema,
});
export type HoursSendResult = z.infer<typeof hoursSendResultSchema>;

/** R18/R19 in the popup: the mode, and who among the waiting has no 24SO user. */
export const hoursOverviewSchema = z.object({
  mode: transferModeSchema.nullable(),
  integrationUser: z.string().nullable(),
  unmapped: z.array(z.object({ name: z.string(), minutes: z.number().int() })),
});
export type HoursOverview = z.infer<typeof hoursOverviewSchema>;

export const planViewSchema = z.object({
  plan: PlanSchema,
  confirmed: z.boolean(),
  decisions: z.record(z.string(), decisionAnswerSchema),
});
export type PlanView = z.infer<typeof planViewSchema>;

export const responseDataSchemas = {
  'status/get': statusSchema,
  'settings/get': settingsViewSchema,
  'settings/save': settingsViewSchema,
  'tfso/connect': statusSchema,
  'tfso/identities': z.array(identitySchema),
  'tfso/setIdentity': statusSchema,
  'sync/run': syncStateSchema,
  'sync/state': syncStateSchema,
  'users/mapping': userMappingViewSchema,
  'users/setMapping': userMappingViewSchema,
  'settings/setTransferMode': settingsViewSchema,
  'hours/preview': hoursPreviewSchema,
  'hours/send': hoursSendResultSchema,
  'options/open': z.literal(true),
  'hours/overview': hoursOverviewSchema,
  'hours/log': z.array(TransferLogEntrySchema),
  'plan/get': planViewSchema,
  'plan/decide': planViewSchema,
  'plan/confirm': planViewSchema,
} satisfies Record<RequestType, z.ZodTypeAny>;

export type ResponseData<T extends RequestType> = z.infer<(typeof responseDataSchemas)[T]>;

export type Response<T extends RequestType> =
  | { ok: true; data: ResponseData<T> }
  | { ok: false; error: z.infer<typeof userErrorSchema> };

export function responseSchema<T extends RequestType>(type: T) {
  return z.union([
    z.object({ ok: z.literal(true), data: responseDataSchemas[type] }),
    z.object({ ok: z.literal(false), error: userErrorSchema }),
  ]);
}
