// ClientService (api host): the users of the current client.
import { dataOf, userGuid, type OpTable } from './ops.js';

export const clientOps: OpTable = {
  GetUsers: {
    run: (ctx) =>
      dataOf(ctx).users.map((u) => ({ ContactId: u.contactId, Id: userGuid(u.userId), Name: u.name, EmployeeId: u.employeeId })),
  },
};
