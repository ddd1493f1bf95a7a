// How the real services say "I do not have that" at run time, told apart from every other failure.
import { RemoteFaultError } from '../core/errors';

/** ASP.NET's answer to a SOAPAction it does not serve ("Server did not recognize the value of HTTP
 * Header SOAPAction: …"), or a 404 for the operation. */
export function isUnknownSoapAction(e: unknown): e is RemoteFaultError {
  return (
    e instanceof RemoteFaultError &&
    e.system === 'tfso' &&
    (e.status === 404 ||
      /did not recognize the value of HTTP Header SOAPAction|not recognized|unknown (web )?method|HTTP 404/i.test(e.remoteMessage))
  );
}

/** Busy's 404 or 405 for a request. A 404 may also mean the record is gone: callers that need to
 * tell the two apart check the record with a documented read (see sync/assumed.ts). */
export function isBusyRouteRefusal(e: unknown): e is RemoteFaultError {
  return e instanceof RemoteFaultError && e.system === 'busy' && (e.status === 404 || e.status === 405);
}
