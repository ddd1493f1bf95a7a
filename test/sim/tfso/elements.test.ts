// Element names, order and values are checked against the WSDL (wsdl-schema.json).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA } from './soap-envelope.js';
import { startTfsoSim, type TfsoSim } from './server.js';
import { all, faultcode, faultstring, login, soapCall } from './test-client.js';

let sim: TfsoSim;
let cookie: string;
beforeAll(async () => {
  sim = await startTfsoSim();
  cookie = await login(sim);
});
afterAll(() => sim.close());

const since = '<ChangedAfter>2000-01-01T00:00:00Z</ChangedAfter>';

describe('[C] exact, case-sensitive element names from the WSDL', () => {
  it('GetProjectList takes Ps; client mistake: ps → fault naming it and suggesting Ps', async () => {
    expect((await soapCall(sim, 'project', 'GetProjectList', `<Ps>${since}</Ps>`, { cookie })).status).toBe(200);
    const r = await soapCall(sim, 'project', 'GetProjectList', `<ps>${since}</ps>`, { cookie });
    expect(r.status).toBe(500);
    expect(faultstring(r.body)).toContain("element 'ps' is not part of GetProjectList");
    expect(faultstring(r.body)).toContain("did you mean 'Ps'");
  });

  it('GetDeactivatedProjects takes ps; client mistake: Ps → fault', async () => {
    expect((await soapCall(sim, 'project', 'GetDeactivatedProjects', `<ps>${since}</ps>`, { cookie })).status).toBe(200);
    const r = await soapCall(sim, 'project', 'GetDeactivatedProjects', `<Ps>${since}</Ps>`, { cookie });
    expect(r.status).toBe(500);
    expect(faultstring(r.body)).toContain("did you mean 'ps'");
  });

  it('GetHours takes hs, SaveHour takes Hour, GetWorkTypeList takes Wts, Login takes credential', async () => {
    for (const [svc, op, bad, good] of [
      ['time', 'GetHours', 'HS', 'hs'],
      ['time', 'SaveHour', 'hour', 'Hour'],
      ['time', 'GetWorkTypeList', 'wts', 'Wts'],
      ['auth', 'Login', 'Credential', 'credential'],
    ] as const) {
      const r = await soapCall(sim, svc, op, `<${bad} />`, { cookie });
      expect(r.status, op).toBe(500);
      expect(faultstring(r.body), op).toContain(`did you mean '${good}'`);
    }
  });

  it('client mistake: a wrongly cased field inside a type (changedAfter) → fault naming it; the real server would ignore it and fetch everything', async () => {
    const r = await soapCall(sim, 'project', 'GetProjectList', '<Ps><changedAfter>2000-01-01T00:00:00Z</changedAfter></Ps>', { cookie });
    expect(r.status).toBe(500);
    expect(faultcode(r.body)).toBe('soap:Client');
    expect(faultstring(r.body)).toContain("element 'changedAfter' is not part of ProjectSearch");
    expect(faultstring(r.body)).toContain('the real server would silently ignore this');
  });

  it('client mistake: an unknown element → fault naming it and listing the expected ones', async () => {
    const r = await soapCall(sim, 'project', 'GetProjectList', '<Ps><Active>true</Active></Ps>', { cookie });
    expect(r.status).toBe(500);
    expect(faultstring(r.body)).toContain("unknown element 'Active' in ProjectSearch");
    expect(faultstring(r.body)).toContain('ProjectIds, MyProjects');
  });

  it('[C] elements out of WSDL sequence order → fault', async () => {
    const r = await soapCall(sim, 'project', 'GetProjectList', `<Ps>${since}<ProjectIds><int>101</int></ProjectIds></Ps>`, { cookie });
    expect(r.status).toBe(500);
    expect(faultstring(r.body)).toContain("element 'ProjectIds' is out of order in ProjectSearch");
  });

  it('a single-valued element given twice → fault', async () => {
    const r = await soapCall(sim, 'project', 'GetProjectList', `<Ps>${since}${since}</Ps>`, { cookie });
    expect(r.status).toBe(500);
    expect(faultstring(r.body)).toContain('appears more than once');
  });

  it('an array item with the wrong name (Int instead of int) → fault', async () => {
    const r = await soapCall(sim, 'project', 'GetProjectList', '<Ps><ProjectIds><Int>101</Int></ProjectIds></Ps>', { cookie });
    expect(r.status).toBe(500);
    expect(faultstring(r.body)).toContain("did you mean 'int'");
  });

  it('a required (minOccurs=1) element missing → fault naming it (what a WSDL-driven client enforces)', async () => {
    const r = await soapCall(sim, 'project', 'GetProjectParticipants', '<ProjectIds><int>101</int></ProjectIds>', { cookie });
    expect(r.status).toBe(500);
    expect(faultstring(r.body)).toContain("required element 'ChangedAfter' (minOccurs=1) is missing");
    const ok = await soapCall(
      sim,
      'project',
      'GetProjectParticipants',
      '<ProjectIds><int>101</int></ProjectIds><ChangedAfter xsi:nil="true" />',
      { cookie },
    );
    expect(ok.status).toBe(200);
  });
});

describe('values', () => {
  it('[C] enum values are case-sensitive: Active=true → Instance validation error for TriState', async () => {
    const r = await soapCall(sim, 'time', 'GetWorkTypeList', '<Wts><Active>true</Active></Wts>', { cookie });
    expect(r.status).toBe(500);
    expect(faultcode(r.body)).toBe('soap:Server');
    expect(faultstring(r.body)).toBe(
      "Server was unable to process request. ---> Instance validation error: 'true' is not a valid value for TriState.",
    );
  });

  it('a bad int → "Input string was not in a correct format." in the .NET XML-document shape', async () => {
    const r = await soapCall(sim, 'project', 'GetProjectList', '<Ps><ProjectIds><int>12a</int></ProjectIds></Ps>', { cookie });
    expect(r.status).toBe(500);
    expect(faultstring(r.body)).toMatch(
      /^Server was unable to read request\. ---> There is an error in XML document \(\d+, \d+\)\. ---> Input string was not in a correct format\.$/,
    );
  });

  it('an int out of Int32 range → fault', async () => {
    const r = await soapCall(sim, 'project', 'GetProjectList', '<Ps><ProjectIds><int>2147483648</int></ProjectIds></Ps>', { cookie });
    expect(r.status).toBe(500);
    expect(faultstring(r.body)).toContain('too large or too small for an Int32');
  });

  it('a bad dateTime → "not a valid AllXsd value"', async () => {
    const r = await soapCall(sim, 'project', 'GetProjectList', '<Ps><ChangedAfter>2026-13-01</ChangedAfter></Ps>', { cookie });
    expect(r.status).toBe(500);
    expect(faultstring(r.body)).toContain("The string '2026-13-01' is not a valid AllXsd value.");
  });

  it('a bad boolean (True) → "not a valid Boolean value"', async () => {
    const r = await soapCall(sim, 'project', 'GetProjectList', '<Ps><MyProjects>True</MyProjects></Ps>', { cookie });
    expect(r.status).toBe(500);
    expect(faultstring(r.body)).toContain("The string 'True' is not a valid Boolean value.");
  });

  it('a bad guid → the .NET Guid format message', async () => {
    const r = await soapCall(sim, 'auth', 'SetIdentityById', '<identityId>not-a-guid</identityId>', { cookie });
    expect(r.status).toBe(500);
    expect(faultstring(r.body)).toContain('Guid should contain 32 digits with 4 dashes');
  });

  it('[L] client mistake: xs:decimal in exponent notation (1E2) → fault', async () => {
    const wt = (price: string) => `<workType><Id>0</Id><Name>Kurs</Name><Invoiceable>true</Invoiceable><Price>${price}</Price></workType>`;
    const r = await soapCall(sim, 'time', 'SaveWorkType', wt('1E2'), { cookie });
    expect(r.status).toBe(500);
    expect(faultstring(r.body)).toContain('Input string was not in a correct format.');
    expect((await soapCall(sim, 'time', 'SaveWorkType', wt('100.50'), { cookie })).status).toBe(200);
  });

  it('xsi:nil on a non-nillable element → fault', async () => {
    const r = await soapCall(sim, 'project', 'GetProjectList', '<Ps><ChangedAfter xsi:nil="true" /></Ps>', { cookie });
    expect(r.status).toBe(500);
    expect(faultstring(r.body)).toContain("'ChangedAfter' is not nillable");
  });
});

describe('answers', () => {
  it('[C] a one-element list is still an ArrayOf list', async () => {
    const r = await soapCall(sim, 'project', 'GetProjectList', '<Ps><ProjectIds><int>101</int></ProjectIds></Ps>', { cookie });
    expect(r.status).toBe(200);
    expect(r.body).toMatch(/<GetProjectListResult><Project><Id>101<\/Id>.*<\/Project><\/GetProjectListResult>/);
    expect(all(r.body, 'Id')).toEqual(['101']);
  });

  it("[C] answers list a record's elements in the WSDL sequence order", async () => {
    const r = await soapCall(sim, 'project', 'GetProjectList', `<Ps>${since}</Ps>`, { cookie });
    const project = /<Project>(.*?)<\/Project>/.exec(r.body)![1];
    const names = [...project.matchAll(/<([A-Za-z]+)[ />]/g)].map((m) => m[1]).filter((n) => n !== 'int');
    const order = SCHEMA.services.project.types.Project.map((e) => e.name);
    const idx = names.map((n) => order.indexOf(n));
    expect(idx.every((i) => i >= 0)).toBe(true);
    expect(idx).toEqual([...idx].sort((a, b) => a - b));
    expect(names).toContain('NameDisplay'); // minOccurs=1 elements are always written
    expect(names).toContain('TimeReg');
  });

  it('[C] dates are returned in UTC; .NET minimum values stand for "not set" (DateStop, CustomerId)', async () => {
    sim.state.clients[2161837].projects[0].customerId = null;
    const r = await soapCall(sim, 'project', 'GetProjectList', '<Ps><ProjectIds><int>101</int></ProjectIds></Ps>', { cookie });
    expect(all(r.body, 'DateChanged')[0]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
    expect(all(r.body, 'DateStop')).toEqual(['0001-01-01T00:00:00']);
    expect(all(r.body, 'CustomerId')).toEqual(['-2147483648']);
  });

  it('decimals are written without exponent notation', async () => {
    const d = sim.state.clients[2161837];
    d.workTypes[0].price = 0.0000001;
    const r = await soapCall(sim, 'time', 'GetWorkTypeList', '<Wts><Active>True</Active></Wts>', { cookie });
    expect(all(r.body, 'Price')[0]).toBe('0.0000001');
  });
});
