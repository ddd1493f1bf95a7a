// Is the Busy connection usable, and as whom?
//
// Busy's public API (OpenAPI 2.1.0) has no "me"/current-user endpoint: its tags are Clients,
// Costs, Groups, Hour Entries, Invoices, Products, Projects, Tags, Tasks, Users, and nothing
// returns the caller. So the check is the cheapest authenticated read, GET /users?limit=1: it
// proves the token or the web session is accepted (401 or a login page → SessionMissingError),
// but it cannot say which person the connection acts as (`actsAs` stays null). With a token that
// is by design: a token acts for the workspace, not for a person.
import { z } from 'zod';
import type { BusyClient } from './client';
import { BUSY_PATHS } from './operations';
import { UserSchema } from './schemas';

export interface BusyConnectionInfo {
  via: 'token' | 'cookie';
  /** Always null for now: the public API cannot tell who the caller is. */
  actsAs: null;
}

/** Throws SessionMissingError('busy') / UnreachableError / RateLimitedError when not usable. */
export async function checkBusyConnection(client: BusyClient): Promise<BusyConnectionInfo> {
  await client.get(BUSY_PATHS.users, z.array(UserSchema).max(1), { query: { limit: 1 } });
  return { via: client.auth, actsAs: null };
}
