// 24SO ClientService (api host): the company's users, which Busy users map to.
import { z } from 'zod';
import { callService, parseWith, required, toPlainList, xs, type TfsoContext } from './soap';

export interface TfsoUser {
  /** The id hours carry (`ContactId` on Hour). */
  contactId: number;
  /** The user's guid (clientService.wsdl types User.Id as guid); null when not set. */
  id: string | null;
  name: string;
  employeeId: number | null;
}

const UserSchema = z
  .object({ ContactId: required(xs.int), Id: xs.guid, Name: xs.string, EmployeeId: xs.int })
  .transform((u): TfsoUser => ({ contactId: u.ContactId, id: u.Id, name: u.Name ?? '', employeeId: u.EmployeeId }));

/** GetUsers → every user of the current client. */
export async function getUsers(ctx: TfsoContext): Promise<TfsoUser[]> {
  const result = await callService(ctx, 'ClientService', 'GetUsers');
  return parseWith('GetUsers', z.array(UserSchema), toPlainList('GetUsers', result, 'User'));
}
