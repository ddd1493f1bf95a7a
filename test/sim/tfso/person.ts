// PersonService (webservices host): the client's users as persons (read-only). The WSDL's optional
// Authentication SOAP header is accepted and ignored: the session cookie authenticates.
import { dataOf, isSetDate, type OpTable } from './ops.js';

type Rec = Record<string, unknown>;

export const personOps: OpTable = {
  GetPersons: {
    run(ctx, p) {
      const s = (p.personSearch ?? {}) as Rec;
      return dataOf(ctx)
        .users.filter((u) => !s.Id || u.contactId === s.Id)
        .filter((u) => !s.EmployeeId || u.employeeId === s.EmployeeId)
        .filter((u) => !s.Email || u.email === s.Email)
        .filter((u) => !s.Name || u.name.toLowerCase().includes(String(s.Name).toLowerCase()))
        .filter(() => !isSetDate(s.ChangedAfter)) // users carry no change dates here: nothing changed after any date
        .map((u) => {
          const [first, ...rest] = u.name.split(' ');
          return {
            EmailAddresses: [{ Type: 'Primary', Value: u.email }],
            EmployeeNumber: u.employeeId,
            FirstName: first,
            Id: u.contactId,
            LastName: rest.join(' '),
            EmployeeId: u.employeeId,
          };
        });
    },
  },
};
