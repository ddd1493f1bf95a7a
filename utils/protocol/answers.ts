// The background's answers, as the popup and the options page validate them on arrival (the
// content script has its own, smaller ones: entrypoints/busy.content/answers.ts). zod/mini
// (tree-shakable, no locales), built on first use rather than when a page loads: constructing these
// ~60 schemas was the largest part of the popup's script before its first render (issue 6). The
// background keeps full zod for what it receives (the request table, requests.ts) and its handlers
// are typed by the answers here (ResponseData below), so what it sends and what the pages accept
// cannot drift. The answer types the services return (SyncView, HoursPreview, …) are derived here.
//
// A few shapes are owned by the background in full zod (the plan, the transfer log, settings enums,
// the connection status); they are mirrored here and held to the same TypeScript type by the checks
// at the end of this file, and to the same data by test/protocol/answers.test.ts.
import * as z from 'zod/mini';
import type { Status, UserError } from '../domain/connection-state';
import type { Plan } from '../sync/plan-schema';
import type { TransferLogEntry } from '../store/hours-types';
import type { BaseUrls, DecisionAnswer, TransferMode } from '../domain/settings';
import type { AttentionItem } from '../domain/attention';
import type { OptionsSection } from '../domain/options-sections';
import type { KindResult } from '../domain/run-results';
import type { SyncTrigger } from '../sync/triggers';
import { answerSchema } from './envelope';

function build() {
  const str = z.string();
  const int = z.int();
  const nullableStr = z.nullable(z.string());

  // ---- mirrors of background-owned full-zod schemas -----------------------------------------

  const transferModeAnswer = z.enum(['on-approval', 'on-order', 'never']);
  const decisionAnswerAnswer = z.union([
    z.strictObject({ pick: z.string().check(z.minLength(1)) }),
    z.strictObject({ createNew: z.literal(true) }),
  ]);
  /** The background normalises the addresses before saving; the pages only show them. */
  const baseUrlsAnswer = z.object({ tfsoApi: str, tfsoWebservices: str, busyApi: str, busyWeb: str });

  const planRecord = z.object({ id: str, name: str });
  const planDecision = z.object({
    key: str,
    kind: z.enum(['customer', 'workType', 'project', 'task', 'user']),
    subject: z.object({ side: z.enum(['busy', 'tfso']), id: str, name: str }),
    candidates: z.array(z.object({ id: str, name: str, why: z.enum(['orgNumber', 'number', 'name', 'nameOtherCustomer', 'similarName']) })),
    reason: z.enum(['several', 'weak']),
  });
  const planRecords = z.array(planRecord);
  const planKind = z.object({
    link: z.array(z.object({ busy: planRecord, tfso: planRecord, by: z.enum(['externalId', 'orgNumber', 'number', 'name', 'decision']) })),
    createBusy: planRecords,
    createTfso: planRecords,
    archive: planRecords,
    updateBusy: planRecords,
    updateTfso: planRecords,
    busyOnly: planRecords,
    decisions: z.array(planDecision),
  });
  const planAnswer = z.object({
    version: z.literal(1),
    createdAt: str,
    kinds: z.object({ customer: planKind, workType: planKind, project: planKind, task: planKind }),
    users: z.object({
      link: z.array(z.object({ busy: planRecord, tfso: planRecord, by: z.enum(['override', 'externalId', 'employeeCode', 'name']) })),
      unmapped: planRecords,
      decisions: z.array(planDecision),
    }),
    openDecisions: z.int().check(z.nonnegative()),
  });

  const transferLogEntryAnswer = z.object({
    id: str,
    at: str,
    op: z.enum(['send', 'update', 'delete', 'adopt', 'recover', 'order']),
    busyId: str,
    tfsoId: int,
    busyUserId: nullableStr,
    contactId: z.nullable(int),
    projectId: z.nullable(int),
    hours: z.nullable(z.number()),
    description: str,
  });

  // ---- mirror of utils/domain/connection-state.ts (its schemas are built when that module loads) ------

  const userErrorSchema = z.object({ code: str, messageKey: str, substitutions: z.array(z.string()) });
  const base = { checkedAt: str };
  const connection = <W extends z.ZodMiniType>(who: W) =>
    z.discriminatedUnion('state', [
      z.object({ state: z.literal('checking'), ...base }),
      z.object({ state: z.literal('connected'), who, ...base }),
      z.object({ state: z.literal('notLoggedIn'), loginUrl: str, ...base }),
      z.object({ state: z.literal('tokenRefused'), ...base }),
      z.object({ state: z.literal('forbidden'), error: userErrorSchema, ...base }),
      z.object({ state: z.literal('unreachable'), url: str, ...base }),
      z.object({ state: z.literal('wrongTenant'), clientName: str, ...base }),
      z.object({ state: z.literal('rateLimited'), until: nullableStr, ...base }),
      z.object({ state: z.literal('error'), error: userErrorSchema, ...base }),
    ]);
  const statusSchema = z.object({
    tfso: connection(z.object({ name: str, contactId: int, clientId: int, clientName: str, identityId: str })),
    busy: connection(z.object({ label: str, via: z.enum(['token', 'session']) })),
  });

  // ---- the answers ----------------------------------------------------------------------------

  const identitySchema = z.object({ id: str, clientId: int, clientName: str, isCurrent: z.boolean() });

  const settingsViewSchema = z.object({
    urls: baseUrlsAnswer,
    planConfirmed: z.boolean(),
    transferMode: z.nullable(transferModeAnswer),
    hasBusyToken: z.boolean(),
    tfso: z.object({ applicationId: nullableStr, username: nullableStr }),
    /** Issue 14: paths where the corner control may appear (utils/domain/busy-pages.ts). */
    approvalPaths: z.array(str),
  });

  const syncTriggerSchema = z.enum(['full', 'incremental', 'push', 'customers', 'projects', 'worktypes', 'tasks']);

  const runViewSchema = z.object({
    trigger: syncTriggerSchema,
    startedAt: str,
    finishedAt: nullableStr,
    ok: z.nullable(z.boolean()),
    /** e.g. { 'project.busy.created': 3 } */
    counts: z.record(z.string(), z.number()),
    error: z.nullable(userErrorSchema),
    /** Issue 15: the run waits for the request budget until then (not a failure: `ok` is null). */
    pausedUntil: z.optional(nullableStr),
    /** Issue 15: when a long run is expected to end. */
    etaAt: z.optional(nullableStr),
  });

  const warningViewSchema = z.object({
    key: str,
    messageKey: str,
    substitutions: z.array(z.string()),
    createdAt: str,
  });

  /** Which browser runs the schedule when several installations share a company (the lead's). */
  const coordinationSchema = z.object({
    // 'unknown': the lead's runner register could not be read (utils/services/runner.ts); shown as nothing.
    role: z.enum(['runner', 'standby', 'alone', 'unknown']),
    thisLabel: str,
    runner: z.nullable(z.object({ label: str, since: str, heartbeatAt: str })),
  });

  const syncStateSchema = z.object({
    running: z.nullable(
      z.object({
        trigger: syncTriggerSchema,
        done: z.number(),
        total: z.number(),
        /** When the run is expected to end (long runs); absent or null: not known. */
        etaAt: z.optional(nullableStr),
      }),
    ),
    last: z.record(z.string(), runViewSchema),
    warnings: z.array(warningViewSchema),
    coordination: z.optional(coordinationSchema),
  });

  // ---- issue 17: what the popup and the panels show of the sync -------------------------------

  const argSchema = z.union([str, z.number(), z.object({ key: str }), z.object({ time: str })]);
  const saidSchema = z.object({ messageKey: str, args: z.array(argSchema) });
  const optionsSectionSchema = z.enum([
    'step-tfso',
    'step-busy',
    'step-plan',
    'step-mode',
    'users',
    'transfer-log',
    'addresses',
    'compatibility',
  ]);
  const attentionItemSchema = z.object({
    key: str,
    severity: z.enum(['error', 'action', 'info']),
    messageKey: str,
    args: z.array(argSchema),
    also: z.nullable(saidSchema),
    detail: nullableStr,
    link: z.nullable(z.object({ labelKey: str, url: str })),
    action: z.nullable(z.object({ labelKey: str, section: optionsSectionSchema })),
    dismissable: z.boolean(),
    createdAt: str,
  });
  const kindResultSchema = z.object({
    kind: z.enum(['customer', 'project', 'workType', 'task']),
    at: nullableStr,
    changedAt: nullableStr,
    created: int,
    updated: int,
    archived: int,
  });
  /** The sync state with what the pages show of it: per-kind results and the attention list. */
  const syncViewSchema = z.extend(syncStateSchema, {
    planConfirmed: z.boolean(),
    kinds: z.array(kindResultSchema),
    attention: z.array(attentionItemSchema),
  });

  const tfsoUserChoiceSchema = z.object({ contactId: int, name: str });
  const userMappingViewSchema = z.object({
    rows: z.array(
      z.object({
        busyUserId: str,
        name: str,
        email: str,
        contactId: z.nullable(int),
        how: z.enum(['override', 'externalId', 'employeeCode', 'name', 'none']),
        suggestions: z.array(tfsoUserChoiceSchema),
      }),
    ),
    tfsoUsers: z.array(tfsoUserChoiceSchema),
    integrationUser: z.nullable(tfsoUserChoiceSchema),
  });

  const reasonSchema = z.object({ messageKey: str, substitutions: z.array(z.string()) });
  const unmappedSchema = z.array(z.object({ name: str, minutes: int }));
  const notSentSchema = z.array(z.object({ busyEntryId: str, label: str, reason: reasonSchema }));

  /** What the "send hours" control shows for the view on screen (R18, R19, R23). */
  const hoursPreviewSchema = z.object({
    mode: z.nullable(transferModeAnswer),
    /** Approved entries in the view not yet in 24SO. */
    waiting: z.object({ entries: int, minutes: int }),
    alreadySent: int,
    /** People among the waiting whose hours would go on the integration user. */
    unmapped: unmappedSchema,
    integrationUser: nullableStr,
    /** Entries that cannot be sent now, with why. */
    blocked: notSentSchema,
  });

  const hoursSendResultSchema = z.object({
    sent: int,
    updated: int,
    failed: notSentSchema,
    preview: hoursPreviewSchema,
  });

  /** R18/R19 in the popup: the mode, and who among the waiting has no 24SO user. */
  const hoursOverviewSchema = z.object({
    mode: z.nullable(transferModeAnswer),
    integrationUser: nullableStr,
    unmapped: unmappedSchema,
  });

  const planViewSchema = z.object({
    plan: planAnswer,
    confirmed: z.boolean(),
    decisions: z.record(z.string(), decisionAnswerAnswer),
  });

  /** Issue 14's corner control: what the background knows is waiting, whatever the page. */
  const pendingHoursSchema = z.object({
    mode: z.nullable(transferModeAnswer),
    integrationUser: nullableStr,
    entries: int,
    minutes: int,
    /** The entries offered: a send asks for these, and only those still waiting go. */
    ids: z.array(str),
    people: z.array(z.object({ name: str, entries: int, minutes: int, mapped: z.boolean() })),
    blocked: notSentSchema,
  });
  const pendingSendResultSchema = z.object({ sent: int, updated: int, failed: notSentSchema, pending: pendingHoursSchema });

  const addressResultsSchema = z.object({
    tfsoApi: z.nullable(userErrorSchema),
    tfsoWebservices: z.nullable(userErrorSchema),
    busyApi: z.nullable(userErrorSchema),
    busyWeb: z.nullable(userErrorSchema),
  });
  /** Issue 14: what each assumption about the real services is known to be (utils/capabilities). */
  const capabilitiesViewSchema = z.object({
    checkedAt: nullableStr,
    busySpecUrl: nullableStr,
    items: z.array(
      z.object({
        id: str,
        system: z.enum(['tfso', 'busy']),
        state: z.enum(['confirmed', 'absent', 'unknown']),
        checkedAt: nullableStr,
        evidence: nullableStr,
        source: z.nullable(z.enum(['spec', 'runtime'])),
        detection: z.enum(['wsdlOperation', 'wsdlElement', 'openapi', 'liveSpec', 'runtime', 'none']),
        /** i18n keys */
        title: str,
        feature: str,
        whenAbsent: str,
        why: nullableStr,
      }),
    ),
  });
  /** The copyable report for support: JSON text, no secrets (utils/services/diagnostics.ts). */
  const diagnosticsReportSchema = z.object({ generatedAt: str, text: str });

  /** The `data` of a successful answer, per request type: its keys are the request types (the table in
   * requests.ts must have exactly these, checked at compile time). */
  const responseDataSchemas = {
    'status/get': statusSchema,
    'settings/get': settingsViewSchema,
    'settings/save': settingsViewSchema,
    'tfso/connect': statusSchema,
    'tfso/identities': z.array(identitySchema),
    'tfso/setIdentity': statusSchema,
    'sync/run': syncViewSchema,
    'sync/state': syncViewSchema,
    'users/mapping': userMappingViewSchema,
    'users/setMapping': userMappingViewSchema,
    'settings/setTransferMode': settingsViewSchema,
    'hours/preview': hoursPreviewSchema,
    'hours/send': hoursSendResultSchema,
    'options/open': z.literal(true),
    'hours/overview': hoursOverviewSchema,
    'hours/log': z.array(transferLogEntryAnswer),
    'plan/get': planViewSchema,
    'plan/decide': planViewSchema,
    'plan/confirm': planViewSchema,
    'busy/setToken': z.object({
      saved: z.boolean(),
      error: z.nullable(userErrorSchema),
      settings: settingsViewSchema,
      status: statusSchema,
    }),
    'settings/saveUrls': z.object({ saved: z.boolean(), fields: addressResultsSchema, settings: settingsViewSchema }),
    'settings/setApprovalPaths': settingsViewSchema,
    'warnings/dismiss': syncViewSchema,
    'coordination/takeOver': coordinationSchema,
    'hours/pending': pendingHoursSchema,
    'hours/sendPending': pendingSendResultSchema,
    'page/config': z.object({ approvalPaths: z.array(str) }),
    'capabilities/get': capabilitiesViewSchema,
    'capabilities/check': capabilitiesViewSchema,
    'diagnostics/report': diagnosticsReportSchema,
  };

  return {
    transferModeAnswer,
    decisionAnswerAnswer,
    baseUrlsAnswer,
    planAnswer,
    transferLogEntryAnswer,
    userErrorSchema,
    statusSchema,
    identitySchema,
    settingsViewSchema,
    syncTriggerSchema,
    runViewSchema,
    warningViewSchema,
    syncStateSchema,
    coordinationSchema,
    attentionItemSchema,
    kindResultSchema,
    optionsSectionSchema,
    syncViewSchema,
    pendingHoursSchema,
    pendingSendResultSchema,
    userMappingViewSchema,
    hoursPreviewSchema,
    hoursSendResultSchema,
    hoursOverviewSchema,
    planViewSchema,
    capabilitiesViewSchema,
    diagnosticsReportSchema,
    responseDataSchemas,
  };
}

export type UiSchemas = ReturnType<typeof build>;
let built: UiSchemas | undefined;
/** Every answer schema, built at the first call (the first request), then kept. */
export const uiSchemas = (): UiSchemas => (built ??= build());

type Answers = UiSchemas['responseDataSchemas'];
/** Every message a page or the content script may send, by name. */
export type RequestType = keyof Answers;
/** The `data` of a successful answer to `T`: what its handler must return (requests.ts). */
export type ResponseData<T extends RequestType> = z.infer<Answers[T]>;
export type Response<T extends RequestType> = { ok: true; data: ResponseData<T> } | { ok: false; error: UserError };

export type IdentityChoice = z.infer<UiSchemas['identitySchema']>;
export type SettingsView = z.infer<UiSchemas['settingsViewSchema']>;
export type RunView = z.infer<UiSchemas['runViewSchema']>;
export type WarningView = z.infer<UiSchemas['warningViewSchema']>;
export type SyncStateView = z.infer<UiSchemas['syncStateSchema']>;
/** The sync state as the pages get it (sync/state, sync/run): per-kind results, the attention list. */
export type SyncView = z.infer<UiSchemas['syncViewSchema']>;
export type Coordination = z.infer<UiSchemas['coordinationSchema']>;
export type PendingHours = z.infer<UiSchemas['pendingHoursSchema']>;
export type PendingSendResult = z.infer<UiSchemas['pendingSendResultSchema']>;
export type UserMappingView = z.infer<UiSchemas['userMappingViewSchema']>;
/** What the "send hours" control shows for the view on screen (R18, R19, R23). */
export type HoursPreview = z.infer<UiSchemas['hoursPreviewSchema']>;
export type HoursSendResult = z.infer<UiSchemas['hoursSendResultSchema']>;
/** R18/R19 in the popup: the mode, and who among the waiting has no 24SO user. */
export type HoursOverview = z.infer<UiSchemas['hoursOverviewSchema']>;
export type PlanView = z.infer<UiSchemas['planViewSchema']>;
export type CapabilitiesView = z.infer<UiSchemas['capabilitiesViewSchema']>;
export type DiagnosticsReport = z.infer<UiSchemas['diagnosticsReportSchema']>;

/** A whole answer: `{ ok: true, data }` or `{ ok: false, error }`. */
export function responseSchema<T extends keyof UiSchemas['responseDataSchemas']>(type: T) {
  return answerSchema(uiSchemas().responseDataSchemas[type]);
}

// ---- the mirrors have exactly the background's types (compile time only) -------------------

type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Holds<T extends true> = T;
export type UiSchemaMirrorsMatch = [
  Holds<Same<z.infer<UiSchemas['transferModeAnswer']>, TransferMode>>,
  Holds<Same<z.infer<UiSchemas['decisionAnswerAnswer']>, DecisionAnswer>>,
  Holds<Same<z.infer<UiSchemas['baseUrlsAnswer']>, BaseUrls>>,
  Holds<Same<z.infer<UiSchemas['planAnswer']>, Plan>>,
  Holds<Same<z.infer<UiSchemas['transferLogEntryAnswer']>, TransferLogEntry>>,
  Holds<Same<z.infer<UiSchemas['userErrorSchema']>, UserError>>,
  Holds<Same<z.infer<UiSchemas['statusSchema']>, Status>>,
  Holds<Same<z.infer<UiSchemas['attentionItemSchema']>, AttentionItem>>,
  Holds<Same<z.infer<UiSchemas['kindResultSchema']>, KindResult>>,
  Holds<Same<z.infer<UiSchemas['optionsSectionSchema']>, OptionsSection>>,
  Holds<Same<z.infer<UiSchemas['syncTriggerSchema']>, SyncTrigger>>,
];
