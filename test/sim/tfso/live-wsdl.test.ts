// Issue 14: the live WSDL (`<service>.asmx?WSDL`) and the assumed operations switch. The served
// documents are the public ones byte for byte, plus exactly what the switches in force add; each
// served document, read back as a WSDL-driven client reads it, declares exactly the schema the
// simulator checks requests against.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ServiceSchema } from './schema-types.js';
import { ASSUMED_OPERATIONS, startTfsoSim, TFSO_DEFAULTS, type TfsoSim } from './server.js';
import { SCHEMA } from './soap-envelope.js';
import { all, faultcode, faultstring, login, rawRequest, soapCall } from './test-client.js';
import { serviceSchema } from './variants.js';
import { parseServiceWsdl } from './wsdl-parse.js';

let sim: TfsoSim;
beforeAll(async () => {
  sim = await startTfsoSim();
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.configure({ assumedOps: true, hourInternalNote: false });
});

const KEYS = Object.keys(SCHEMA.services);
const hostOf = (key: string) => new URL(SCHEMA.services[key]!.host === 'api' ? sim.api : sim.webservices).host;
const getWsdl = (key: string, query = '?WSDL') => rawRequest(sim.port, hostOf(key), 'GET', `${SCHEMA.services[key]!.path}${query}`, '');
const publicFile = (key: string) => readFileSync(new URL(`./wsdl/${SCHEMA.services[key]!.wsdl}`, import.meta.url), 'utf8');
/** What a WSDL reader finds: the schema shape, without the simulator's own `assumed` flag. */
const declared = (s: ServiceSchema) => JSON.parse(JSON.stringify(s, (k, v) => (k === 'assumed' ? undefined : v))) as ServiceSchema;
const ctl = (body: unknown) =>
  rawRequest(sim.port, `127.0.0.1:${sim.port}`, 'POST', '/_sim/config', JSON.stringify(body), { 'content-type': 'application/json' });

const SAVE_WORK_TYPE_FAULT =
  'Server did not recognize the value of HTTP Header SOAPAction: "http://24sevenOffice.com/webservices/SaveWorkType".';

describe('issue 14: live WSDL', () => {
  it('every served service answers GET <path>?WSDL (any case of the name) with text/xml, no session needed', async () => {
    for (const key of KEYS) {
      for (const q of ['?WSDL', '?wsdl', '?Wsdl']) {
        const r = await getWsdl(key, q);
        expect(r.status, `${key}${q}`).toBe(200);
        expect(r.headers['content-type']).toBe('text/xml; charset=utf-8');
        expect(r.body).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\s*<wsdl:definitions /);
      }
    }
    expect(sim.counts()).toMatchObject({ 'WSDL time': 3, 'WSDL auth': 3 });
  });

  it('with assumedOps: false every document is the public one, byte for byte', async () => {
    sim.configure({ assumedOps: false });
    for (const key of KEYS) expect((await getWsdl(key)).body, key).toBe(publicFile(key));
  });

  it('by default only the TimeService document differs: it declares SaveWorkType (elements, messages, portType, both bindings)', async () => {
    for (const key of KEYS.filter((k) => k !== 'time')) expect((await getWsdl(key)).body, key).toBe(publicFile(key));
    const served = (await getWsdl('time')).body;
    const pub = publicFile('time');
    expect(served).not.toBe(pub);
    // The public document is all there, in order; what was added is SaveWorkType's and nothing else.
    const lines = served.split('\n');
    let i = 0;
    const added: string[] = [];
    for (const line of pub.split('\n')) {
      while (lines[i] !== line) added.push(lines[i++]!);
      i++;
    }
    added.push(...lines.slice(i));
    expect(
      added.filter((l) => /name="/.test(l)).every((l) => /SaveWorkType|name="(workType|parameters)"/.test(l)),
      added.join('\n'),
    ).toBe(true);
    expect(added.filter((l) => l.includes('soapAction="http://24sevenOffice.com/webservices/SaveWorkType"'))).toHaveLength(2);
    expect(ASSUMED_OPERATIONS).toEqual(['SaveWorkType']);
  });

  it('each served document, read as a WSDL client reads it, declares exactly the schema the simulator checks (all four switch combinations)', async () => {
    for (const assumedOps of [true, false]) {
      for (const hourInternalNote of [false, true]) {
        sim.configure({ assumedOps, hourInternalNote });
        for (const key of KEYS) {
          const read = parseServiceWsdl(key, (await getWsdl(key)).body);
          expect(read, `${key} assumedOps=${assumedOps} hourInternalNote=${hourInternalNote}`).toEqual(
            declared(serviceSchema(key, { assumedOps, hourInternalNote })),
          );
        }
        const time = parseServiceWsdl('time', (await getWsdl('time')).body);
        expect('SaveWorkType' in time.operations).toBe(assumedOps);
        expect(time.types.Hour!.some((d) => d.name === 'InternalNote')).toBe(hourInternalNote);
        expect(time.types.HourSearch!.some((d) => d.name === 'ChangedAfter')).toBe(hourInternalNote);
      }
    }
  });

  it('the hand-written SaveWorkType entry of wsdl-schema.json is what the live WSDL declares', async () => {
    const time = parseServiceWsdl('time', (await getWsdl('time')).body);
    expect(time.operations.SaveWorkType).toEqual({
      soapAction: 'http://24sevenOffice.com/webservices/SaveWorkType',
      input: 'SaveWorkType',
      output: 'SaveWorkTypeResponse',
      result: 'SaveWorkTypeResult',
    });
    expect(time.elements.SaveWorkType).toEqual(SCHEMA.services.time!.elements.SaveWorkType);
    expect(time.elements.SaveWorkTypeResponse).toEqual(SCHEMA.services.time!.elements.SaveWorkTypeResponse);
  });
});

describe('issue 14: assumedOps', () => {
  const workType = '<workType><Id>0</Id><Name>Ny arbeidstype</Name><Invoiceable>true</Invoiceable></workType>';

  it('default (true): SaveWorkType is served', async () => {
    const cookie = await login(sim);
    const r = await soapCall(sim, 'time', 'SaveWorkType', workType, { cookie });
    expect(r.status).toBe(200);
    expect(Number(all(r.body, 'SaveWorkTypeResult')[0])).toBeGreaterThan(0);
  });

  it('false: SaveWorkType is an unknown SOAPAction, answered exactly as ASP.NET answers one (500, soap:Client), and nothing is saved', async () => {
    const cookie = await login(sim);
    const d = sim.state.clients[sim.state.identities.find((x) => x.isDefault)!.clientId]!;
    const before = d.workTypes.length;
    const counted = sim.counts().SaveWorkType ?? 0;
    expect((await ctl({ assumedOps: false })).status).toBe(200);
    const r = await soapCall(sim, 'time', 'SaveWorkType', workType, { cookie });
    expect(r.status).toBe(500);
    expect(r.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(faultcode(r.body)).toBe('soap:Client');
    expect(faultstring(r.body)).toBe(SAVE_WORK_TYPE_FAULT);
    // The same shape as any other unknown SOAPAction.
    const other = await soapCall(sim, 'time', 'NoSuchOperation', '', { cookie });
    expect(other.body.replace('NoSuchOperation', 'SaveWorkType')).toBe(r.body);
    expect(d.workTypes.length).toBe(before);
    expect(sim.counts().SaveWorkType ?? 0).toBe(counted);
    // Public operations are untouched.
    expect((await soapCall(sim, 'time', 'GetWorkTypeList', '<Wts><Active>True</Active></Wts>', { cookie })).status).toBe(200);
  });

  it('GET /_sim/config shows the switches; the defaults are what TFSO_DEFAULTS says', async () => {
    const r = await rawRequest(sim.port, `127.0.0.1:${sim.port}`, 'GET', '/_sim/config', '');
    expect(JSON.parse(r.body)).toEqual({ ...TFSO_DEFAULTS });
    expect(TFSO_DEFAULTS).toMatchObject({ assumedOps: true, hourInternalNote: false, limitHeaders: true, delayMs: 0, jitterMs: 0 });
    expect((await ctl({ assumedOps: 'no' })).status).toBe(400);
    const unknown = await ctl({ assumedOperations: false });
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.body).error).toMatch(/unknown setting assumedOperations; known: .*assumedOps/);
  });

  it('startTfsoSim({ assumedOps: false }) starts real-like; a bad option is refused at start', async () => {
    const s = await startTfsoSim({ seed: null, assumedOps: false });
    try {
      expect(s.settings().assumedOps).toBe(false);
      const cookie = await login(s);
      expect(faultstring((await soapCall(s, 'time', 'SaveWorkType', workType, { cookie })).body)).toBe(SAVE_WORK_TYPE_FAULT);
    } finally {
      await s.close();
    }
    await expect(startTfsoSim({ seed: null, delayMs: -1 })).rejects.toThrow(/delayMs/);
  });
});
