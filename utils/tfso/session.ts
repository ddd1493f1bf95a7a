// The 24SO session across both service hosts. Login answers on the api host and the browser
// keeps ASP.NET_SessionId per host, so the same id is put on the webservices host through the
// cookies API. Repeated logins are throttled by 24SO: reuse the session, check it, and log in
// again only when the caller passes credentials (i.e. the user asked to connect).
import { SessionMissingError } from '../core/errors';
import type { CookieReader, CookieSetter } from '../core/http';
import { getIdentity, hasSession, login, type TfsoCredentials, type TfsoIdentity } from './auth';
import { baseFor } from './hosts';
import { callService, type TfsoContext } from './soap';

export const TFSO_SESSION_COOKIE = 'ASP.NET_SessionId';

export interface TfsoSessionContext extends TfsoContext {
  /** Must be able to set; reading (browser.cookies.get) lets ensureSession repair a lost copy. */
  cookies: CookieSetter & Partial<CookieReader>;
}

export interface TfsoSession {
  /** The ASP.NET session id. A credential: keep it in memory / session storage only. */
  sessionId: string;
  identity: TfsoIdentity;
}

/** Puts the api host's session id on the webservices host. */
export async function shareSessionWithWebservices(ctx: TfsoSessionContext, sessionId: string): Promise<void> {
  await ctx.cookies.set(`${baseFor(ctx.bases, 'webservices')}/`, TFSO_SESSION_COOKIE, sessionId);
}

/**
 * Proves the webservices host accepts our cookie. Authenticate (and its HasSession) lives on the
 * api host only, so this uses the cheapest webservices read listed in CONTRACT:
 * ProjectService.GetProjectStatuses (a handful of rows). Throws SessionMissingError if not.
 */
export async function verifyWebservicesSession(ctx: TfsoContext): Promise<void> {
  await callService(ctx, 'ProjectService', 'GetProjectStatuses');
}

/** HasSession, treating a "not authenticated" fault as false. */
async function apiHasSession(ctx: TfsoContext): Promise<boolean> {
  try {
    return await hasSession(ctx);
  } catch (e) {
    if (e instanceof SessionMissingError) return false;
    throw e;
  }
}

/**
 * Logs in (api host), copies the session to the webservices host, verifies both hosts and
 * returns the identity the session acts as. The password is only passed through.
 */
export async function establishSession(ctx: TfsoSessionContext, creds: TfsoCredentials): Promise<TfsoSession> {
  const sessionId = await login(ctx, creds);
  await shareSessionWithWebservices(ctx, sessionId);
  if (!(await apiHasSession(ctx))) throw new SessionMissingError('tfso', 'login succeeded but the api host has no session');
  await verifyWebservicesSession(ctx);
  return { sessionId, identity: await getIdentity(ctx) };
}

export interface EnsureSessionResult {
  identity: TfsoIdentity;
  /** True when this call had to log in. */
  loggedIn: boolean;
}

/**
 * Makes sure a session is usable on both hosts, logging in only when `credentials` are given.
 * Order: HasSession on api → webservices check → if only the webservices copy is missing and the
 * api cookie can be read, copy it over (no login) → otherwise log in if allowed.
 * Throws SessionMissingError('tfso') when a login would be needed but no credentials were given.
 */
export async function ensureSession(ctx: TfsoSessionContext, opts: { credentials?: TfsoCredentials } = {}): Promise<EnsureSessionResult> {
  if (await apiHasSession(ctx)) {
    try {
      await verifyWebservicesSession(ctx);
      return { identity: await getIdentity(ctx), loggedIn: false };
    } catch (e) {
      if (!(e instanceof SessionMissingError)) throw e;
    }
    const id = ctx.cookies.get ? await ctx.cookies.get(`${baseFor(ctx.bases, 'api')}/`, TFSO_SESSION_COOKIE) : null;
    if (id) {
      await shareSessionWithWebservices(ctx, id);
      try {
        await verifyWebservicesSession(ctx);
        return { identity: await getIdentity(ctx), loggedIn: false };
      } catch (e) {
        if (!(e instanceof SessionMissingError)) throw e;
      }
    }
  }
  if (!opts.credentials) throw new SessionMissingError('tfso');
  const s = await establishSession(ctx, opts.credentials);
  return { identity: s.identity, loggedIn: true };
}
