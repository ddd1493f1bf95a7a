import * as z from 'zod/mini';
import type { ResponseData } from '../../utils/protocol/answers';
import type { RequestTypeFrom } from '../../utils/protocol/requests';

// The content script validates every answer it gets, against these schemas: exactly the fields it
// reads (issue 6: the pages' full answer schemas were half of the content script). Objects are not
// strict, so the background's whole answer passes and the fields read here are checked; the
// compile-time checks at the end keep each schema a subset of what the background sends.

const str = z.string();
const num = z.number();
const strs = z.array(str);
const message = z.object({ messageKey: str, substitutions: strs });
const arg = z.union([str, num, z.object({ key: str }), z.object({ time: str })]);
const said = z.object({ messageKey: str, args: z.array(arg) });

const NOT_CONNECTED = [
  'checking',
  'notLoggedIn',
  'tokenRefused',
  'forbidden',
  'unreachable',
  'wrongTenant',
  'rateLimited',
  'error',
] as const;
/** The states the panel names, with what their advice reads (components/connection-view.ts). */
const connFields = {
  checkedAt: str,
  loginUrl: z.optional(str),
  url: z.optional(str),
  clientName: z.optional(str),
  until: z.optional(z.nullable(str)),
  error: z.optional(message),
};
const conn = z.object({ state: z.enum([...NOT_CONNECTED, 'connected']), ...connFields });
const status = z.object({
  tfso: z.union([
    z.object({ state: z.literal('connected'), checkedAt: str, who: z.object({ name: str, contactId: num, clientName: str }) }),
    z.object({ state: z.enum(NOT_CONNECTED), ...connFields }),
  ]),
  busy: conn,
});

const syncState = z.object({
  running: z.nullable(z.object({ trigger: str, done: num, total: num, etaAt: z.optional(z.nullable(str)) })),
  planConfirmed: z.boolean(),
  kinds: z.array(
    z.object({
      kind: z.enum(['customer', 'project', 'workType', 'task']),
      at: z.nullable(str),
      changedAt: z.nullable(str),
      created: num,
      updated: num,
      archived: num,
    }),
  ),
  attention: z.array(
    z.object({
      key: str,
      severity: z.enum(['error', 'action', 'info']),
      messageKey: str,
      args: z.array(arg),
      also: z.nullable(said),
    }),
  ),
});

const mode = z.nullable(z.enum(['on-approval', 'on-order', 'never']));
const notSent = z.array(z.object({ busyEntryId: str, label: str, reason: message }));
const hoursPreview = z.object({
  mode,
  waiting: z.object({ entries: num, minutes: num }),
  alreadySent: num,
  unmapped: z.array(z.object({ name: str, minutes: num })),
  integrationUser: z.nullable(str),
  blocked: notSent,
});
const pending = z.object({
  mode,
  integrationUser: z.nullable(str),
  entries: num,
  minutes: num,
  ids: strs,
  people: z.array(z.object({ name: str, entries: num, minutes: num, mapped: z.boolean() })),
  blocked: notSent,
});

/** Only the requests a content script may make (the request table's `content` entries, utils/protocol/requests.ts). */
export const CONTENT_ANSWERS = {
  'status/get': status,
  'sync/state': syncState,
  'sync/run': syncState,
  'hours/preview': hoursPreview,
  'hours/send': z.object({ sent: num, failed: notSent, preview: hoursPreview }),
  'options/open': z.literal(true),
  'page/config': z.object({ approvalPaths: strs }),
  'hours/pending': pending,
  'hours/sendPending': z.object({ sent: num, failed: notSent, pending }),
};

export type ContentStatus = z.infer<typeof status>;
export type ContentConnection = z.infer<typeof conn>;
export type ContentSyncState = z.infer<typeof syncState>;
export type ContentHoursPreview = z.infer<typeof hoursPreview>;
export type ContentHoursSendResult = z.infer<(typeof CONTENT_ANSWERS)['hours/send']>;
export type ContentPending = z.infer<typeof pending>;
export type ContentPendingResult = z.infer<(typeof CONTENT_ANSWERS)['hours/sendPending']>;

// ---- what the background sends always passes these (compile time only) ----------------------
type Answers = typeof CONTENT_ANSWERS;
type Fits<K extends keyof Answers> = [ResponseData<K>] extends [z.infer<Answers[K]>] ? true : false;
type Holds<T extends true> = T;
/** No answer here for a request the table does not let the content script send. */
type OnlyItsOwn = [Exclude<keyof Answers, RequestTypeFrom<'content'>>] extends [never] ? true : false;
export type ContentAnswersFit = [
  Holds<OnlyItsOwn>,
  Holds<Fits<'status/get'>>,
  Holds<Fits<'sync/state'>>,
  Holds<Fits<'sync/run'>>,
  Holds<Fits<'hours/preview'>>,
  Holds<Fits<'hours/send'>>,
  Holds<Fits<'options/open'>>,
  Holds<Fits<'page/config'>>,
  Holds<Fits<'hours/pending'>>,
  Holds<Fits<'hours/sendPending'>>,
];
