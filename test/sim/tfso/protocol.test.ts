// HTTP and envelope level: what ASP.NET asmx checks before an operation runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTfsoSim, type TfsoSim } from './server.js';
import { envelope, faultcode, faultstring, login, rawRequest, soapCall, wrap } from './test-client.js';

let sim: TfsoSim;
let cookie: string;
beforeAll(async () => {
  sim = await startTfsoSim();
  cookie = await login(sim);
});
afterAll(() => sim.close());

const NS = 'http://24sevenOffice.com/webservices';
const projectInner = '<Ps><ChangedAfter>2000-01-01T00:00:00Z</ChangedAfter></Ps>';

describe('SOAPAction', () => {
  it('[C] the correct quoted SOAPAction is accepted', async () => {
    const r = await soapCall(sim, 'project', 'GetProjectList', projectInner, { cookie });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(r.body).toContain('<GetProjectListResponse xmlns="http://24sevenOffice.com/webservices"><GetProjectListResult>');
  });

  it('client mistake: SOAPAction missing → 500 soap:Fault "did not recognize the value of HTTP Header SOAPAction"', async () => {
    const r = await soapCall(sim, 'project', 'GetProjectList', projectInner, { cookie, soapAction: null });
    expect(r.status).toBe(500);
    expect(faultcode(r.body)).toBe('soap:Client');
    expect(faultstring(r.body)).toBe('Server did not recognize the value of HTTP Header SOAPAction: .');
  });

  it('client mistake: a SOAPAction naming another operation → the same fault with the value', async () => {
    const r = await soapCall(sim, 'project', 'GetProjectList', projectInner, { cookie, soapAction: `"${NS}/GetProjectLists"` });
    expect(r.status).toBe(500);
    expect(faultstring(r.body)).toBe(`Server did not recognize the value of HTTP Header SOAPAction: "${NS}/GetProjectLists".`);
  });

  it('client mistake: SOAPAction with the wrong namespace case (24SevenOffice) is refused', async () => {
    const r = await soapCall(sim, 'project', 'GetProjectList', projectInner, {
      cookie,
      soapAction: '"http://24SevenOffice.com/webservices/GetProjectList"',
    });
    expect(r.status).toBe(500);
    expect(faultstring(r.body)).toMatch(/^Server did not recognize the value of HTTP Header SOAPAction/);
  });

  it('[C] SOAPAction must be quoted: a bare value is refused (simulator strictness)', async () => {
    const r = await soapCall(sim, 'project', 'GetProjectList', projectInner, { cookie, soapAction: `${NS}/GetProjectList` });
    expect(r.status).toBe(500);
    expect(faultstring(r.body)).toContain('must be quoted');
  });

  it('client mistake: SOAPAction of an operation of another service on this path → refused', async () => {
    const r = await soapCall(sim, 'project', 'GetHours', '', { cookie, path: '/Project/V001/ProjectService.asmx' });
    expect(r.status).toBe(500);
    expect(faultstring(r.body)).toMatch(/SOAPAction: "http:\/\/24sevenOffice.com\/webservices\/GetHours"/);
  });

  it('a body wrapper that does not match the SOAPAction is "not expected"', async () => {
    const r = await soapCall(sim, 'project', 'GetProjectList', '', { cookie, rawBody: envelope(wrap('GetDeactivatedProjects', '')) });
    expect(r.status).toBe(500);
    expect(faultstring(r.body)).toMatch(
      /^Server was unable to read request\. ---> There is an error in XML document \(\d+, \d+\)\. ---> <GetDeactivatedProjects xmlns='http:\/\/24sevenOffice.com\/webservices'> was not expected\.$/,
    );
  });
});

describe('HTTP', () => {
  it('[C] POST only: GET on an asmx is refused', async () => {
    const r = await rawRequest(sim.port, new URL(sim.webservices).host, 'GET', '/Project/V001/ProjectService.asmx', '');
    expect(r.status).toBe(405);
  });

  it('client mistake: Content-Type application/json → 415', async () => {
    const r = await soapCall(sim, 'project', 'GetProjectList', projectInner, { cookie, contentType: 'application/json' });
    expect(r.status).toBe(415);
  });

  it('client mistake: text/xml without charset=utf-8 → 415 (simulator strictness)', async () => {
    const r = await soapCall(sim, 'project', 'GetProjectList', projectInner, { cookie, contentType: 'text/xml' });
    expect(r.status).toBe(415);
    expect(r.body).toContain('charset=utf-8');
  });

  it('[C] a service on the wrong host → 404 (ProjectService is on webservices, not api)', async () => {
    const r = await soapCall(sim, 'project', 'GetProjectList', projectInner, { cookie, host: new URL(sim.api).host });
    expect(r.status).toBe(404);
  });

  it('[C] Authenticate is on the api host only', async () => {
    const r = await soapCall(sim, 'auth', 'HasSession', '', { host: new URL(sim.webservices).host });
    expect(r.status).toBe(404);
  });

  it('paths match case-insensitively, as IIS does', async () => {
    const r = await soapCall(sim, 'time', 'GetWorkTypeList', '<Wts><Active>True</Active></Wts>', {
      cookie,
      path: '/TimeSheet/V001/TimeService.asmx',
    });
    expect(r.status).toBe(200);
  });

  it('an unknown Host gets 404', async () => {
    const r = await soapCall(sim, 'project', 'GetProjectList', projectInner, { cookie, host: 'example.com' });
    expect(r.status).toBe(404);
  });

  it("issue 14: ?wsdl is served on the service's own host only; on the other host it is 404", async () => {
    expect((await rawRequest(sim.port, new URL(sim.api).host, 'GET', '/authenticate/v001/authenticate.asmx?wsdl', '')).status).toBe(200);
    const r = await rawRequest(sim.port, new URL(sim.webservices).host, 'GET', '/authenticate/v001/authenticate.asmx?wsdl', '');
    expect(r.status).toBe(404);
    expect(r.body).toBe('The resource cannot be found.');
  });
});

describe('envelope and namespace', () => {
  it('client mistake: the operation element in namespace http://24SevenOffice.com/webservices (capital S) → not expected', async () => {
    const body = envelope(`<GetProjectList xmlns="http://24SevenOffice.com/webservices">${projectInner}</GetProjectList>`);
    const r = await soapCall(sim, 'project', 'GetProjectList', '', { cookie, rawBody: body });
    expect(r.status).toBe(500);
    expect(faultstring(r.body)).toContain("<GetProjectList xmlns='http://24SevenOffice.com/webservices'> was not expected.");
  });

  it('[C] elementFormDefault=qualified: unqualified child elements are refused, naming them', async () => {
    const body = envelope(
      `<t:GetProjectList xmlns:t="${NS}"><Ps><ChangedAfter>2000-01-01T00:00:00Z</ChangedAfter></Ps></t:GetProjectList>`,
    );
    const r = await soapCall(sim, 'project', 'GetProjectList', '', { cookie, rawBody: body });
    expect(r.status).toBe(500);
    expect(faultstring(r.body)).toContain("element 'Ps' in namespace '(none)'");
  });

  it('prefixed elements in the right namespace are fine', async () => {
    const body = envelope(
      `<t:GetProjectList xmlns:t="${NS}"><t:Ps><t:ChangedAfter>2000-01-01T00:00:00Z</t:ChangedAfter></t:Ps></t:GetProjectList>`,
    );
    const r = await soapCall(sim, 'project', 'GetProjectList', '', { cookie, rawBody: body });
    expect(r.status).toBe(200);
  });

  it('a SOAP 1.2 envelope → VersionMismatch', async () => {
    const body = `<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body>${wrap('HasSession')}</env:Body></env:Envelope>`;
    const r = await soapCall(sim, 'auth', 'HasSession', '', { rawBody: body });
    expect(r.status).toBe(500);
    expect(faultcode(r.body)).toBe('soap:VersionMismatch');
  });

  it('malformed XML → soap:Client "There is an error in XML document"', async () => {
    const r = await soapCall(sim, 'auth', 'HasSession', '', {
      rawBody: '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><HasSession',
    });
    expect(r.status).toBe(500);
    expect(faultstring(r.body)).toMatch(/^Server was unable to read request\. ---> There is an error in XML document \(\d+, \d+\)\./);
  });
});
