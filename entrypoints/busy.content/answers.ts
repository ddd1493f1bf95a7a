import * as z from 'zod/mini';
import type { ResponseData } from '../../utils/messages';

// The content script validates every answer it gets, against these schemas: exactly the fields it
// reads (issue 6: the pages' full answer schemas were half of the content script). Objects are not
// strict, so the background's whole answer passes and the fields read here are checked; the
// compile-time checks at the end keep each schema a subset of what the background sends.

const str = z.string();
const num = z.number();
const strs = z.array(str);
const message = z.object({ messageKey: str, substitutions: strs });

/** The states the panel names; `connected` carries who (read only for 24SO). */
const notConnected = z.object({ state: z.enum(['checking', 'notLoggedIn', 'unreachable', 'error']) });
const status = z.object({
  tfso: z.union([z.object({ state: z.literal('connected'), who: z.object({ name: str, contactId: num, clientName: str }) }), notConnected]),
  busy: z.object({ state: z.enum(['checking', 'connected', 'notLoggedIn', 'unreachable', 'error']) }),
});

const syncState = z.object({
  running: z.nullable(z.object({ done: num, total: num })),
  last: z.record(str, z.object({
    startedAt: str,
    finishedAt: z.nullable(str),
    ok: z.nullable(z.boolean()),
    counts: z.record(str, num),
    error: z.nullable(message),
    // Issue 15: a run waiting for the request budget (read by runLine: not shown as failed).
    pausedUntil: z.optional(z.nullable(str)),
    etaAt: z.optional(z.nullable(str)),
  })),
  warnings: z.array(z.object({ key: str, messageKey: str, substitutions: strs })),
});

const notSent = z.array(z.object({ busyEntryId: str, label: str, reason: message }));
const hoursPreview = z.object({
  mode: z.nullable(z.enum(['on-approval', 'on-order', 'never'])),
  waiting: z.object({ entries: num, minutes: num }),
  alreadySent: num,
  unmapped: z.array(z.object({ name: str, minutes: num })),
  integrationUser: z.nullable(str),
  blocked: notSent,
});

/** Only the requests a content script may make (utils/messages.ts CONTENT_SCRIPT_REQUESTS). */
export const CONTENT_ANSWERS = {
  'status/get': status,
  'sync/state': syncState,
  'sync/run': syncState,
  'hours/preview': hoursPreview,
  'hours/send': z.object({ sent: num, failed: notSent, preview: hoursPreview }),
  'options/open': z.literal(true),
};

export type ContentStatus = z.infer<typeof status>;
export type ContentSyncState = z.infer<typeof syncState>;
export type ContentRun = ContentSyncState['last'][string];
export type ContentHoursPreview = z.infer<typeof hoursPreview>;
export type ContentHoursSendResult = z.infer<(typeof CONTENT_ANSWERS)['hours/send']>;

// ---- what the background sends always passes these (compile time only) ----------------------
type Answers = typeof CONTENT_ANSWERS;
type Fits<K extends keyof Answers> = [ResponseData<K>] extends [z.infer<Answers[K]>] ? true : false;
type Holds<T extends true> = T;
export type ContentAnswersFit = [
  Holds<Fits<'status/get'>>,
  Holds<Fits<'sync/state'>>,
  Holds<Fits<'sync/run'>>,
  Holds<Fits<'hours/preview'>>,
  Holds<Fits<'hours/send'>>,
  Holds<Fits<'options/open'>>,
];
