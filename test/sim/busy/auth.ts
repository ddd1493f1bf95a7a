// Who is calling: the API token (`Authorization: Bearer`) or the web app's session cookie.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { BusyState, Session } from './state.js';

/**
 * [A] The web session cookie. Busy's real cookie name and whether api.busy.no accepts it are not
 * public; the name, its Domain (shared by app. and api.) and flags live here only.
 */
export const SESSION_COOKIE = {
  name: 'busy_session',
  domain: 'busy.localhost',
  attributes: 'Path=/; Domain=busy.localhost; HttpOnly; SameSite=Lax',
} as const;

export function parseCookies(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    const k = part.slice(0, i).trim();
    if (!(k in out)) out[k] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}

export function sessionOf(req: IncomingMessage, state: BusyState): Session | undefined {
  const sid = parseCookies(req)[SESSION_COOKIE.name];
  return sid ? state.sessions.get(sid) : undefined;
}

export function createSession(state: BusyState, userId: string): Session {
  const s: Session = { id: randomBytes(18).toString('base64url'), userId, createdAt: state.now().toISOString() };
  state.sessions.set(s.id, s);
  return s;
}

export function sessionCookie(id: string): string {
  return `${SESSION_COOKIE.name}=${id}; ${SESSION_COOKIE.attributes}`;
}
export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE.name}=; ${SESSION_COOKIE.attributes}; Max-Age=0`;
}

export type Caller = { kind: 'token' } | { kind: 'session'; session: Session };

/** The API's caller, or undefined (→ 401). A present but wrong Bearer token is never rescued by a cookie. */
export function apiCaller(req: IncomingMessage, state: BusyState): Caller | undefined {
  const auth = req.headers.authorization;
  if (auth !== undefined) {
    const m = /^Bearer (\S+)$/.exec(auth);
    return m && m[1] === state.token ? { kind: 'token' } : undefined;
  }
  const session = sessionOf(req, state);
  return session ? { kind: 'session', session } : undefined;
}
