// Authenticate service (api host): Login, HasSession and the identity (tenant) operations.
import { processFault } from './soap-envelope.js';
import { newSessionId, type TfsoState } from './state.js';
import { userGuid, type OpContext, type OpTable } from './ops.js';

/** Cookie attributes as ASP.NET sets them: host-only (no Domain), so each host needs its own copy. */
export const SESSION_COOKIE = 'ASP.NET_SessionId';
export const sessionCookie = (id: string) => `${SESSION_COOKIE}=${id}; path=/; HttpOnly; SameSite=Lax`;

export function createSession(state: TfsoState, now: Date, identityId: string, via: 'Login' | 'web'): string {
  const id = newSessionId();
  state.sessions[id] = {
    id,
    applicationId: state.applicationId,
    identityId,
    createdAt: now.toISOString(),
    lastSeen: now.toISOString(),
    via,
  };
  return id;
}

export function defaultIdentity(state: TfsoState) {
  return state.identities.find((i) => i.isDefault) ?? state.identities[0];
}

function identityRecord(ctx: OpContext, identityId: string) {
  const ident = ctx.state.identities.find((i) => i.id === identityId)!;
  const u = ctx.state.integrationUser;
  return {
    Id: ident.id,
    User: { ContactId: u.contactId, Id: userGuid(u.userId), Name: u.name, EmployeeId: u.employeeId },
    Client: { Id: ident.clientId, Name: ident.clientName },
    IsCurrent: ctx.session?.identityId === ident.id,
    IsDefault: ident.isDefault,
    IsProtected: false,
    IsDisabled: false,
  };
}

export const authOps: OpTable = {
  Login: {
    anonymous: true,
    run(ctx, p) {
      const c = (p.credential ?? {}) as { ApplicationId?: string; IdentityId?: string; Password?: string; Username?: string };
      const s = ctx.state;
      // Bad credentials: an empty LoginResult, not a fault (as the real service does).
      if (c.ApplicationId !== s.applicationId.toLowerCase() || c.Username !== s.username || c.Password !== s.password) return '';
      let identityId = ctx.state.identities.find((i) => i.isDefault)?.id ?? s.identities[0].id;
      if (c.IdentityId && c.IdentityId !== '00000000-0000-0000-0000-000000000000') {
        const ident = s.identities.find((i) => i.id.toLowerCase() === c.IdentityId);
        // [A] exact wording beyond the known prefix is not public.
        if (!ident) throw processFault(`The provided IdentityId is blocked or does not belong to this user: ${c.IdentityId}`);
        identityId = ident.id;
      }
      const id = createSession(s, ctx.now(), identityId, 'Login');
      ctx.headers['Set-Cookie'] = sessionCookie(id);
      return id;
    },
  },
  HasSession: {
    anonymous: true,
    run: (ctx) => ctx.session !== null,
  },
  GetIdentity: {
    run: (ctx) => identityRecord(ctx, ctx.session!.identityId),
  },
  GetIdentities: {
    run: (ctx) => ctx.state.identities.map((i) => identityRecord(ctx, i.id)),
  },
  SetIdentityById: {
    run(ctx, p) {
      const ident = ctx.state.identities.find((i) => i.id.toLowerCase() === p.identityId);
      if (!ident) return false; // [A] unknown identity: false rather than a fault
      ctx.session!.identityId = ident.id;
      return true;
    },
  },
};
