import { describe, expect, it } from 'vitest';
import { handleRequest, type RequestDeps, requestTypesFrom } from '../../utils/protocol/requests';
import { classifySender, type SenderKind } from '../../utils/protocol/senders';

// Issue 5, security: who may ask the background for what. Everything refused must come back as a
// clear error and dispatch nothing.

const OWN_ID = 'abcdefghijklmnopabcdefghijklmnop';
const OWN_ORIGIN = `chrome-extension://${OWN_ID}/`;
const BUSY_WEB = 'https://app.busy.no';

/** Deps whose every method records its call; nothing real behind them. */
function recordingDeps() {
  const calls: string[] = [];
  const service = (name: string) =>
    new Proxy(
      {},
      {
        get:
          (_t, prop) =>
          (...args: unknown[]) => {
            calls.push(`${name}.${String(prop)}`);
            return Promise.resolve(args.length ? { echoed: true } : {});
          },
      },
    );
  const deps = {
    connection: service('connection'),
    sync: service('sync'),
    users: service('users'),
    hours: service('hours'),
    settings: service('settings'),
    store: () => {
      calls.push('store');
      return Promise.resolve(service('store'));
    },
    openOptions: () => {
      calls.push('openOptions');
      return Promise.resolve();
    },
    onStatusChanged: () => calls.push('onStatusChanged'),
  } as unknown as RequestDeps;
  return { deps, calls };
}

const VIEW = { kind: 'user', userId: '42', from: '2026-11-16', to: '2026-11-22' };

describe('classifySender', () => {
  const classify = (id: string | undefined, url: string | undefined, fromTab: boolean) =>
    classifySender({ id, url, fromTab }, OWN_ID, OWN_ORIGIN, BUSY_WEB);

  it('our popup and options page (no tab or in a tab, with a section) are told apart', () => {
    expect(classify(OWN_ID, `${OWN_ORIGIN}popup.html`, false)).toBe('popup');
    expect(classify(OWN_ID, `${OWN_ORIGIN}popup.html`, true)).toBe('popup');
    expect(classify(OWN_ID, `${OWN_ORIGIN}options.html`, true)).toBe('options');
    expect(classify(OWN_ID, `${OWN_ORIGIN}options.html#step-busy`, false)).toBe('options');
  });
  it('our content script on the configured Busy web app is the content script', () => {
    expect(classify(OWN_ID, `${BUSY_WEB}/approval/users/1?week=2026-W47`, true)).toBe('content');
  });
  it.each([
    ['another extension', 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz', `${BUSY_WEB}/x`, true],
    ['no sender id (a web page through externally_connectable)', undefined, `${BUSY_WEB}/x`, true],
    ['our content script on a non-Busy origin', OWN_ID, 'https://evil.example/app.busy.no/', true],
    ['a look-alike host', OWN_ID, 'https://app.busy.no.evil.example/', true],
    ['Busy over http instead of https', OWN_ID, 'http://app.busy.no/', true],
    ['Busy on another port', OWN_ID, 'https://app.busy.no:8443/', true],
    ['a Busy URL not from a tab', OWN_ID, `${BUSY_WEB}/x`, false],
    ['no URL', OWN_ID, undefined, true],
    ['an unparsable URL', OWN_ID, 'not a url', true],
    ['a data: frame (opaque origin)', OWN_ID, 'data:text/html,<b>hi</b>', true],
    ['about:blank', OWN_ID, 'about:blank', true],
    ["another extension's page", OWN_ID, 'chrome-extension://zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz/popup.html', false],
    ['a page of ours that is neither the popup nor the options page', OWN_ID, `${OWN_ORIGIN}blank.html`, false],
  ])('refuses %s', (_what, id, url, fromTab) => {
    expect(classify(id, url, fromTab)).toBe('refused');
  });
});

describe('handleRequest refuses with a clear error and dispatches nothing', () => {
  const refused = async (raw: unknown, kind: SenderKind) => {
    const { deps, calls } = recordingDeps();
    const res = await handleRequest(raw, kind, deps);
    return { res, calls };
  };

  it.each([
    ['hours/send', { type: 'hours/send', view: VIEW }],
    ['settings/get', { type: 'settings/get' }],
    ['status/get', { type: 'status/get', refresh: true }],
  ])('a refused sender asking %s', async (_t, msg) => {
    const { res, calls } = await refused(msg, 'refused');
    expect(res).toEqual({ ok: false, error: { code: 'forbidden', messageKey: 'errForbiddenRequest', substitutions: [] } });
    expect(calls).toEqual([]);
  });

  it.each([
    ['tfso/connect', { type: 'tfso/connect', username: 'u', password: 'p', applicationId: '00000000-0000-4000-8000-000000000000' }],
    [
      'settings/save',
      {
        type: 'settings/save',
        urls: {
          tfsoApi: 'https://evil.example',
          tfsoWebservices: 'https://evil.example',
          busyApi: 'https://evil.example/v2',
          busyWeb: 'https://evil.example',
        },
        busyToken: 'x',
      },
    ],
    ['users/setMapping', { type: 'users/setMapping', busyUserId: '1', contactId: 5 }],
    ['settings/get', { type: 'settings/get' }],
    ['settings/setTransferMode', { type: 'settings/setTransferMode', mode: 'on-approval' }],
    ['tfso/setIdentity', { type: 'tfso/setIdentity', identityId: '00000000-0000-4000-8000-000000000000' }],
    ['hours/log', { type: 'hours/log' }],
    ['users/mapping', { type: 'users/mapping' }],
  ])('a Busy content script asking %s (not its to ask)', async (_t, msg) => {
    const { res, calls } = await refused(msg, 'content');
    expect(res.ok).toBe(false);
    expect(!res.ok && res.error.code).toBe('forbidden');
    expect(calls).toEqual([]);
  });

  it.each([
    ['not an object', 'hours/send'],
    ['null', null],
    ['an unknown type', { type: 'hours/deleteAll' }],
    ['a missing field', { type: 'hours/send' }],
    ['a wrong type', { type: 'status/get', refresh: 'yes' }],
    ['a view with a bad kind', { type: 'hours/send', view: { ...VIEW, kind: 'everyone' } }],
    ['an empty user name and a bad GUID', { type: 'tfso/connect', username: '', password: 'p', applicationId: 'not-a-guid' }],
    [
      'a trigger the buttons do not offer, with a prototype-polluting key',
      JSON.parse('{"type":"sync/run","trigger":"full","__proto__":{"admin":true}}'),
    ],
  ])('a malformed message: %s', async (_t, msg) => {
    for (const kind of ['popup', 'options', 'content'] as const) {
      const { res, calls } = await refused(msg, kind);
      expect(res.ok).toBe(false);
      expect(!res.ok && res.error.code).toBe('bad_message');
      expect(!res.ok && res.error.messageKey).toBe('errBadMessage');
      expect(calls).toEqual([]);
    }
  });

  it.each([
    ['tfso/connect', { type: 'tfso/connect', username: 'u', password: 'p', applicationId: '00000000-0000-4000-8000-000000000000' }],
    ['users/setMapping', { type: 'users/setMapping', busyUserId: '1', contactId: 5 }],
    ['busy/setToken', { type: 'busy/setToken', token: 'x' }],
    ['diagnostics/report', { type: 'diagnostics/report' }],
    ['hours/send', { type: 'hours/send', view: VIEW }],
  ])('the popup asking %s (the options page or the control asks it)', async (_t, msg) => {
    const { res, calls } = await refused(msg, 'popup');
    expect(res).toEqual({ ok: false, error: { code: 'forbidden', messageKey: 'errForbiddenRequest', substitutions: [] } });
    expect(calls).toEqual([]);
  });

  it.each([
    ['hours/send', { type: 'hours/send', view: VIEW }],
    ['hours/sendPending', { type: 'hours/sendPending', busyEntryIds: ['1'] }],
    ['hours/overview', { type: 'hours/overview' }],
  ])('the options page asking %s (the control on Busy’s pages or the popup asks it)', async (_t, msg) => {
    const { res, calls } = await refused(msg, 'options');
    expect(!res.ok && res.error.code).toBe('forbidden');
    expect(calls).toEqual([]);
  });

  it('the content script may ask exactly what it always could', () => {
    expect(requestTypesFrom('content').sort()).toEqual(
      [
        'status/get',
        'sync/state',
        'sync/run',
        'hours/preview',
        'hours/send',
        'options/open',
        'page/config',
        'hours/pending',
        'hours/sendPending',
      ].sort(),
    );
  });

  it('what a content script may ask does reach its handler (so the refusals above could fail)', async () => {
    const { res, calls } = await refused({ type: 'hours/send', view: VIEW }, 'content');
    expect(res.ok).toBe(true);
    expect(calls).toEqual(['hours.send']);
    const page = await refused({ type: 'users/setMapping', busyUserId: '1', contactId: 5 }, 'options');
    expect(page.res.ok).toBe(true);
    expect(page.calls).toEqual(['users.set']);
  });
});
