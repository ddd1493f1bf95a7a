// Issue 14: when the extension checks (both connected, a day old, other addresses, "check again"),
// where the hour marker goes, and the diagnostic report without secrets.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCapabilitiesService } from '../../utils/services/capabilities';
import { Capabilities, CAPABILITIES_META_KEY, emptyRecord } from '../../utils/capabilities';
import { buildDiagnosticsReport, errorsByOperation, scrub } from '../../utils/services/diagnostics';
import { defaultSettings, type Settings } from '../../utils/domain/settings';
import type { Status } from '../../utils/domain/connection-state';
import type { RunRecord, SyncStore, Warning } from '../../utils/store/types';
import { TFSO_SERVICES } from '../../utils/tfso/hosts';
import { markedHour, markerOfHour, markerPlace } from '../../utils/hours/marker';
import { withInternalNote } from '../../utils/tfso/hours';
import { fakeHttp } from '../support/http-fakes';

const files: Record<string, string> = {
  Authenticate: 'authService.wsdl',
  ClientService: 'clientService.wsdl',
  CompanyService: 'companyService.wsdl',
  InvoiceService: 'invoiceService.wsdl',
  ProjectService: 'projectService.wsdl',
  TimeService: 'timeService.wsdl',
};
const wsdlOf = (url: string) => {
  const svc = Object.entries(TFSO_SERVICES).find(([, s]) => url.endsWith(`${s.path}?WSDL`))![0];
  return readFileSync(join('test/sim/tfso/wsdl', files[svc]!), 'utf8');
};
const spec = readFileSync('test/sim/busy/spec/busy-openapi-2.1.0.json', 'utf8');

function fakeStore(runs: RunRecord[] = [], warnings: Warning[] = []) {
  const meta = new Map<string, unknown>();
  const store = {
    meta: {
      get: async (k: string) => meta.get(k),
      put: async (k: string, v: unknown) => {
        meta.set(k, JSON.parse(JSON.stringify(v)));
      },
    },
    runs: { recent: async () => runs },
    warnings: { open: async () => warnings },
  } as unknown as SyncStore;
  return { store, meta };
}

function world() {
  let t = Date.parse('2026-03-02T08:00:00Z');
  const now = () => new Date(t);
  let settings: Settings = {
    ...defaultSettings({
      tfsoApi: 'https://api.24so.example',
      tfsoWebservices: 'https://ws.24so.example',
      busyApi: 'https://api.busy.example/v2',
      busyWeb: 'https://app.busy.example',
    }),
    busy: { token: 'tok-SECRET-123' },
  };
  const { store, meta } = fakeStore();
  const f = fakeHttp((r) =>
    r.url.endsWith('?WSDL')
      ? new Response(wsdlOf(r.url), { status: 200 })
      : r.url.endsWith('/openapi.json') && r.url.includes('/v2/')
        ? new Response(spec, { status: 200 })
        : new Response('nope', { status: 404 }),
  );
  const svc = createCapabilitiesService({
    store: async () => store,
    settings: {
      get: async () => settings,
      save: async (s) => {
        settings = s;
      },
    },
    http: f.http,
    now,
  });
  return {
    svc,
    f,
    meta,
    store,
    advance: (ms: number) => (t += ms),
    setSettings: (s: Partial<Settings>) => {
      settings = { ...settings, ...s };
    },
    settings: () => settings,
  };
}

const connected = (via: 'token' | 'session'): Status => ({
  tfso: {
    state: 'connected',
    checkedAt: '2026-03-02T08:00:00Z',
    who: { name: 'I', contactId: 1, clientId: 2, clientName: 'C', identityId: 'x' },
  },
  busy: { state: 'connected', checkedAt: '2026-03-02T08:00:00Z', who: { label: 'app', via } },
});

describe('capability service (issue 14)', () => {
  it('checks when both systems are connected and the check is due; not again within the day; again after a day or for other addresses', async () => {
    const w = world();
    await w.svc.onStatus({ ...connected('token'), busy: { state: 'notLoggedIn', loginUrl: 'x', checkedAt: 'y' } });
    expect(w.f.calls).toHaveLength(0);
    await w.svc.onStatus(connected('token'));
    const first = w.f.calls.length;
    expect(first).toBe(6 + 1); // six WSDLs, the spec at the first candidate
    expect(w.f.calls.every((c) => c.method === 'GET' && !('authorization' in c.headers))).toBe(true);
    expect((await w.svc.view()).items.find((i) => i.id === 'tfso.saveWorkType')).toMatchObject({
      state: 'absent',
      source: 'spec',
      title: 'capSaveWorkTypeTitle',
    });
    await w.svc.onStatus(connected('token'));
    await w.svc.forRun();
    expect(w.f.calls).toHaveLength(first);
    w.advance(24 * 3600_000);
    await w.svc.forRun();
    expect(w.f.calls).toHaveLength(2 * first);
    w.setSettings({ urls: { ...w.settings().urls, busyApi: 'https://api.demo.busy.example/v2' } });
    await w.svc.forRun();
    expect(w.f.calls).toHaveLength(3 * first);
  });

  it('"check again" lets the documents decide over a run-time finding; the daily check does not', async () => {
    const w = world();
    await w.svc.check(false);
    const caps = await Capabilities.load(w.store);
    await caps.observe('tfso.hourInternalNote', 'confirmed', 'seen');
    w.advance(25 * 3600_000);
    await w.svc.forRun();
    expect((await w.svc.view()).items.find((i) => i.id === 'tfso.hourInternalNote')!.source).toBe('runtime');
    await w.svc.check(true);
    expect((await w.svc.view()).items.find((i) => i.id === 'tfso.hourInternalNote')).toMatchObject({ state: 'absent', source: 'spec' });
  });

  it('the Busy web session accepted by the API is a run-time finding; an unreachable check leaves what was known and never throws into a run', async () => {
    const w = world();
    await w.svc.onStatus(connected('session'));
    expect((await w.svc.view()).items.find((i) => i.id === 'busy.webSessionApi')).toMatchObject({ state: 'confirmed', source: 'runtime' });
    const down = createCapabilitiesService({
      store: async () => w.store,
      settings: { get: async () => w.settings(), save: async () => undefined },
      http: async () => {
        throw new TypeError('offline');
      },
      now: () => new Date('2026-03-09T08:00:00Z'),
    });
    const caps = await down.forRun();
    expect([caps.state('tfso.saveWorkType'), caps.state('busy.webSessionApi')]).toEqual(['absent', 'confirmed']);
  });
});

describe('the hour marker, decided in one place (issue 14)', () => {
  const withNote = Capabilities.of({
    ...emptyRecord(),
    entries: {
      'tfso.hourInternalNote': {
        state: 'confirmed',
        source: 'spec',
        checkedAt: '2026-01-01T00:00:00Z',
        evidence: 'x',
        sequence: ['Id', 'Description', 'Price', 'InternalNote'],
      },
    },
  });
  it("InternalNote where confirmed (description left as Busy's text), else the description; both places are read", () => {
    expect(markerPlace(undefined)).toEqual({ field: 'description' });
    expect(markedHour('Kundemøte', '1234', markerPlace(undefined))).toEqual({ description: 'Kundemøte [Busy 1234]' });
    const place = markerPlace(withNote);
    expect(place).toEqual({ field: 'internalNote', sequence: ['Id', 'Description', 'Price', 'InternalNote'] });
    expect(markedHour('Kundemøte [Busy 1234]', '1234', place)).toEqual({ description: 'Kundemøte', internalNote: '[Busy 1234]' });
    expect(markerOfHour({ description: 'Kundemøte [Busy 7]', internalNote: null })).toBe('7');
    expect(markerOfHour({ description: 'Kundemøte', internalNote: '[Busy 8]' })).toBe('8');
    expect(markerOfHour({ description: 'Kundemøte', internalNote: '' })).toBeNull();
  });

  it('SaveHour puts InternalNote where the live Hour sequence has it', () => {
    const hour = [
      ['Id', 5],
      ['TypeOfWorkId', 1],
      ['Description', 'd'],
      ['ProjectTaskId', undefined],
    ] as const;
    expect(
      withInternalNote(hour, 'n', ['Id', 'TypeOfWorkId', 'Description', 'ProjectTaskId', 'Price', 'InternalNote']).map(([k]) => k),
    ).toEqual(['Id', 'TypeOfWorkId', 'Description', 'InternalNote', 'ProjectTaskId']);
    expect(withInternalNote(hour, 'n', ['Id', 'InternalNote', 'TypeOfWorkId', 'Description']).map(([k]) => k)).toEqual([
      'Id',
      'InternalNote',
      'TypeOfWorkId',
      'Description',
      'ProjectTaskId',
    ]);
    expect(withInternalNote(hour, 'n', null).map(([k]) => k)).toEqual([
      'Id',
      'TypeOfWorkId',
      'Description',
      'InternalNote',
      'ProjectTaskId',
    ]);
  });
});

describe('diagnostic report (issue 14)', () => {
  const run = (id: string, at: string, error?: RunRecord['error']): RunRecord => ({
    id,
    trigger: 'full',
    startedAt: at,
    finishedAt: at,
    ok: !error,
    ...(error ? { error } : {}),
  });
  const runs = [
    run('r3', '2026-03-02T09:00:00.000Z', {
      code: 'missing_scope',
      messageKey: 'errBusyMissingScope',
      substitutions: ['GET /clients', 'clients:read'],
    }),
    run('r2', '2026-03-02T08:00:00.000Z', {
      code: 'remote_fault',
      messageKey: 'errRemoteFaultTfso',
      substitutions: ['SaveProject', 'Bearer tok-SECRET-123 leaked by a proxy'],
    }),
    run('r1', '2026-03-01T08:00:00.000Z', {
      code: 'remote_fault',
      messageKey: 'errRemoteFaultTfso',
      substitutions: ['SaveProject', 'older'],
    }),
    run('r0', '2026-03-01T07:00:00.000Z', { code: 'session_missing', messageKey: 'errSessionMissingTfso', substitutions: [] }),
  ];
  const warnings: Warning[] = [
    {
      key: 'writeRejected:project:1:create',
      code: 'writeRejected',
      messageKey: 'warnWriteRejected',
      createdAt: '2026-03-02T07:30:00.000Z',
      substitutions: ['project', 'P', 'POST /projects', 'ASP.NET_SessionId=abcdef123 in a message'],
    },
  ];

  it('the last errors by operation, newest first, counted', () => {
    expect(errorsByOperation(runs, warnings).map((e) => [e.operation, e.count, e.code])).toEqual([
      ['GET /clients', 1, 'missing_scope'],
      ['SaveProject', 2, 'remote_fault'],
      ['POST /projects', 1, 'writeRejected'],
      ['(session_missing)', 1, 'session_missing'],
    ]);
  });

  it('holds version, browser, settings without secrets, capabilities and errors; never the token, a password or a session id', async () => {
    const w = world();
    await w.svc.check(false);
    const { store, meta } = fakeStore(runs, warnings);
    meta.set(CAPABILITIES_META_KEY, w.meta.get(CAPABILITIES_META_KEY));
    const r = await buildDiagnosticsReport({
      about: { extensionVersion: '1.4.0', browser: 'Chromium 131' },
      settings: {
        ...w.settings(),
        tfso: { applicationId: '6b0a4b45-1f55-4d3f-b6d1-3a8f4c8a1d00', username: 'kari@fjordlys.no', identityId: null },
      },
      status: connected('token'),
      store,
      now: () => new Date('2026-03-02T10:00:00Z'),
    });
    const doc = JSON.parse(r.text);
    expect(doc).toMatchObject({
      format: 'busy-24so-diagnostics',
      extension: '1.4.0',
      browser: 'Chromium 131',
      settings: { busy: { tokenSet: true } },
    });
    expect(doc.capabilities.items.find((i: { id: string }) => i.id === 'tfso.saveWorkType')).toMatchObject({
      state: 'absent',
      source: 'spec',
    });
    expect(doc.capabilities.documents).toHaveLength(6 + 1);
    expect(doc.errorsByOperation[0]).toMatchObject({ operation: 'GET /clients', detail: ['GET /clients', 'clients:read'] });
    for (const secret of ['tok-SECRET-123', 'abcdef123', '6b0a4b45-1f55-4d3f-b6d1-3a8f4c8a1d00', 'kari@fjordlys.no'])
      expect(r.text).not.toContain(secret);
    expect(scrub('password: hunter2, "password":"x"', { busy: { token: null } })).not.toMatch(/hunter2|"x"/);
  });
});
