import * as z from 'zod/mini';

// What the popup shows for each system (R1, R2). Shared by background, popup, options and
// the content script, so it is validated where it crosses a script boundary. zod/mini (not full
// zod): these schemas are bundled into the pages and the content script, which must stay small;
// the background nests them in its full-zod request/answer schemas (both are zod v4 core types).
//
// Issue 17: every state the product can be in has its own name, so the pages can say it in its
// own words and offer its own way out (components/connection-view.ts):
// - notLoggedIn: no session in the browser (and, for Busy, no API token stored);
// - tokenRefused: Busy refused the stored API token (401), though one is stored;
// - forbidden: the token lacks a permission (403); `error` names it where the client can;
// - unreachable: no answer at `url`;
// - wrongTenant: the 24SO session is on another client than the one the integration is set up for;
// - rateLimited: the system asked us to pause, `until` when it said (null: it did not say);
// - error: anything else, in `error`'s words.

export const userErrorSchema = z.object({
  code: z.string(),
  messageKey: z.string(),
  substitutions: z.array(z.string()),
});
export type UserError = z.infer<typeof userErrorSchema>;

export const tfsoWhoSchema = z.object({
  name: z.string(),
  contactId: z.int(),
  clientId: z.int(),
  clientName: z.string(),
  identityId: z.string(),
});
export type TfsoWho = z.infer<typeof tfsoWhoSchema>;

export const busyWhoSchema = z.object({
  /** A person's name or e-mail when the API tells it; otherwise the workspace address. */
  label: z.string(),
  via: z.enum(['token', 'session']),
});
export type BusyWho = z.infer<typeof busyWhoSchema>;

const base = { checkedAt: z.string() };
function connectionSchema<W extends z.ZodMiniType>(who: W) {
  return z.discriminatedUnion('state', [
    z.object({ state: z.literal('checking'), ...base }),
    z.object({ state: z.literal('connected'), who, ...base }),
    z.object({ state: z.literal('notLoggedIn'), loginUrl: z.string(), ...base }),
    z.object({ state: z.literal('tokenRefused'), ...base }),
    z.object({ state: z.literal('forbidden'), error: userErrorSchema, ...base }),
    z.object({ state: z.literal('unreachable'), url: z.string(), ...base }),
    z.object({ state: z.literal('wrongTenant'), clientName: z.string(), ...base }),
    z.object({ state: z.literal('rateLimited'), until: z.nullable(z.string()), ...base }),
    z.object({ state: z.literal('error'), error: userErrorSchema, ...base }),
  ]);
}
export const tfsoConnectionSchema = connectionSchema(tfsoWhoSchema);
export const busyConnectionSchema = connectionSchema(busyWhoSchema);
export type TfsoConnection = z.infer<typeof tfsoConnectionSchema>;
export type BusyConnection = z.infer<typeof busyConnectionSchema>;
export type ConnectionState = TfsoConnection['state'];

export const statusSchema = z.object({ tfso: tfsoConnectionSchema, busy: busyConnectionSchema });
export type Status = z.infer<typeof statusSchema>;
/** Both systems usable: what a run or a page's question about the data needs. */
export interface ConnectedStatus {
  tfso: Extract<TfsoConnection, { state: 'connected' }>;
  busy: Extract<BusyConnection, { state: 'connected' }>;
}

const SYSTEM_KEY = { tfso: 'Tfso', busy: 'Busy' } as const;

/**
 * Why a system cannot be used now, as the error a refused run records: the same words the
 * connection card says. Null when it is connected (or still being checked).
 */
export function connectionError(system: 'tfso' | 'busy', conn: TfsoConnection | BusyConnection): UserError | null {
  const sys = SYSTEM_KEY[system];
  switch (conn.state) {
    case 'connected':
    case 'checking':
      return null;
    case 'notLoggedIn':
      return { code: 'session_missing', messageKey: `errSessionMissing${sys}`, substitutions: [] };
    case 'tokenRefused':
      return { code: 'token_refused', messageKey: 'errTokenRefused', substitutions: [] };
    case 'unreachable':
      return { code: 'unreachable', messageKey: `errUnreachable${sys}`, substitutions: [] };
    case 'wrongTenant':
      return { code: 'identity_mismatch', messageKey: 'errIdentityMismatch', substitutions: [conn.clientName] };
    case 'rateLimited':
      return conn.until
        ? { code: 'rate_limited', messageKey: `errPausedUntil${sys}`, substitutions: [clock(conn.until)] }
        : { code: 'rate_limited', messageKey: `errPaused${sys}`, substitutions: [] };
    case 'forbidden':
    case 'error':
      return conn.error;
  }
}

/** 09:14: the time of day a pause ends, in the reader's locale. */
export const clock = (iso: string): string => new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
