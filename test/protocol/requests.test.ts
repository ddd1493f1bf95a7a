import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { handleRequest, type RequestDeps } from '../../utils/protocol/requests';
import { createIdbStore } from '../../utils/store/idb-store';
import type { SyncStore } from '../../utils/store/types';
import { defaultSettings, parseStoredSettings, type Settings } from '../../utils/domain/settings';
import { DEFAULT_APPROVAL_PATH_PATTERNS, looksLikeApproval, approvalPatternProblem } from '../../utils/domain/busy-pages';
import type { SyncView } from '../../utils/protocol/answers';

// The requests issue 17 and issue 14's corner control added to the message table: what each does,
// and who may ask.

const urls = {
  tfsoApi: 'https://api.24sevenoffice.com',
  tfsoWebservices: 'https://webservices.24sevenoffice.com',
  busyApi: 'https://api.busy.no/v2',
  busyWeb: 'https://app.busy.no',
};
let settings: Settings;
let store: SyncStore;
let n = 0;
const started: string[] = [];
let tokenVerdict: { code: string; messageKey: string; substitutions: string[] } | null = null;

function deps(): RequestDeps {
  return {
    connection: {
      check: async () => ({ tfso: { state: 'checking', checkedAt: 'now' }, busy: { state: 'checking', checkedAt: 'now' } }),
      tryBusyToken: async () => tokenVerdict,
    } as unknown as RequestDeps['connection'],
    sync: {
      start: (t: string) => void started.push(t),
      state: async () => ({ running: null, last: {}, warnings: [] }),
    } as unknown as RequestDeps['sync'],
    users: {} as RequestDeps['users'],
    hours: {
      pending: async () => ({ mode: 'on-approval', integrationUser: 'Ola', entries: 0, minutes: 0, ids: [], people: [], blocked: [] }),
    } as unknown as RequestDeps['hours'],
    store: async () => store,
    openOptions: async () => undefined,
    settings: { get: async () => settings, save: async (s) => void (settings = s) },
    onStatusChanged: () => undefined,
    http: async () => {
      throw new Error('no network in this test');
    },
    now: () => new Date('2026-11-20T10:00:00.000Z'),
    capabilities: {} as RequestDeps['capabilities'],
    diagnostics: async () => ({ generatedAt: 'now', text: '' }),
  };
}

beforeEach(async () => {
  settings = defaultSettings(urls);
  store = await createIdbStore(`requests-ui-${n++}`, { indexedDB: new IDBFactory() });
  started.length = 0;
  tokenVerdict = null;
});

describe('issue 17 requests', () => {
  it('a fetch button before the plan is confirmed is its confirmation, so no page keeps saying "nothing is written until you confirm"', async () => {
    expect(settings.plan.confirmed).toBe(false);
    const res = await handleRequest({ type: 'sync/run', trigger: 'projects' }, 'popup', deps());
    expect(res.ok).toBe(true);
    expect(settings.plan.confirmed).toBe(true);
    expect(started).toEqual(['projects']);
    expect(res.ok && (res.data as SyncView).planConfirmed).toBe(true);
  });

  it("the sync view: per-kind results and attention items beside the engine's state", async () => {
    await store.runs.put({
      id: 'r1',
      trigger: 'projects',
      startedAt: '2026-11-20T09:13:00.000Z',
      finishedAt: '2026-11-20T09:14:00.000Z',
      ok: true,
      counts: { 'customer.busy.created': 2 },
    });
    await store.warnings.put({
      key: 'conflict:project:1:name:r1',
      code: 'conflictOverwritten',
      messageKey: 'warnConflictOverwritten',
      substitutions: ['project', 'A', 'name', 'x', 'y'],
      createdAt: '2026-11-20T09:14:00.000Z',
    });
    const res = await handleRequest({ type: 'sync/state' }, 'popup', deps());
    const view = (res.ok ? res.data : null) as SyncView;
    expect(view.kinds.find((k) => k.kind === 'customer')).toMatchObject({ created: 2, changedAt: '2026-11-20T09:14:00.000Z' });
    expect(view.attention).toMatchObject([{ key: 'conflict:project:1:name:r1', severity: 'info', dismissable: true }]);
  });

  it('dismiss: a safe notice goes (and stays gone while it says the same); one that needs action cannot be dismissed', async () => {
    await store.warnings.put({
      key: 'conflict:project:1:name:r1',
      code: 'conflictOverwritten',
      messageKey: 'warnConflictOverwritten',
      substitutions: ['project', 'A', 'name', 'x', 'y'],
      createdAt: '2026-11-20T09:14:00.000Z',
    });
    await store.warnings.put({
      key: 'busyOnlyCustomer:5',
      code: 'busyOnlyCustomer',
      messageKey: 'warnBusyOnlyCustomer',
      substitutions: ['Lie'],
      createdAt: '2026-11-20T09:14:00.000Z',
    });
    const ok = await handleRequest({ type: 'warnings/dismiss', key: 'conflict:project:1:name:r1' }, 'popup', deps());
    expect(ok.ok && (ok.data as SyncView).attention.map((a) => a.key)).toEqual(['busyOnlyCustomer:5']);
    const again = await handleRequest({ type: 'sync/state' }, 'popup', deps());
    expect(again.ok && (again.data as SyncView).attention.map((a) => a.key)).toEqual(['busyOnlyCustomer:5']);
    const refused = await handleRequest({ type: 'warnings/dismiss', key: 'busyOnlyCustomer:5' }, 'popup', deps());
    expect(refused).toEqual({ ok: false, error: { code: 'not_dismissable', messageKey: 'errNotDismissable', substitutions: [] } });
  });

  it('a Busy token is stored only when Busy accepts it', async () => {
    tokenVerdict = { code: 'token_refused', messageKey: 'errTokenRefused', substitutions: [] };
    const refused = await handleRequest({ type: 'busy/setToken', token: 'wrong' }, 'options', deps());
    expect(refused.ok && refused.data).toMatchObject({ saved: false, error: { code: 'token_refused' }, settings: { hasBusyToken: false } });
    expect(settings.busy.token).toBeNull();
    tokenVerdict = null;
    const accepted = await handleRequest({ type: 'busy/setToken', token: ' right ' }, 'options', deps());
    expect(accepted.ok && accepted.data).toMatchObject({ saved: true, error: null, settings: { hasBusyToken: true } });
    expect(settings.busy.token).toBe('right');
  });

  it('addresses that cannot be reached are not saved, each with its reason', async () => {
    const res = await handleRequest({ type: 'settings/saveUrls', urls: { ...urls, busyWeb: 'https://busy.example' } }, 'options', deps());
    expect(res.ok && res.data).toMatchObject({
      saved: false,
      fields: { busyWeb: { code: 'unreachable', messageKey: 'errAddressUnreachable', substitutions: ['https://busy.example'] } },
    });
    expect(settings.urls.busyWeb).toBe('https://app.busy.no');
  });

  it('coordination/takeOver answers "not available yet" until the lead wires it (never made-up data)', async () => {
    expect(await handleRequest({ type: 'coordination/takeOver' }, 'popup', deps())).toEqual({
      ok: false,
      error: { code: 'not_available_yet', messageKey: 'errNotAvailableYet', substitutions: [] },
    });
  });

  it('a content script may ask what the corner control needs, and nothing of the settings', async () => {
    const before = JSON.stringify(settings);
    expect(await handleRequest({ type: 'page/config' }, 'content', deps())).toEqual({
      ok: true,
      data: { approvalPaths: [...DEFAULT_APPROVAL_PATH_PATTERNS] },
    });
    expect((await handleRequest({ type: 'hours/pending' }, 'content', deps())).ok).toBe(true);
    for (const msg of [
      { type: 'busy/setToken', token: 'x' },
      { type: 'settings/saveUrls', urls },
      { type: 'settings/setApprovalPaths', patterns: ['/**'] },
      { type: 'warnings/dismiss', key: 'k' },
      { type: 'coordination/takeOver' },
    ]) {
      const res = await handleRequest(msg, 'content', deps());
      expect(res, msg.type).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(JSON.stringify(settings)).toBe(before);
    // The corner control's send is a list of entry ids, nothing else.
    expect(await handleRequest({ type: 'hours/sendPending', busyEntryIds: [] }, 'content', deps())).toMatchObject({
      ok: false,
      error: { code: 'bad_message' },
    });
    expect(await handleRequest({ type: 'hours/sendPending', busyEntryIds: ['1 OR 1=1'] }, 'content', deps())).toMatchObject({
      ok: false,
      error: { code: 'bad_message' },
    });
  });
});

describe('issue 14: the paths where the corner control appears', () => {
  it("today's approval pages are the default and match as before; other pages do not", () => {
    const p = DEFAULT_APPROVAL_PATH_PATTERNS;
    expect(looksLikeApproval('https://app.busy.no/approval/users/12?week=2026-W47', p)).toBe(true);
    expect(looksLikeApproval('https://app.busy.no/approval/projects/7/', p)).toBe(true);
    for (const u of [
      'https://app.busy.no/approval',
      'https://app.busy.no/approval/users/12/edit',
      'https://app.busy.no/projects',
      'not a url',
    ])
      expect(looksLikeApproval(u, p), u).toBe(false);
    expect(looksLikeApproval('https://app.busy.no/time/team/5/approve', ['/time/**/approve'])).toBe(true);
  });

  it('patterns are validated: the options refuse a bad one by name, and stored settings from before the setting get the default', async () => {
    for (const bad of ['approval/*', '/approval/(.*)', '/**', '/***/x', '']) expect(approvalPatternProblem(bad), bad).not.toBeNull();
    const res = await handleRequest(
      { type: 'settings/setApprovalPaths', patterns: ['/approval/users/*', '/approval/(.*)'] },
      'options',
      deps(),
    );
    expect(res).toEqual({
      ok: false,
      error: { code: 'approval_pattern', messageKey: 'errApprovalPattern', substitutions: ['/approval/(.*)'] },
    });
    expect(settings.approvalPaths).toEqual([...DEFAULT_APPROVAL_PATH_PATTERNS]);
    const good = await handleRequest(
      { type: 'settings/setApprovalPaths', patterns: ['/time/**/approve', '/time/**/approve'] },
      'options',
      deps(),
    );
    expect(good.ok && good.data).toMatchObject({ approvalPaths: ['/time/**/approve'] });
    // Settings stored by an earlier version (no approvalPaths) keep everything and get the default.
    const old = { ...defaultSettings(urls), transferMode: 'on-order' } as Record<string, unknown>;
    delete old.approvalPaths;
    const parsed = parseStoredSettings(old, defaultSettings(urls));
    expect(parsed).toMatchObject({ transferMode: 'on-order', approvalPaths: [...DEFAULT_APPROVAL_PATH_PATTERNS] });
    expect(parseStoredSettings({ ...old, approvalPaths: ['no-slash'] }, defaultSettings(urls))).toMatchObject({
      transferMode: 'on-order',
      approvalPaths: [...DEFAULT_APPROVAL_PATH_PATTERNS],
    });
  });
});
