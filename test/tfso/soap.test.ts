import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  BadResponseError,
  describeError,
  LoginFailedError,
  RateLimitedError,
  RemoteFaultError,
  SessionMissingError,
  UnreachableError,
} from '../../utils/core/errors';
import { getIdentities, getIdentity, login } from '../../utils/tfso/auth';
import { getUsers } from '../../utils/tfso/client';
import { TFSO_SERVICES, type TfsoBases } from '../../utils/tfso/hosts';
import { establishSession, ensureSession } from '../../utils/tfso/session';
import {
  buildEnvelope,
  callService,
  callSoap,
  formatDecimal,
  formatSoapDateTime,
  NIL,
  parseQuarantineEnd,
  parseSoapDateTime,
  parseSoapInt,
  parseWith,
  read,
  required,
  SoapText,
  toPlain,
  toPlainList,
  xs,
  type TfsoContext,
} from '../../utils/tfso/soap';
import { child, parseXml } from '../../utils/core/xml';
import { caught, fakeHttp, hangingHttp, htmlPage, SOAP, soapFault, soapOk, TNS, truncatedBody } from '../support/http-fakes';

const bases: TfsoBases = { api: 'http://api.example', webservices: 'http://ws.example/' };
const NOW = new Date('2025-03-10T12:00:00Z');
const ctxWith = (http: TfsoContext['http'], timeoutMs?: number): TfsoContext => ({ http, bases, now: () => NOW, timeoutMs });

const IDENTITY = `<Id>0f8fad5b-d9cb-469f-a165-70867728950e</Id><User><ContactId>1042</ContactId><Id>7c9e6679-7425-40de-944b-e07fc1f90ae7</Id><Name>Integrasjon Bruker Ærlig</Name><EmployeeId>-2147483648</EmployeeId></User><Client><Id>5501</Id><Name>Fjordlys Rådgivning AS</Name></Client><IsCurrent>true</IsCurrent><IsDefault>true</IsDefault><IsProtected>false</IsProtected><Servers><Server><Id>1</Id><Type>2</Type></Server></Servers>`;

describe('request envelope', () => {
  it('POSTs SOAP 1.1 with text/xml utf-8 and the quoted SOAPAction in the 24sevenOffice (capital O) namespace', async () => {
    const { http, calls } = fakeHttp(() => soapOk('HasSession', 'true'));
    await callSoap({ http, baseUrl: 'http://api.example/', path: '/authenticate/v001/authenticate.asmx', operation: 'HasSession' });
    expect(calls[0]!.url).toBe('http://api.example/authenticate/v001/authenticate.asmx');
    expect(calls[0]!.method).toBe('POST');
    expect(calls[0]!.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(calls[0]!.headers['soapaction']).toBe('"http://24sevenOffice.com/webservices/HasSession"');
  });

  it('wraps parameters in <Op xmlns="…webservices"> inside soap:Envelope/soap:Body, children in the given (WSDL) order', () => {
    const xml = buildEnvelope('Login', [
      [
        'credential',
        [
          ['ApplicationId', 'a'],
          ['IdentityId', null],
          ['Password', 'p<&>'],
          ['Username', 'ærlig@ø.no'],
        ],
      ],
    ]);
    const doc = parseXml(xml);
    expect(doc).toMatchObject({ name: 'Envelope', ns: SOAP });
    const op = child(doc, 'Body', SOAP)!.children[0]!;
    expect(op).toMatchObject({ name: 'Login', ns: TNS });
    const cred = op.children[0]!;
    expect(cred).toMatchObject({ name: 'credential', ns: TNS });
    // IdentityId null → omitted ("not set"), not an empty element.
    expect(cred.children.map((c) => [c.name, c.text])).toEqual([
      ['ApplicationId', 'a'],
      ['Password', 'p<&>'],
      ['Username', 'ærlig@ø.no'],
    ]);
  });

  it('encodes booleans as true/false, numbers without exponent, Dates as YYYY-MM-DDTHH:mm:ss UTC, NIL as xsi:nil', () => {
    const xml = buildEnvelope('SaveHour', [
      [
        'Hour',
        [
          ['Approved', true],
          ['Locked', false],
          ['TotalHours', 1e-7],
          ['Big', 1e21],
          ['StartTime', new Date('2025-03-30T01:30:45.999Z')],
          ['Local', new SoapText('2025-03-30T03:30:00')],
          ['ProjectTaskId', NIL],
          [
            'Ids',
            [
              ['int', 1],
              ['int', 2],
            ],
          ],
          ['Long', 9007199254740993n],
        ],
      ],
    ]);
    const hour = child(child(parseXml(xml), 'Body', SOAP)!.children[0]!, 'Hour')!;
    const v = Object.fromEntries(hour.children.map((c) => [c.name, c.children.length ? c.children.map((x) => x.text) : c.text]));
    expect(v).toEqual({
      Approved: 'true',
      Locked: 'false',
      TotalHours: '0.0000001',
      Big: '1000000000000000000000',
      StartTime: '2025-03-30T01:30:45',
      Local: '2025-03-30T03:30:00',
      ProjectTaskId: '',
      Ids: ['1', '2'],
      Long: '9007199254740993',
    });
    expect(xml).toContain('<ProjectTaskId xsi:nil="true" />');
  });

  it('refuses element names that would break the document', () => {
    expect(() => buildEnvelope('Op', [['a b', 'x']])).toThrow();
    expect(() => buildEnvelope('Op><x', [])).toThrow();
  });
});

describe('formatDecimal: invariant culture, never exponent notation', () => {
  const cases: [number, string][] = [
    [1e-7, '0.0000001'],
    [1e21, '1000000000000000000000'],
    [0.1 + 0.2, '0.3'],
    [-1.5e-10, '-0.00000000015'],
    [-0, '0'],
    [7.5, '7.5'],
    [1234567.89, '1234567.89'],
    [50 / 60, '0.833333333333333'],
    [9007199254740991, '9007199254740991'],
  ];
  for (const [n, s] of cases) it(`${n} → ${s}`, () => expect(formatDecimal(n)).toBe(s));

  it('never yields exponent notation across magnitudes 1e-20 … 1e25', () => {
    for (let e = -20; e <= 25; e++) {
      // biome-ignore lint/suspicious/noApproximativeNumericConstant: a mantissa with many digits, not π
      for (const m of [1, 1.5, 9.99, 3.14159]) expect(formatDecimal(m * 10 ** e)).toMatch(/^-?\d+(\.\d+)?$/);
    }
  });

  it('refuses NaN and Infinity', () => {
    expect(() => formatDecimal(NaN)).toThrow();
    expect(() => formatDecimal(Infinity)).toThrow();
  });

  it('formatSoapDateTime writes the UTC fields without zone or fraction', () => {
    expect(formatSoapDateTime(new Date('2025-10-26T00:59:59.500Z'))).toBe('2025-10-26T00:59:59');
  });
});

describe('answers → errors', () => {
  it('"Session is not authenticated" fault → SessionMissingError(tfso)', async () => {
    const { http } = fakeHttp(() => soapFault('Session is not authenticated'));
    const e = await caught(callService(ctxWith(http), 'ProjectService', 'GetProjectList'));
    expect(e).toBeInstanceOf(SessionMissingError);
    expect(e.system).toBe('tfso');
  });

  it('quarantine fault → RateLimitedError with the wait until the quarantine ends', async () => {
    const { http } = fakeHttp(() => soapFault('Limit exceeded by 3. Request is blocked. Quarantine ends at 2025-03-10T12:20:00Z'));
    const e = await caught(callService(ctxWith(http), 'TimeService', 'GetHours'));
    expect(e).toBeInstanceOf(RateLimitedError);
    expect(e.retryAfterMs).toBe(20 * 60_000);
    expect(e.until.toISOString()).toBe('2025-03-10T12:20:00.000Z');
    expect(describeError(e)).toEqual({ code: 'rate_limited', messageKey: 'errRateLimitedTfso', substitutions: ['20'] });
  });

  it('quarantine end times in ISO-without-zone, Norwegian and US formats are understood', () => {
    expect(parseQuarantineEnd('2025-03-10T12:20:00')!.toISOString()).toBe('2025-03-10T12:20:00.000Z');
    expect(parseQuarantineEnd('10.03.2025 12:20:00')!.toISOString()).toBe('2025-03-10T12:20:00.000Z');
    expect(parseQuarantineEnd('3/10/2025 12:20:00 PM')!.toISOString()).toBe('2025-03-10T12:20:00.000Z');
    expect(parseQuarantineEnd('soon')).toBeNull();
  });

  it('any other fault → RemoteFaultError naming the operation, with the message after "--->"', async () => {
    const { http } = fakeHttp(() => soapFault('Please specify at least one search parameter'));
    const e = await caught(callService(ctxWith(http), 'CompanyService', 'GetCompanies'));
    expect(e).toBeInstanceOf(RemoteFaultError);
    expect(e.operation).toBe('GetCompanies');
    expect(e.remoteMessage).toBe('Please specify at least one search parameter');
    expect(describeError(e).substitutions).toEqual(['GetCompanies', 'Please specify at least one search parameter']);
  });

  it('200 text/html (a login page) → SessionMissingError(tfso)', async () => {
    const { http } = fakeHttp(() => htmlPage(200));
    await expect(callService(ctxWith(http), 'TimeService', 'GetWorkTypeList')).rejects.toBeInstanceOf(SessionMissingError);
  });

  it('404 HTML (service on the wrong host) → RemoteFaultError, not "not logged in"', async () => {
    const { http } = fakeHttp(() => htmlPage(404));
    const e = await caught(callService(ctxWith(http), 'TimeService', 'GetWorkTypeList'));
    expect(e).toBeInstanceOf(RemoteFaultError);
    expect(e.status).toBe(404);
  });

  it('HTTP 500 with a non-SOAP body → RemoteFaultError with the status', async () => {
    const { http } = fakeHttp(() => new Response('Internal error', { status: 500, headers: { 'content-type': 'text/plain' } }));
    const e = await caught(callService(ctxWith(http), 'ProjectService', 'SaveProject'));
    expect(e).toBeInstanceOf(RemoteFaultError);
    expect(e.remoteMessage).toBe('HTTP 500');
  });

  it('200 with garbage that is not XML → BadResponseError(operation)', async () => {
    const { http } = fakeHttp(
      () => new Response('<soap:Envelope xmlns:soap="x"><<</soap:Envelope', { status: 200, headers: { 'content-type': 'text/xml' } }),
    );
    const e = await caught(callService(ctxWith(http), 'ProjectService', 'GetProjectList'));
    expect(e).toBeInstanceOf(BadResponseError);
    expect(e.operation).toBe('GetProjectList');
  });

  it('200 whose XML is cut in half (complete HTTP body) → BadResponseError', async () => {
    const full = await soapOk('GetUsers', '<User><ContactId>1</ContactId></User>').text();
    const { http } = fakeHttp(() => new Response(full.slice(0, full.length / 2), { status: 200, headers: { 'content-type': 'text/xml' } }));
    await expect(callService(ctxWith(http), 'ClientService', 'GetUsers')).rejects.toBeInstanceOf(BadResponseError);
  });

  it('a body that breaks off mid-stream → BadResponseError "truncated"', async () => {
    const { http } = fakeHttp(() => truncatedBody('<?xml version="1.0"?><soap:Envelope'));
    const e = await caught(callService(ctxWith(http), 'ClientService', 'GetUsers'));
    expect(e).toBeInstanceOf(BadResponseError);
    expect(e.detail).toMatch(/truncated/);
  });

  it('network failure → UnreachableError(tfso, network)', async () => {
    const http = async () => {
      throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    };
    const e = await caught(callService(ctxWith(http), 'Authenticate', 'HasSession'));
    expect(e).toBeInstanceOf(UnreachableError);
    expect(e.reason).toEqual({ kind: 'network', detail: 'fetch failed (ECONNREFUSED)' });
  });

  it('no answer within the timeout → UnreachableError(tfso, timeout) after timeoutMs', async () => {
    const t = Date.now();
    const e = await caught(callService(ctxWith(hangingHttp, 80), 'Authenticate', 'HasSession'));
    expect(e).toBeInstanceOf(UnreachableError);
    expect(e.reason).toEqual({ kind: 'timeout', timeoutMs: 80 });
    expect(Date.now() - t).toBeLessThan(2000);
  });

  it('an answer for another operation → BadResponseError', async () => {
    const { http } = fakeHttp(() => soapOk('GetUsers', ''));
    await expect(callService(ctxWith(http), 'Authenticate', 'HasSession')).rejects.toBeInstanceOf(BadResponseError);
  });

  it('the OpResult element is returned; an omitted result is null', async () => {
    const { http } = fakeHttp((_r, n) => (n === 0 ? soapOk('Login', 'abc') : soapOk('Login', null)));
    expect((await callService(ctxWith(http), 'Authenticate', 'Login'))!.text).toBe('abc');
    expect(await callService(ctxWith(http), 'Authenticate', 'Login')).toBeNull();
  });
});

describe('reading typed values', () => {
  it('.NET minimum int and 0001-01-01T00:00:00 mean "not set" → null', () => {
    expect(parseSoapInt('-2147483648')).toBeNull();
    expect(parseSoapInt('42')).toBe(42);
    expect(parseSoapDateTime('0001-01-01T00:00:00')).toBeNull();
  });

  it('dateTimes without a zone are UTC; fractions and offsets are honoured', () => {
    expect(parseSoapDateTime('2025-03-30T01:30:00')!.toISOString()).toBe('2025-03-30T01:30:00.000Z');
    expect(parseSoapDateTime('2025-03-30T03:30:00.1234567+02:00')!.toISOString()).toBe('2025-03-30T01:30:00.123Z');
    expect(() => parseSoapDateTime('2025-02-30T00:00:00')).toThrow();
    expect(() => parseSoapDateTime('30.03.2025')).toThrow();
  });

  it('xs readers map omitted, nil and minimum values to null', () => {
    const S = z.object({ a: xs.int, b: xs.int, c: xs.dateTime, d: xs.guid, e: xs.decimal, f: xs.bool });
    const el = parseXml(
      `<r xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><b i:nil="true"/><c>0001-01-01T00:00:00</c><d>00000000-0000-0000-0000-000000000000</d><e>12.50</e><f>false</f></r>`,
    );
    expect(S.parse(toPlain(el))).toEqual({ a: null, b: null, c: null, d: null, e: 12.5, f: false });
  });

  it('a decimal in exponent notation in an answer is refused', () => {
    expect(xs.decimal.safeParse('1E-7').success).toBe(false);
  });

  it('a one-element list is still a list', () => {
    const one = parseXml(`<GetUsersResult xmlns="${TNS}"><User><ContactId>1</ContactId></User></GetUsersResult>`);
    expect(toPlainList('GetUsers', one, 'User')).toEqual([{ ContactId: '1' }]);
    const nested = parseXml(`<I xmlns="${TNS}"><Servers><Server><Id>1</Id></Server></Servers></I>`);
    expect(toPlain(nested, { lists: ['Servers'] })).toEqual({ Servers: [{ Id: '1' }] });
    expect(toPlain(parseXml('<I><Servers/></I>'), { lists: ['Servers'] })).toEqual({ Servers: [] });
  });

  it('a repeated element where one is expected fails validation', () => {
    const el = parseXml('<r><Name>a</Name><Name>b</Name></r>');
    expect(() => parseWith('Op', z.object({ Name: xs.string }), toPlain(el))).toThrow(BadResponseError);
  });

  it('a zod failure names the operation and the field path', () => {
    const el = parseXml('<r><User><ContactId>abc</ContactId></User></r>');
    try {
      parseWith('GetIdentity', z.object({ User: z.object({ ContactId: required(xs.int) }) }), toPlain(el));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(BadResponseError);
      expect((e as BadResponseError).operation).toBe('GetIdentity');
      expect((e as BadResponseError).path).toBe('User.ContactId');
      expect(describeError(e)).toEqual({
        code: 'bad_response',
        messageKey: 'errBadResponse',
        substitutions: ['GetIdentity', 'User.ContactId'],
      });
    }
  });

  it('read.* helpers give typed values and name the result on failure', () => {
    const el = parseXml('<X><N>7</N><B>maybe</B></X>');
    expect(read.childInt('Op', el, 'N')).toBe(7);
    expect(read.childInt('Op', el, 'Missing')).toBeNull();
    expect(() => read.childBool('Op', el, 'B')).toThrow(BadResponseError);
  });
});

describe('hosts and the services built on callSoap', () => {
  it('Authenticate, Client, Company, Invoice are on api; Project, Time, Person on webservices', () => {
    const byHost = (h: string) =>
      Object.entries(TFSO_SERVICES)
        .filter(([, v]) => v.host === h)
        .map(([k]) => k)
        .sort();
    expect(byHost('api')).toEqual(['Authenticate', 'ClientService', 'CompanyService', 'InvoiceService']);
    expect(byHost('webservices')).toEqual(['PersonService', 'ProjectService', 'TimeService']);
  });

  it('callService posts to the host serving the service', async () => {
    const { http, calls } = fakeHttp(() => soapOk('GetProjectStatuses', ''));
    await callService(ctxWith(http), 'ProjectService', 'GetProjectStatuses');
    expect(calls[0]!.url).toBe('http://ws.example/Project/V001/ProjectService.asmx');
  });

  it('Login sends credential{ApplicationId, IdentityId, Password, Username} in WSDL order', async () => {
    const { http, calls } = fakeHttp(() => soapOk('Login', 'sess-1'));
    const id = await login(ctxWith(http), { applicationId: 'app', username: 'u', password: 'pw', identityId: 'idy' });
    expect(id).toBe('sess-1');
    const cred = child(child(parseXml(calls[0]!.body), 'Body', SOAP)!.children[0]!, 'credential')!;
    expect(cred.children.map((c) => c.name)).toEqual(['ApplicationId', 'IdentityId', 'Password', 'Username']);
  });

  it('Login answering an empty LoginResult → LoginFailedError, and the password is not in the message', async () => {
    for (const inner of ['', null]) {
      const { http } = fakeHttp(() => soapOk('Login', inner));
      const e = await caught(login(ctxWith(http), { applicationId: 'app', username: 'u', password: 'hunter2-secret' }));
      expect(e).toBeInstanceOf(LoginFailedError);
      expect(JSON.stringify({ m: e.message, d: describeError(e) })).not.toContain('hunter2');
    }
  });

  it('getIdentity names the integration user and client; EmployeeId minimum → null', async () => {
    const { http } = fakeHttp(() => soapOk('GetIdentity', IDENTITY));
    expect(await getIdentity(ctxWith(http))).toEqual({
      id: '0f8fad5b-d9cb-469f-a165-70867728950e',
      user: { contactId: 1042, id: '7c9e6679-7425-40de-944b-e07fc1f90ae7', name: 'Integrasjon Bruker Ærlig', employeeId: null },
      client: { id: 5501, name: 'Fjordlys Rådgivning AS' },
      isCurrent: true,
      isDefault: true,
    });
  });

  it('getIdentity without a ContactId is a bad answer naming User.ContactId', async () => {
    const { http } = fakeHttp(() => soapOk('GetIdentity', IDENTITY.replace('<ContactId>1042</ContactId>', '')));
    const e = await caught(getIdentity(ctxWith(http)));
    expect(e).toBeInstanceOf(BadResponseError);
    expect([e.operation, e.path]).toEqual(['GetIdentity', 'User.ContactId']);
  });

  it('getIdentities returns every identity, a single one still as a list', async () => {
    const { http } = fakeHttp(() => soapOk('GetIdentities', `<Identity>${IDENTITY}</Identity>`));
    const list = await getIdentities(ctxWith(http));
    expect(list).toEqual([
      {
        id: '0f8fad5b-d9cb-469f-a165-70867728950e',
        client: { id: 5501, name: 'Fjordlys Rådgivning AS' },
        isCurrent: true,
        isDefault: true,
      },
    ]);
  });

  it('getUsers reads ArrayOfUser with zod', async () => {
    const { http } = fakeHttp(() =>
      soapOk(
        'GetUsers',
        '<User><ContactId>5</ContactId><Id>7c9e6679-7425-40de-944b-e07fc1f90ae7</Id><Name>Åse Øvrebø</Name><EmployeeId>12</EmployeeId></User><User><ContactId>6</ContactId><Name>Per</Name></User>',
      ),
    );
    expect(await getUsers(ctxWith(http))).toEqual([
      { contactId: 5, id: '7c9e6679-7425-40de-944b-e07fc1f90ae7', name: 'Åse Øvrebø', employeeId: 12 },
      { contactId: 6, id: null, name: 'Per', employeeId: null },
    ]);
  });
});

describe('session across the two hosts', () => {
  function sessionFake(opts: { wsOk: () => boolean; apiHas?: () => boolean }) {
    const cookieSets: [string, string, string][] = [];
    const { http, calls } = fakeHttp((req) => {
      const op = req.headers['soapaction']!.replace(/^"http:\/\/24sevenOffice\.com\/webservices\/|"$/g, '');
      if (op === 'Login') return soapOk('Login', 'sid-42');
      if (op === 'HasSession') return soapOk('HasSession', String(opts.apiHas?.() ?? true));
      if (op === 'GetIdentity') return soapOk('GetIdentity', IDENTITY);
      if (op === 'GetProjectStatuses') return opts.wsOk() ? soapOk(op, '') : soapFault('Session is not authenticated');
      throw new Error(`unexpected ${op}`);
    });
    const ctx = {
      http,
      bases,
      now: () => NOW,
      cookies: {
        set: async (url: string, name: string, value: string) => void cookieSets.push([url, name, value]),
        get: async () => 'sid-from-tab',
      },
    };
    const ops = () => calls.map((c) => c.headers['soapaction']!.split('/').pop()!.replace('"', ''));
    return { ctx, cookieSets, ops };
  }

  it('establishSession logs in on api, puts ASP.NET_SessionId on the webservices host, verifies both, returns the identity', async () => {
    let shared = false;
    const f = sessionFake({ wsOk: () => shared });
    f.ctx.cookies.set = async (url, name, value) => {
      f.cookieSets.push([url, name, value]);
      shared = true;
    };
    const s = await establishSession(f.ctx, { applicationId: 'a', username: 'u', password: 'p' });
    expect(f.cookieSets).toEqual([['http://ws.example/', 'ASP.NET_SessionId', 'sid-42']]);
    expect(f.ops()).toEqual(['Login', 'HasSession', 'GetProjectStatuses', 'GetIdentity']);
    expect(s).toMatchObject({ sessionId: 'sid-42', identity: { user: { contactId: 1042 } } });
  });

  it('ensureSession does not log in while a session exists on both hosts', async () => {
    const f = sessionFake({ wsOk: () => true });
    const r = await ensureSession(f.ctx, { credentials: { applicationId: 'a', username: 'u', password: 'p' } });
    expect(r.loggedIn).toBe(false);
    expect(f.ops()).not.toContain('Login');
  });

  it('ensureSession copies the api cookie to webservices instead of logging in again', async () => {
    let copied = false;
    const f = sessionFake({ wsOk: () => copied });
    f.ctx.cookies.set = async (url, name, value) => {
      f.cookieSets.push([url, name, value]);
      copied = true;
    };
    const r = await ensureSession(f.ctx);
    expect(r.loggedIn).toBe(false);
    expect(f.cookieSets).toEqual([['http://ws.example/', 'ASP.NET_SessionId', 'sid-from-tab']]);
    expect(f.ops()).not.toContain('Login');
  });

  it('ensureSession without credentials and without a session → SessionMissingError, no login attempt', async () => {
    const f = sessionFake({ wsOk: () => false, apiHas: () => false });
    await expect(ensureSession(f.ctx)).rejects.toBeInstanceOf(SessionMissingError);
    expect(f.ops()).toEqual(['HasSession']);
  });
});
