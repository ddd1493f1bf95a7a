// The user list of the options page (R17): every Busy user, the 24SO user (ContactId) each is
// linked to and how, and suggestions for the unlinked ones by name and e-mail.
import type { BusyUser } from '../busy/schemas';
import type { SettingsStore } from '../domain/settings';
import { buildUserMapping, readUserMapping, type UserMapping } from '../sync/users';
import type { TfsoUser } from '../tfso/client';
import type { ConnectionService } from './connection';
import { requireConnected, type RunContext } from './run-context';

export interface TfsoUserChoice {
  contactId: number;
  name: string;
}
export interface MappingRow {
  busyUserId: string;
  name: string;
  email: string;
  contactId: number | null;
  how: 'override' | 'externalId' | 'employeeCode' | 'name' | 'none';
  /** For the unlinked: the likeliest 24SO users, best first. */
  suggestions: TfsoUserChoice[];
}

/** Lower-case words of a name or an e-mail's local part ("kari.nordmann@x" → kari, nordmann). */
export function nameTokens(s: string): string[] {
  const local = s.includes('@') ? s.slice(0, s.indexOf('@')) : s;
  return local
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9æøå]+/)
    .filter((w) => w.length > 1);
}

/** Share of the 24SO user's name words found in the Busy user's name or e-mail. A Busy user
 * without an address (`email: ""`, as the real Busy sends it) is matched on the name alone. */
export function similarity(busy: { name: string; email: string }, tfsoName: string): number {
  const want = new Set([...nameTokens(busy.name), ...(busy.email === '' ? [] : nameTokens(busy.email))]);
  const have = nameTokens(tfsoName);
  if (have.length === 0) return 0;
  return have.filter((w) => want.has(w)).length / have.length;
}

export function mappingRows(
  busyUsers: {
    id: string;
    email: string;
    displayName: string;
    externalId: string | null;
    employeeCode: string | null;
    isActive: boolean;
  }[],
  tfsoUsers: { contactId: number; name: string; employeeId: number | null }[],
  overrides: Readonly<Record<string, number | null>>,
  mapping: UserMapping = buildUserMapping(busyUsers, tfsoUsers, overrides),
): MappingRow[] {
  const taken = new Set(mapping.toBusy.keys());
  return busyUsers
    .filter((u) => u.isActive)
    .map((u): MappingRow => {
      const contactId = mapping.toTfso.get(u.id) ?? null;
      const suggestions =
        contactId === null
          ? tfsoUsers
              .filter((t) => !taken.has(t.contactId))
              .map((t) => ({ t, score: similarity({ name: u.displayName, email: u.email }, t.name) }))
              .filter((x) => x.score > 0)
              .sort((a, b) => b.score - a.score || a.t.name.localeCompare(b.t.name, 'nb'))
              .slice(0, 3)
              .map(({ t }) => ({ contactId: t.contactId, name: t.name }))
          : [];
      return { busyUserId: u.id, name: u.displayName, email: u.email, contactId, how: mapping.how.get(u.id) ?? 'none', suggestions };
    })
    .sort((a, b) => a.name.localeCompare(b.name, 'nb'));
}

/** The rows and the 24SO users to choose from, from the mapping as sync/users.ts reads it. */
export function userMappingRows(
  r: { mapping: UserMapping; busyUsers: BusyUser[]; tfsoUsers: TfsoUser[] },
  overrides: Readonly<Record<string, number | null>>,
): { rows: MappingRow[]; tfsoUsers: TfsoUserChoice[] } {
  const tfsoForMapping = r.tfsoUsers.map((t) => ({ contactId: t.contactId, name: t.name, employeeId: t.employeeId }));
  return {
    rows: mappingRows(r.busyUsers, tfsoForMapping, overrides, r.mapping),
    tfsoUsers: tfsoForMapping.map(({ contactId, name }) => ({ contactId, name })).sort((a, b) => a.name.localeCompare(b.name, 'nb')),
  };
}

export interface UserMappingView {
  rows: MappingRow[];
  tfsoUsers: TfsoUserChoice[];
  /** Whose ContactId unlinked users' hours go on (R18). */
  integrationUser: TfsoUserChoice | null;
}

export interface UserMappingService {
  view(): Promise<UserMappingView>;
  /** A ContactId, null for "no 24SO user", or 'auto' to drop the admin's choice. */
  set(busyUserId: string, contactId: number | null | 'auto'): Promise<UserMappingView>;
}

export function createUserMappingService(deps: {
  connection: ConnectionService;
  settings: SettingsStore;
  /** The background's run context: the one Busy client, the admin's choices merged. */
  run: RunContext;
}): UserMappingService {
  async function view(): Promise<UserMappingView> {
    const status = requireConnected(await deps.connection.last());
    const s = await deps.settings.get();
    const { tfso, busy } = deps.run.outsideRuns(s, status);
    const overrides = deps.run.userOverrides(s);
    const { rows, tfsoUsers } = userMappingRows(await readUserMapping(busy, tfso, overrides), overrides);
    return { rows, tfsoUsers, integrationUser: { contactId: status.tfso.who.contactId, name: status.tfso.who.name } };
  }
  return {
    view,
    async set(busyUserId, contactId) {
      const s = await deps.settings.get();
      const userOverrides = { ...s.userOverrides };
      if (contactId === 'auto') delete userOverrides[busyUserId];
      else userOverrides[busyUserId] = contactId;
      await deps.settings.save({ ...s, userOverrides });
      return view();
    },
  };
}
