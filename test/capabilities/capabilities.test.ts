// Issue 14: the readers of the live specs (WSDL, OpenAPI), the capability record's merge rules and
// its run-time observations, and the detection over a fake HTTP seam (the simulators' live
// documents are exercised in test/capabilities/*.test.ts).
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  busySpecCandidates,
  Capabilities,
  CAPABILITIES,
  CAPABILITIES_META_KEY,
  CapabilitiesRecordSchema,
  detectCapabilities,
  emptyRecord,
  isBusyRouteRefusal,
  isUnknownSoapAction,
  mergeSpec,
  offers,
  OpenApiError,
  readOpenApi,
  readRecord,
  readWsdl,
  TFSO_CALLS,
  WsdlError,
  type CapabilitiesRecord,
  type CapabilityEntry,
} from '../../utils/capabilities';
import { RemoteFaultError } from '../../utils/core/errors';
import { TFSO_SERVICES, type TfsoService } from '../../utils/tfso/hosts';
import { fakeHttp, htmlPage, soapFault } from '../support/http-fakes';

const WSDL_DIR = 'test/sim/tfso/wsdl';
const wsdlFile: Record<string, string> = {
  Authenticate: 'authService.wsdl',
  ClientService: 'clientService.wsdl',
  CompanyService: 'companyService.wsdl',
  InvoiceService: 'invoiceService.wsdl',
  ProjectService: 'projectService.wsdl',
  TimeService: 'timeService.wsdl',
  PersonService: 'personService.wsdl',
};
const wsdl = (service: string) => readFileSync(join(WSDL_DIR, wsdlFile[service]!), 'utf8');
const specText = readFileSync('test/sim/busy/spec/busy-openapi-2.1.0.json', 'utf8');

const HOUR = [
  'Id',
  'TypeOfWorkId',
  'StartTime',
  'StopTime',
  'TotalHours',
  'TotalHoursInvoice',
  'ContactId',
  'ProjectId',
  'Description',
  'Locked',
  'Approved',
  'ApprovedBy',
  'ProjectTaskId',
  'Costs',
  'NeedApproval',
  'SalaryTypeId',
  'CustomerId',
  'OrderId',
  'Price',
];

/** The public TimeService WSDL with InternalNote after Description and ChangedAfter in HourSearch. */
function newerTimeWsdl(): string {
  return wsdl('TimeService')
    .replace(
      /(<s:complexType name="Hour">[\s\S]*?name="Description" type="s:string" \/>)/,
      '$1\n          <s:element minOccurs="0" maxOccurs="1" name="InternalNote" type="s:string" />',
    )
    .replace(
      /(<s:complexType name="HourSearch">\s*<s:sequence>)/,
      '$1\n          <s:element minOccurs="1" maxOccurs="1" name="ChangedAfter" type="s:dateTime" />',
    );
}

describe('WSDL reader (issue 14)', () => {
  it('reads the public TimeService: its operations and Hour in sequence order; no SaveWorkType, InternalNote or ChangedAfter', () => {
    const d = readWsdl(wsdl('TimeService'));
    expect(d.targetNamespace).toBe('http://24sevenOffice.com/webservices');
    for (const op of ['SaveHour', 'GetHours', 'DeleteHour', 'GetWorkTypeList']) expect(d.operations.has(op), op).toBe(true);
    expect(d.operations.has('SaveWorkType')).toBe(false);
    expect(d.types.get('Hour')).toEqual(HOUR);
    expect(d.types.get('HourSearch')).not.toContain('ChangedAfter');
    // anonymous types of top-level elements are read under the element's name
    expect(d.types.get('SaveHour')).toEqual(['Hour']);
  });

  it('every service the product calls has a public WSDL declaring what the product calls (SaveWorkType [A] excepted)', () => {
    const missing: string[] = [];
    for (const [service, ops] of Object.entries(TFSO_CALLS)) {
      const d = readWsdl(wsdl(service));
      missing.push(...ops!.filter((o) => !d.operations.has(o)).map((o) => `${service}.${o}`));
    }
    expect(missing).toEqual(['TimeService.SaveWorkType']);
  });

  it('TFSO_CALLS lists exactly the operations the code calls', () => {
    const called = new Set<string>();
    for (const f of readdirSync('utils/tfso')) {
      const text = readFileSync(join('utils/tfso', f), 'utf8');
      for (const m of text.matchAll(/callService\(ctx, '([A-Za-z]+)', '([A-Za-z]+)'/g)) called.add(`${m[1]}.${m[2]}`);
      // the one call with its operation in a variable: active / deactivated projects
      if (/callService\(ctx, 'ProjectService', op,/.test(text))
        for (const op of ['GetProjectList', 'GetDeactivatedProjects']) called.add(`ProjectService.${op}`);
    }
    const listed = Object.entries(TFSO_CALLS).flatMap(([s, ops]) => ops!.map((o) => `${s}.${o}`));
    expect([...called].sort()).toEqual([...listed].sort());
    for (const s of Object.keys(TFSO_CALLS)) expect(TFSO_SERVICES[s as TfsoService], s).toBeDefined();
  });

  it("finds InternalNote and ChangedAfter in a newer document, with Hour's live order", () => {
    const d = readWsdl(newerTimeWsdl());
    expect(d.types.get('Hour')).toEqual([...HOUR.slice(0, 9), 'InternalNote', ...HOUR.slice(9)]);
    expect(d.types.get('HourSearch')![0]).toBe('ChangedAfter');
  });

  it('follows complexContent extensions (base elements first)', () => {
    const doc = `<?xml version="1.0"?><wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:s="http://www.w3.org/2001/XMLSchema" xmlns:tns="urn:x" targetNamespace="urn:x">
      <wsdl:types><s:schema>
        <s:complexType name="Hour"><s:complexContent><s:extension base="tns:Base"><s:sequence><s:element name="InternalNote" type="s:string"/></s:sequence></s:extension></s:complexContent></s:complexType>
        <s:complexType name="Base"><s:sequence><s:element name="Id" type="s:int"/><s:element name="Description" type="s:string"/></s:sequence></s:complexType>
      </s:schema></wsdl:types>
      <wsdl:portType name="P"><wsdl:operation name="SaveHour"/></wsdl:portType></wsdl:definitions>`;
    expect(readWsdl(doc).types.get('Hour')).toEqual(['Id', 'Description', 'InternalNote']);
  });

  it('refuses what is no WSDL: a login page, a SOAP fault, a truncated document, a document without operations', async () => {
    const html = await htmlPage(200).text();
    expect(() => readWsdl(html)).toThrow(WsdlError);
    const fault = await soapFault('boom').text();
    expect(() => readWsdl(fault)).toThrow(/not a WSDL 1.1 document/);
    const t = wsdl('TimeService');
    expect(() => readWsdl(t.slice(0, t.length / 2))).toThrow(/not well-formed/);
    expect(() => readWsdl('<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"/>')).toThrow(/no operations/);
  });
});

describe('OpenAPI reader (issue 14)', () => {
  it('reads the public Busy spec: GET on task users is there, the POST/DELETE we assume are not', () => {
    const d = readOpenApi(specText);
    expect([d.version, d.title]).toEqual(['3.1.0', 'Finago Busy Public API']);
    expect(offers(d, 'GET', '/v2', '/tasks/{taskId}/users')).toBe(true);
    expect(offers(d, 'POST', '/v2', '/tasks/{taskId}/users')).toBe(false);
    expect(offers(d, 'DELETE', '/v2', '/tasks/{taskId}/users/{userId}')).toBe(false);
    // either spelling of a collection, any parameter name
    expect(offers(d, 'GET', '/v2', '/projects/')).toBe(true);
    expect(offers(d, 'GET', '/v2/', '/projects')).toBe(true);
    expect(offers(d, 'PATCH', '/v2', '/hourEntries/{id}')).toBe(true);
  });

  it('paths relative to a server URL that carries the base path, and Swagger 2 basePath, are read in full', () => {
    const v3 = readOpenApi(
      JSON.stringify({
        openapi: '3.0.3',
        servers: [{ url: 'https://api.busy.no/v2' }],
        paths: { '/tasks/{id}/users': { post: {}, delete: {} } },
      }),
    );
    expect(offers(v3, 'POST', '/v2', '/tasks/{taskId}/users')).toBe(true);
    const v2 = readOpenApi(
      JSON.stringify({ swagger: '2.0', basePath: '/v2', paths: { '/tasks/{taskId}/users/{userId}': { delete: {} } } }),
    );
    expect(offers(v2, 'DELETE', '/v2', '/tasks/{taskId}/users/{userId}')).toBe(true);
    expect(offers(v2, 'GET', '/v2', '/tasks/{taskId}/users/{userId}')).toBe(false);
  });

  it('refuses what is no OpenAPI document, saying why', () => {
    expect(() => readOpenApi('<html></html>')).toThrow(OpenApiError);
    expect(() => readOpenApi('{"data": []}')).toThrow(/paths/);
    expect(() => readOpenApi('{"paths": {}}')).toThrow(/neither "openapi" nor "swagger"/);
    expect(() => readOpenApi('{"openapi": "2.0", "paths": {}}')).toThrow(/OpenAPI 3/);
  });

  it("the candidates for Busy's live spec: the issue's, the public copy's, the frameworks' default", () => {
    expect(busySpecCandidates('https://api.busy.no/v2')).toEqual([
      'https://api.busy.no/v2/openapi.json',
      'https://api.busy.no/v2/',
      'https://api.busy.no/openapi.json',
    ]);
  });
});

const e = (state: CapabilityEntry['state'], source: CapabilityEntry['source'], at = '2026-01-01T00:00:00.000Z'): CapabilityEntry => ({
  state,
  source,
  checkedAt: at,
  evidence: `${source} said ${state}`,
});

describe('capability record (issue 14)', () => {
  it('merge: unknown never replaces known; run time outlives the daily check but not "check again"; else the document decides', () => {
    const prev: CapabilitiesRecord = {
      ...emptyRecord(),
      entries: {
        'tfso.saveWorkType': e('absent', 'runtime'),
        'tfso.hourInternalNote': e('confirmed', 'spec'),
        'busy.taskAssigneeWrite': e('confirmed', 'spec'),
      },
    };
    const found = {
      'tfso.saveWorkType': e('confirmed', 'spec'),
      'tfso.hourInternalNote': e('unknown', 'spec'),
      'busy.taskAssigneeWrite': e('absent', 'spec'),
    };
    const daily = mergeSpec(prev, found, '2026-01-02T00:00:00.000Z', null, false);
    expect([
      daily.entries['tfso.saveWorkType']!.state,
      daily.entries['tfso.hourInternalNote']!.state,
      daily.entries['busy.taskAssigneeWrite']!.state,
    ]).toEqual(['absent', 'confirmed', 'absent']);
    expect(daily.checkedAt).toBe('2026-01-02T00:00:00.000Z');
    const forced = mergeSpec(prev, found, '2026-01-02T00:00:00.000Z', null, true);
    expect(forced.entries['tfso.saveWorkType']).toEqual(found['tfso.saveWorkType']);
    expect(forced.entries['tfso.hourInternalNote']!.state).toBe('confirmed');
  });

  it('observations are stored at once, only when they change something, and a bad stored value reads as nothing known', async () => {
    const meta = new Map<string, unknown>();
    let puts = 0;
    const store = {
      meta: {
        get: async (k: string) => meta.get(k),
        put: async (k: string, v: unknown) => {
          puts++;
          meta.set(k, JSON.parse(JSON.stringify(v)));
        },
      },
    };
    const caps = await Capabilities.load(store, () => new Date('2026-02-01T10:00:00Z'));
    expect(caps.state('tfso.saveWorkType')).toBe('unknown');
    await caps.observe('tfso.saveWorkType', 'absent', 'SaveWorkType: Server did not recognize the value of HTTP Header SOAPAction');
    await caps.observe('tfso.saveWorkType', 'absent', 'again');
    expect(puts).toBe(1);
    const again = await Capabilities.load(store);
    expect(again.entry('tfso.saveWorkType')).toMatchObject({ state: 'absent', source: 'runtime', checkedAt: '2026-02-01T10:00:00.000Z' });
    expect(CapabilitiesRecordSchema.safeParse(meta.get(CAPABILITIES_META_KEY)).success).toBe(true);
    meta.set(CAPABILITIES_META_KEY, { version: 1, entries: { 'tfso.saveWorkType': { state: 'maybe' } } });
    expect(await readRecord(store)).toEqual(emptyRecord());
    expect((await Capabilities.load(store)).state('tfso.saveWorkType')).toBe('unknown');
  });

  it('the registry names every assumption with its words; the undetectable ones say why', () => {
    expect(CAPABILITIES.map((c) => c.id)).toEqual(
      expect.arrayContaining([
        'tfso.saveWorkType',
        'tfso.hourInternalNote',
        'tfso.hourChangedAfter',
        'busy.taskAssigneeWrite',
        'busy.liveSpec',
      ]),
    );
    for (const c of CAPABILITIES) {
      expect(c.title && c.feature && c.whenAbsent, c.id).toBeTruthy();
      if (c.detection.kind === 'none') expect(c.detection.why, c.id).toMatch(/^cap.*Why$/);
    }
  });

  it("run-time refusals: ASP.NET's unknown SOAPAction; Busy 404/405; nothing else", () => {
    expect(
      isUnknownSoapAction(
        new RemoteFaultError(
          'tfso',
          'SaveWorkType',
          'Server did not recognize the value of HTTP Header SOAPAction: "http://24sevenOffice.com/webservices/SaveWorkType".',
          500,
        ),
      ),
    ).toBe(true);
    expect(isUnknownSoapAction(new RemoteFaultError('tfso', 'SaveWorkType', 'Name is required', 500))).toBe(false);
    expect(isUnknownSoapAction(new RemoteFaultError('busy', 'POST /tasks/{taskId}/users', 'did not recognize', 404))).toBe(false);
    expect(isBusyRouteRefusal(new RemoteFaultError('busy', 'POST /tasks/{taskId}/users', 'not found', 404))).toBe(true);
    expect(isBusyRouteRefusal(new RemoteFaultError('busy', 'POST /tasks/{taskId}/users', 'Method POST is not allowed here', 405))).toBe(
      true,
    );
    expect(isBusyRouteRefusal(new RemoteFaultError('busy', 'POST /tasks/{taskId}/users', 'user is not a member', 422))).toBe(false);
  });
});

describe('detection over a fake HTTP seam (issue 14)', () => {
  const bases = { api: 'https://api.24so.example', webservices: 'https://ws.24so.example' };
  const xml = (t: string) => new Response(t, { status: 200, headers: { 'content-type': 'text/xml; charset=utf-8' } });
  const json = (t: string) => new Response(t, { status: 200, headers: { 'content-type': 'application/json' } });
  const served = (over: { time?: string; spec?: (url: string) => Response | null } = {}) =>
    fakeHttp((r) => {
      const u = r.url;
      if (u.endsWith('?WSDL')) {
        const svc = Object.entries(TFSO_SERVICES).find(([, s]) => u.endsWith(`${s.path}?WSDL`))![0];
        return xml(svc === 'TimeService' && over.time ? over.time : wsdl(svc));
      }
      return over.spec?.(u) ?? new Response('{"error":{"name":"NotFound","message":"not found"}}', { status: 404 });
    });
  const detect = (http: ReturnType<typeof fakeHttp>['http']) =>
    detectCapabilities({ http, tfsoBases: bases, busyApiBase: 'https://api.busy.example/v2', now: () => new Date('2026-03-01T08:00:00Z') });

  it('the public documents: SaveWorkType, InternalNote, ChangedAfter absent; the spec found at the second candidate; task-assignee writes absent', async () => {
    const f = served({ spec: (u) => (u === 'https://api.busy.example/v2/' ? json(specText) : null) });
    const d = await detect(f.http);
    const st = Object.fromEntries(Object.entries(d.entries).map(([k, v]) => [k, v.state]));
    expect(st).toEqual({
      'tfso.saveWorkType': 'absent',
      'tfso.hourInternalNote': 'absent',
      'tfso.hourChangedAfter': 'absent',
      'busy.taskAssigneeWrite': 'absent',
      'busy.liveSpec': 'confirmed',
    });
    expect(d.busySpecUrl).toBe('https://api.busy.example/v2/');
    expect(d.entries['tfso.saveWorkType']!.evidence).toBe(
      'https://ws.24so.example/timesheet/v001/timeservice.asmx?WSDL has no operation SaveWorkType',
    );
    expect(d.missingTfsoOperations).toEqual(['TimeService.SaveWorkType']);
    // read-only: only GETs, one per service and up to the spec that parsed
    expect(f.calls.every((c) => c.method === 'GET')).toBe(true);
    expect(f.calls.filter((c) => c.url.includes('busy')).map((c) => c.url)).toEqual([
      'https://api.busy.example/v2/openapi.json',
      'https://api.busy.example/v2/',
    ]);
  });

  it("a newer TimeService and a spec with the assignee writes: confirmed, with Hour's live order kept", async () => {
    const doc = JSON.parse(specText);
    doc.paths['/v2/tasks/{taskId}/users'].post = { responses: {} };
    doc.paths['/v2/tasks/{taskId}/users/{userId}'] = { delete: { responses: {} } };
    const d = await detect(
      served({ time: newerTimeWsdl(), spec: (u) => (u.endsWith('/v2/openapi.json') ? json(JSON.stringify(doc)) : null) }).http,
    );
    expect(d.entries['tfso.hourInternalNote']).toMatchObject({
      state: 'confirmed',
      sequence: [...HOUR.slice(0, 9), 'InternalNote', ...HOUR.slice(9)],
    });
    expect(d.entries['tfso.hourChangedAfter']!.state).toBe('confirmed');
    expect(d.entries['busy.taskAssigneeWrite']!.state).toBe('confirmed');
  });

  it('nothing reachable: unknown, never absent; answers that are no spec: the spec absent, what depends on it unknown', async () => {
    const down = await detect(async () => {
      throw new TypeError('fetch failed');
    });
    expect(Object.values(down.entries).map((x) => x.state)).toEqual(Array(5).fill('unknown'));
    expect(down.documents.every((x) => x.outcome === 'unreachable')).toBe(true);
    const pages = await detect(served({ spec: () => htmlPage(200) }).http);
    expect([pages.entries['busy.liveSpec']!.state, pages.entries['busy.taskAssigneeWrite']!.state]).toEqual(['absent', 'unknown']);
  });
});
