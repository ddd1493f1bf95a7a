// Whether each system is usable, and as whom (R1, R2). Engine-free: the background injects
// fetch, cookies and settings; Node tests inject the simulators and a cookie jar.
import { AppError, describeError, RateLimitedError, SessionMissingError, UnreachableError } from '../core/errors';
import type { CookieReader, CookieSetter, HttpFetch } from '../core/http';
import {
  connectionError,
  type BusyConnection,
  type Status,
  type TfsoConnection,
  type TfsoWho,
  type UserError,
} from '../domain/connection-state';
import { loginPageUrl, type Settings, type SettingsStore } from '../domain/settings';
import { ensureSession, establishSession, type TfsoSessionContext } from '../tfso/session';
import { getIdentities, getIdentity, setIdentityById, type TfsoIdentity } from '../tfso/auth';
import { createBusyClient, type BusyAuth } from '../busy/client';
import { checkBusyConnection } from '../busy/session';
import type { IdentityChoice } from '../protocol/answers';
import { tfsoContextFor } from './run-context';

/** 24SO would not switch the session to the chosen client. */
export class IdentityRefusedError extends AppError {
  readonly code = 'identity_refused';
  readonly messageKey = 'errIdentityNotFound';
  readonly substitutions: string[] = [];
  constructor() {
    super('tfso: SetIdentityById refused the chosen identity');
    this.name = 'IdentityRefusedError';
  }
}

export interface ConnectionDeps {
  http: HttpFetch;
  cookies: CookieSetter & CookieReader;
  settings: SettingsStore;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  /** Told every fresh status (issue 14: both connected → the capability check when due). */
  onChecked?: (status: Status) => void;
}

export interface TfsoConnectRequest {
  username: string;
  password: string;
  applicationId: string;
}

export interface ConnectionService {
  /** Checks both systems now (each check is one or two cheap reads) and remembers the result. */
  check(): Promise<Status>;
  /** The last result, or a fresh check when there is none yet. */
  last(): Promise<Status>;
  /** Logs in to 24SO with the admin's credentials (the password is used once, never stored). */
  connectTfso(req: TfsoConnectRequest): Promise<Status>;
  identities(): Promise<IdentityChoice[]>;
  setIdentity(identityId: string): Promise<Status>;
  /**
   * Tries a Busy API token before it is stored (issue 17: a refused token is said so by its
   * field, never "Saved"). Null when Busy accepts it; else why not, in the words of the state.
   */
  tryBusyToken(token: string): Promise<UserError | null>;
}

function tfsoContext(deps: ConnectionDeps, s: Settings): TfsoSessionContext {
  return { ...tfsoContextFor(s, deps.http, deps.now), cookies: deps.cookies };
}

function who(identity: TfsoIdentity): TfsoWho {
  return {
    name: identity.user.name,
    contactId: identity.user.contactId,
    clientId: identity.client.id,
    clientName: identity.client.name,
    identityId: identity.id,
  };
}

function tfsoFromIdentity(identity: TfsoIdentity, s: Settings, checkedAt: string): TfsoConnection {
  // Writing one company's data into another's is worse than not syncing: a session on another
  // client than the one the admin chose is shown as an error, not as connected.
  if (s.tfso.identityId && identity.id.toLowerCase() !== s.tfso.identityId.toLowerCase()) {
    return { state: 'wrongTenant', clientName: identity.client.name, checkedAt };
  }
  return { state: 'connected', who: who(identity), checkedAt };
}

/** The states that are the same for both systems. */
type NotConnected = Exclude<TfsoConnection, { state: 'connected' | 'checking' }>;

/**
 * A refusal for lack of permission (Busy 403): the client's error (which names the missing scope
 * where it can) or any AppError carrying HTTP status 403.
 */
function isForbidden(e: unknown): e is AppError {
  return e instanceof AppError && ((e as { status?: unknown }).status === 403 || /scope|forbidden/i.test(e.code));
}

function failure(system: 'tfso' | 'busy', e: unknown, s: Settings, checkedAt: string, now: Date): NotConnected {
  if (e instanceof SessionMissingError) return { state: 'notLoggedIn', loginUrl: loginPageUrl(system, s.urls), checkedAt };
  if (e instanceof UnreachableError) {
    return { state: 'unreachable', url: system === 'tfso' ? s.urls.tfsoApi : s.urls.busyApi, checkedAt };
  }
  if (e instanceof RateLimitedError) {
    const until = e.until ?? new Date(now.getTime() + e.retryAfterMs);
    return { state: 'rateLimited', until: until.toISOString(), checkedAt };
  }
  if (isForbidden(e)) return { state: 'forbidden', error: describeError(e), checkedAt };
  return { state: 'error', error: describeError(e), checkedAt };
}

export function createConnectionService(deps: ConnectionDeps): ConnectionService {
  let lastStatus: Status | null = null;
  const stamp = () => deps.now().toISOString();

  async function checkTfso(s: Settings): Promise<TfsoConnection> {
    try {
      // No credentials: only the browser's existing 24SO session is used; no login happens here.
      const { identity } = await ensureSession(tfsoContext(deps, s));
      return tfsoFromIdentity(identity, s, stamp());
    } catch (e) {
      return failure('tfso', e, s, stamp(), deps.now());
    }
  }

  /** One cheap read; a rate limit is reported at once (with its end), never waited out here. */
  const busyCheck = (s: Settings, auth: BusyAuth) =>
    checkBusyConnection(
      createBusyClient({ http: deps.http, apiBase: s.urls.busyApi, auth, sleep: deps.sleep, now: deps.now, maxRetries: 0, maxWaitMs: 0 }),
    );

  async function checkBusy(s: Settings): Promise<BusyConnection> {
    const attempt = async (auth: BusyAuth): Promise<BusyConnection> => {
      await busyCheck(s, auth);
      return {
        state: 'connected',
        who: { label: new URL(s.urls.busyWeb).host, via: auth.kind === 'token' ? 'token' : 'session' },
        checkedAt: stamp(),
      };
    };
    try {
      // The logged-in web session first; the admin's token is the fallback.
      return await attempt({ kind: 'cookie' });
    } catch (e) {
      if (!(e instanceof SessionMissingError) || !s.busy.token) return failure('busy', e, s, stamp(), deps.now());
    }
    try {
      return await attempt({ kind: 'token', token: s.busy.token });
    } catch (e) {
      // A stored token Busy does not accept is not "not logged in": the admin must replace it.
      if (e instanceof SessionMissingError) return { state: 'tokenRefused', checkedAt: stamp() };
      return failure('busy', e, s, stamp(), deps.now());
    }
  }

  async function check(): Promise<Status> {
    const s = await deps.settings.get();
    const [tfso, busy] = await Promise.all([checkTfso(s), checkBusy(s)]);
    lastStatus = { tfso, busy };
    deps.onChecked?.(lastStatus);
    return lastStatus;
  }

  return {
    check,
    async tryBusyToken(token) {
      const s = await deps.settings.get();
      try {
        await busyCheck(s, { kind: 'token', token });
        return null;
      } catch (e) {
        if (e instanceof SessionMissingError) return { code: 'token_refused', messageKey: 'errTokenRefused', substitutions: [] };
        return connectionError('busy', failure('busy', e, s, stamp(), deps.now()));
      }
    },
    async last() {
      return lastStatus ?? check();
    },
    async connectTfso(req) {
      const s = await deps.settings.get();
      const session = await establishSession(tfsoContext(deps, s), {
        applicationId: req.applicationId,
        username: req.username,
        password: req.password,
        identityId: s.tfso.identityId ?? undefined,
      });
      await deps.settings.save({
        ...s,
        tfso: { ...s.tfso, applicationId: req.applicationId, username: req.username, identityId: session.identity.id },
      });
      return check();
    },
    async identities() {
      const s = await deps.settings.get();
      const ctx = tfsoContext(deps, s);
      await ensureSession(ctx);
      const list = await getIdentities(ctx);
      return list.map((i) => ({ id: i.id, clientId: i.client.id, clientName: i.client.name, isCurrent: i.isCurrent }));
    },
    async setIdentity(identityId) {
      const s = await deps.settings.get();
      const ctx = tfsoContext(deps, s);
      await ensureSession(ctx);
      if (!(await setIdentityById(ctx, identityId))) {
        throw new IdentityRefusedError();
      }
      const identity = await getIdentity(ctx);
      await deps.settings.save({ ...s, tfso: { ...s.tfso, identityId: identity.id } });
      return check();
    },
  };
}
