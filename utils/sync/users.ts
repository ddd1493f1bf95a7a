// Busy user ↔ 24SO contact id. 24SO's GetUsers carries no e-mail (ClientService User has
// ContactId, Id, Name, EmployeeId only), so the automatic match goes, first hit wins:
//   1. an override the admin set (issue 4 makes it editable; `null` = "no 24SO user");
//   2. Busy `externalId` holding the contact id (what this extension would write back);
//   3. Busy `employeeCode` = 24SO `EmployeeId` (Busy's own 24SO integration fills it so);
//   4. the name, normalised (case, spacing, Unicode form), when exactly one user on each side has it.
// The mapping is one-to-one: a contact already taken is not given to a second Busy user.
import type { BusyClient } from '../busy/client';
import type { BusyUser } from '../busy/schemas';
import { listUsers } from '../busy/users';
import { getUsers, type TfsoUser } from '../tfso/client';
import type { TfsoContext } from '../tfso/soap';
import { type DecisionAnswers, userOverridesFromAnswers } from './matching';
import { normName } from './model';

export interface MappingBusyUser {
  id: string;
  email: string;
  displayName: string;
  externalId: string | null;
  employeeCode: string | null;
  isActive?: boolean;
}
export interface MappingTfsoUser {
  contactId: number;
  name: string;
  employeeId: number | null;
}

export type MatchedBy = 'override' | 'externalId' | 'employeeCode' | 'name';

export interface UserMapping {
  /** Busy user id → 24SO contact id. */
  toTfso: Map<string, number>;
  /** 24SO contact id → Busy user id. */
  toBusy: Map<number, string>;
  how: Map<string, MatchedBy>;
  /** Busy users with no 24SO user (R18 warns about them before hours go out). */
  unmapped: string[];
  /** Busy user id → display name (warnings name people, e.g. whom to assign by hand). */
  names: Map<string, string>;
}

export function buildUserMapping(
  busyUsers: readonly MappingBusyUser[],
  tfsoUsers: readonly MappingTfsoUser[],
  overrides: Readonly<Record<string, number | null>> = {},
): UserMapping {
  const toTfso = new Map<string, number>();
  const toBusy = new Map<number, string>();
  const how = new Map<string, MatchedBy>();
  const contacts = new Set(tfsoUsers.map((u) => u.contactId));
  const take = (busyId: string, contactId: number, by: MatchedBy) => {
    if (toTfso.has(busyId) || toBusy.has(contactId) || !contacts.has(contactId)) return;
    toTfso.set(busyId, contactId);
    toBusy.set(contactId, busyId);
    how.set(busyId, by);
  };
  const decided = new Set<string>();
  for (const u of busyUsers) {
    if (!(u.id in overrides)) continue;
    decided.add(u.id);
    const c = overrides[u.id];
    if (c !== null && c !== undefined) take(u.id, c, 'override');
  }
  const open = () => busyUsers.filter((u) => !decided.has(u.id) && !toTfso.has(u.id));
  for (const u of open()) if (u.externalId && /^\d+$/.test(u.externalId)) take(u.id, Number(u.externalId), 'externalId');
  const byEmployee = new Map(tfsoUsers.filter((t) => t.employeeId !== null).map((t) => [String(t.employeeId), t.contactId]));
  for (const u of open()) {
    const c = u.employeeCode ? byEmployee.get(u.employeeCode.trim()) : undefined;
    if (c !== undefined) take(u.id, c, 'employeeCode');
  }
  const count = <T>(xs: T[], key: (x: T) => string) =>
    xs.reduce((m, x) => m.set(key(x), (m.get(key(x)) ?? 0) + 1), new Map<string, number>());
  const tfsoNames = count([...tfsoUsers], (t) => normName(t.name));
  const busyNames = count(open(), (u) => normName(u.displayName));
  for (const u of open()) {
    const n = normName(u.displayName);
    if (tfsoNames.get(n) !== 1 || busyNames.get(n) !== 1) continue;
    take(u.id, tfsoUsers.find((t) => normName(t.name) === n)!.contactId, 'name');
  }
  return {
    toTfso,
    toBusy,
    how,
    unmapped: busyUsers.filter((u) => !toTfso.has(u.id)).map((u) => u.id),
    names: new Map(busyUsers.map((u) => [u.id, u.displayName])),
  };
}

/** The admin's user choices: those answered in the first-sync plan (`user:busy:<id>` decisions),
 * and the user list's (which win). The sync, the hour transfer and the options page use these. */
export function userOverridesOf(o: {
  decisions?: DecisionAnswers;
  userOverrides?: Record<string, number | null>;
}): Record<string, number | null> {
  return { ...userOverridesFromAnswers(o.decisions), ...(o.userOverrides ?? {}) };
}

/** Both user lists, read at once, and the mapping between them: the one way it is loaded (a sync
 * run, an hour pass, the plan and the options' user list). */
export async function readUserMapping(
  busy: BusyClient,
  tfso: TfsoContext,
  overrides: Readonly<Record<string, number | null>>,
): Promise<{ mapping: UserMapping; busyUsers: BusyUser[]; tfsoUsers: TfsoUser[] }> {
  const [busyUsers, tfsoUsers] = await Promise.all([listUsers(busy, { isActive: 'all' }), getUsers(tfso)]);
  return { mapping: buildUserMapping(busyUsers, tfsoUsers, overrides), busyUsers, tfsoUsers };
}
