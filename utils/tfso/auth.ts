// 24SO Authenticate service (api host). Element names copied from authService.wsdl:
// Login(credential{ApplicationId, IdentityId, Password, Username}), SetIdentityById(identityId).
import { z } from 'zod';
import { BadResponseError, LoginFailedError } from '../core/errors';
import { callService, parseWith, read, required, toPlain, toPlainList, xs, type TfsoContext } from './soap';

export interface TfsoCredentials {
  applicationId: string;
  username: string;
  password: string;
  /** Picks the client (tenant) at login; otherwise the user's default identity. */
  identityId?: string;
}

export interface TfsoIdentity {
  id: string;
  user: { contactId: number; id: string | null; name: string; employeeId: number | null };
  client: { id: number; name: string };
  isCurrent: boolean;
  isDefault: boolean;
}

/** An entry of GetIdentities (user may be absent there; the list is for choosing a client). */
export interface TfsoIdentityChoice {
  id: string;
  client: { id: number; name: string };
  isCurrent: boolean;
  isDefault: boolean;
}

const UserSchema = z.object({ ContactId: xs.int, Id: xs.guid, Name: xs.string, EmployeeId: xs.int });
const ClientSchema = z.object({ Id: required(xs.long), Name: xs.string });
const IdentityBase = {
  Id: required(xs.guid),
  IsCurrent: required(xs.bool),
  IsDefault: required(xs.bool),
};

/** GetIdentity must name the integration user: ContactId and Name are required here (R1). */
const IdentitySchema = z
  .object({
    ...IdentityBase,
    User: z.object({ ...UserSchema.shape, ContactId: required(xs.int), Name: required(xs.string) }),
    Client: ClientSchema,
  })
  .transform(
    (i): TfsoIdentity => ({
      id: i.Id,
      user: { contactId: i.User.ContactId, id: i.User.Id, name: i.User.Name, employeeId: i.User.EmployeeId },
      client: { id: i.Client.Id, name: i.Client.Name ?? '' },
      isCurrent: i.IsCurrent,
      isDefault: i.IsDefault,
    }),
  );

const IdentityChoiceSchema = z.object({ ...IdentityBase, User: UserSchema.optional(), Client: ClientSchema }).transform(
  (i): TfsoIdentityChoice => ({
    id: i.Id,
    client: { id: i.Client.Id, name: i.Client.Name ?? '' },
    isCurrent: i.IsCurrent,
    isDefault: i.IsDefault,
  }),
);

const IDENTITY_LISTS = ['Servers'] as const;

/** Logs in on the api host; the answer sets ASP.NET_SessionId there. Returns the session id.
 * The password is passed through to the request only. */
export async function login(ctx: TfsoContext, creds: TfsoCredentials): Promise<string> {
  const result = await callService(ctx, 'Authenticate', 'Login', [
    [
      'credential',
      [
        ['ApplicationId', creds.applicationId],
        ['IdentityId', creds.identityId ?? null],
        ['Password', creds.password],
        ['Username', creds.username],
      ],
    ],
  ]);
  const sessionId = read.text('Login', result);
  if (!sessionId) throw new LoginFailedError();
  return sessionId;
}

/** HasSession on the api host: whether the cookie the browser holds there is a live session. */
export async function hasSession(ctx: TfsoContext): Promise<boolean> {
  const v = read.bool('HasSession', await callService(ctx, 'Authenticate', 'HasSession'));
  if (v === null) throw new BadResponseError('HasSession', 'HasSessionResult', 'missing');
  return v;
}

export async function getIdentity(ctx: TfsoContext): Promise<TfsoIdentity> {
  const result = await callService(ctx, 'Authenticate', 'GetIdentity');
  if (!result) throw new BadResponseError('GetIdentity', 'GetIdentityResult', 'missing');
  return parseWith('GetIdentity', IdentitySchema, toPlain(result, { lists: IDENTITY_LISTS }));
}

export async function getIdentities(ctx: TfsoContext): Promise<TfsoIdentityChoice[]> {
  const result = await callService(ctx, 'Authenticate', 'GetIdentities');
  const items = toPlainList('GetIdentities', result, 'Identity', { lists: IDENTITY_LISTS });
  return parseWith('GetIdentities', z.array(IdentityChoiceSchema), items);
}

/** Switches the session to another client; false when 24SO refuses. */
export async function setIdentityById(ctx: TfsoContext, identityId: string): Promise<boolean> {
  const v = read.bool('SetIdentityById', await callService(ctx, 'Authenticate', 'SetIdentityById', [['identityId', identityId]]));
  if (v === null) throw new BadResponseError('SetIdentityById', 'SetIdentityByIdResult', 'missing');
  return v;
}
