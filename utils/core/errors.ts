// Typed errors the UI can show in plain words. Each carries a stable `code`, an i18n message
// key and its substitutions; the UI maps them through browser.i18n. Messages never hold
// secrets (no passwords, tokens or session ids), only system/operation names and remote text.

export type SystemId = 'tfso' | 'busy';

export interface ErrorDescription {
  code: string;
  messageKey: string;
  substitutions: string[];
}

const systemKey = (system: SystemId) => (system === 'tfso' ? 'Tfso' : 'Busy');

export abstract class AppError extends Error {
  abstract readonly code: string;
  abstract readonly messageKey: string;
  abstract readonly substitutions: string[];
}

/** No (valid) session: the user has to log in again (24SO) or log in / check the token (Busy). */
export class SessionMissingError extends AppError {
  readonly code = 'session_missing';
  readonly messageKey: string;
  readonly substitutions: string[] = [];
  constructor(
    readonly system: SystemId,
    detail = 'not logged in',
  ) {
    super(`${system}: session missing (${detail})`);
    this.name = 'SessionMissingError';
    this.messageKey = `errSessionMissing${systemKey(system)}`;
  }
}

/** The remote system asks us to stop for a while. `until` is when requests may resume. */
export class RateLimitedError extends AppError {
  /** 'rate_limited'; a subclass may name its own kind of stop (the pacer's 'budget_paused'). */
  readonly code: string = 'rate_limited';
  readonly messageKey: string;
  readonly substitutions: string[];
  readonly until: Date | null;
  constructor(
    readonly system: SystemId,
    readonly retryAfterMs: number,
    opts: { until?: Date } = {},
  ) {
    const minutes = Math.max(1, Math.ceil(retryAfterMs / 60_000));
    super(`${system}: rate limited, retry after ${Math.round(retryAfterMs / 1000)} s`);
    this.name = 'RateLimitedError';
    this.until = opts.until ?? null;
    this.messageKey = `errRateLimited${systemKey(system)}`;
    this.substitutions = [String(minutes)];
  }
}

export type UnreachableCause = { kind: 'timeout'; timeoutMs: number } | { kind: 'network'; detail: string };

/** The request got no answer at all: network down, DNS, refused, timed out, or the socket closed
 * before a response. The request may or may not have been carried out. */
export class UnreachableError extends AppError {
  readonly code = 'unreachable';
  readonly messageKey: string;
  readonly substitutions: string[] = [];
  constructor(
    readonly system: SystemId,
    readonly reason: UnreachableCause,
    options?: { cause?: unknown },
  ) {
    super(`${system}: unreachable (${reason.kind === 'timeout' ? `no answer within ${reason.timeoutMs} ms` : reason.detail})`, options);
    this.name = 'UnreachableError';
    this.messageKey = reason.kind === 'timeout' ? `errTimeout${systemKey(system)}` : `errUnreachable${systemKey(system)}`;
  }
}

/** The answer arrived but is not what the API promises (not XML/JSON, truncated, wrong shape).
 * `path` names the field (e.g. `Identity.User.ContactId`, `data[3].id`) or `(body)`. */
export class BadResponseError extends AppError {
  readonly code = 'bad_response';
  readonly messageKey = 'errBadResponse';
  readonly substitutions: string[];
  constructor(
    readonly operation: string,
    readonly path: string,
    readonly detail: string,
  ) {
    super(`${operation}: unexpected answer at ${path}: ${detail}`);
    this.name = 'BadResponseError';
    this.substitutions = [operation, path];
  }
}

/** The remote system refused or failed the operation and said why (SOAP fault, problem+json). */
export class RemoteFaultError extends AppError {
  readonly code = 'remote_fault';
  readonly messageKey: string;
  readonly substitutions: string[];
  constructor(
    readonly system: SystemId,
    readonly operation: string,
    readonly remoteMessage: string,
    readonly status?: number,
  ) {
    super(`${system} ${operation}: ${remoteMessage}`);
    this.name = 'RemoteFaultError';
    this.messageKey = `errRemoteFault${systemKey(system)}`;
    this.substitutions = [operation, remoteMessage];
  }
}

/**
 * Busy answered 403. With a token: the token lacks a scope the operation needs (`scopes`, from the
 * spec; the admin gives the token that scope in Busy's integration settings). With the web session:
 * the signed-in person may not do it (an API token with these scopes would). Not a RemoteFaultError
 * on purpose: every record would be refused the same way, so it stops the run and names the scope.
 */
export class MissingScopeError extends AppError {
  readonly code = 'missing_scope';
  readonly messageKey: string;
  readonly substitutions: string[];
  readonly system = 'busy' as const;
  constructor(
    readonly operation: string,
    readonly scopes: readonly string[],
    readonly via: 'token' | 'session',
    readonly remoteMessage: string,
  ) {
    const list = scopes.length ? scopes.join(', ') : '?';
    super(
      `busy ${operation}: refused (403) ${via === 'token' ? `- the API token needs the scope(s) ${list}` : '- the signed-in Busy user may not do this'}: ${remoteMessage}`,
    );
    this.name = 'MissingScopeError';
    this.messageKey = via === 'token' ? 'errBusyMissingScope' : 'errBusyForbidden';
    this.substitutions = [operation, list];
  }
}

/** 24SO Login answered an empty session id: wrong username, password or ApplicationId. */
export class LoginFailedError extends AppError {
  readonly code = 'login_failed';
  readonly messageKey = 'errLoginFailedTfso';
  readonly substitutions: string[] = [];
  constructor() {
    super('tfso: login failed (wrong username, password or application id)');
    this.name = 'LoginFailedError';
  }
}

/** A zod issue path as people read it: `User.ContactId`, `[3].name`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out;
}

/** Every message key this module can produce; the `_locales` files must define each. */
export const ERROR_MESSAGE_KEYS = [
  'errSessionMissingTfso',
  'errSessionMissingBusy',
  'errRateLimitedTfso',
  'errRateLimitedBusy',
  'errUnreachableTfso',
  'errUnreachableBusy',
  'errTimeoutTfso',
  'errTimeoutBusy',
  'errBadResponse',
  'errRemoteFaultTfso',
  'errRemoteFaultBusy',
  'errLoginFailedTfso',
  'errBusyMissingScope',
  'errBusyForbidden',
  'errUnexpected',
  'errLockBusy',
] as const;

/** What the UI shows for any thrown value. Unknown errors get a generic key: their message
 * could hold anything, so it is not passed on. */
export function describeError(e: unknown): ErrorDescription {
  if (e instanceof AppError) return { code: e.code, messageKey: e.messageKey, substitutions: [...e.substitutions] };
  return { code: 'unexpected', messageKey: 'errUnexpected', substitutions: [] };
}
