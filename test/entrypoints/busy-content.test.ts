import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseHTML } from 'linkedom';
import { requestTypesFrom } from '../../utils/protocol/requests';
import { responseSchema } from '../../utils/protocol/answers';
import { answerSchema } from '../../utils/protocol/envelope';

// The content script without Preact and without webextension-polyfill (issue 6): its answer
// schemas are the fields it reads, its messaging is the browser's own, its panels plain DOM.
// Here with a fake `chrome` and linkedom's document; the e2e tests run it in Chromium and Firefox.

const sent: { type: string }[] = [];
let answer: (msg: { type: string }) => unknown = () => undefined;
const fakeChrome = {
  runtime: {
    id: 'test-extension',
    sendMessage: async (msg: { type: string }) => {
      sent.push(msg);
      return answer(msg);
    },
  },
  i18n: {
    // Plural forms exist as `_one` / `_other`; any other key with a suffix does not (like a real locale).
    getMessage: (key: string, subs: string[] = []) =>
      /_(zero|two|few|many)$/.test(key) ? '' : subs.length ? `${key}(${subs.join(',')})` : key,
    getUILanguage: () => 'nb',
  },
  storage: {
    local: {
      data: {} as Record<string, unknown>,
      async get(key: string) {
        return key in this.data ? { [key]: this.data[key] } : {};
      },
      async set(items: Record<string, unknown>) {
        Object.assign(this.data, items);
      },
    },
  },
};

let answers: typeof import('../../entrypoints/busy.content/answers');
let native: typeof import('../../utils/platform/native-browser');
let sendHours: typeof import('../../entrypoints/busy.content/send-hours');
let statusPanel: typeof import('../../entrypoints/busy.content/status-panel');
let corner: typeof import('../../entrypoints/busy.content/corner');
const g = globalThis as Record<string, unknown>;
const saved = { chrome: g.chrome, document: g.document };

beforeAll(async () => {
  // The modules pick the browser's API and the document when they load.
  g.chrome = fakeChrome;
  g.document = parseHTML('<!doctype html><html><body></body></html>').document;
  answers = await import('../../entrypoints/busy.content/answers');
  native = await import('../../utils/platform/native-browser');
  sendHours = await import('../../entrypoints/busy.content/send-hours');
  statusPanel = await import('../../entrypoints/busy.content/status-panel');
  corner = await import('../../entrypoints/busy.content/corner');
});
afterAll(() => {
  g.chrome = saved.chrome;
  g.document = saved.document;
});

const ok = <T>(data: T) => ({ ok: true, data });
const connected = {
  tfso: { state: 'connected', checkedAt: 'now', who: { name: 'Kari', contactId: 7, clientId: 2, clientName: 'Fjordlys', identityId: 'i' } },
  busy: { state: 'connected', checkedAt: 'now', who: { label: 'app.busy.no', via: 'session' } },
};
const syncState = {
  running: null,
  last: {
    projects: {
      trigger: 'projects',
      startedAt: '2026-11-20T10:00:00Z',
      finishedAt: '2026-11-20T10:01:00Z',
      ok: true,
      counts: { 'project.busy.created': 2 },
      error: null,
    },
  },
  warnings: [{ key: 'w1', messageKey: 'warnX', substitutions: ['a'], createdAt: 'now' }],
  planConfirmed: true,
  kinds: [
    { kind: 'customer', at: null, changedAt: null, created: 0, updated: 0, archived: 0 },
    { kind: 'project', at: '2026-11-20T10:01:00Z', changedAt: '2026-11-20T10:01:00Z', created: 2, updated: 0, archived: 0 },
    { kind: 'workType', at: '2026-11-20T10:01:00Z', changedAt: null, created: 0, updated: 0, archived: 0 },
    { kind: 'task', at: null, changedAt: null, created: 0, updated: 0, archived: 0 },
  ],
  attention: [
    {
      key: 'w1',
      severity: 'action',
      messageKey: 'warnX',
      args: ['a', { key: 'kindWordProject' }],
      also: null,
      detail: 'server text',
      link: null,
      action: null,
      dismissable: false,
      createdAt: 'now',
    },
  ],
};
const pending = {
  mode: 'on-approval',
  integrationUser: 'Kari',
  entries: 4,
  minutes: 300,
  ids: ['11', '12', '13', '14'],
  people: [
    { name: 'Ola', entries: 3, minutes: 240, mapped: true },
    { name: 'Per', entries: 1, minutes: 60, mapped: false },
  ],
  blocked: [],
};
const preview = {
  mode: 'on-approval',
  waiting: { entries: 3, minutes: 270 },
  alreadySent: 1,
  unmapped: [{ name: 'Ola', minutes: 60 }],
  integrationUser: 'Kari',
  blocked: [{ busyEntryId: '9', label: 'Mon', reason: { messageKey: 'reasonX', substitutions: [] } }],
};
const flush = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe('content script answers', () => {
  it('cover exactly the requests a content script may make', () => {
    expect(Object.keys(answers.CONTENT_ANSWERS).sort()).toEqual(requestTypesFrom('content').sort());
  });

  it('accept the background’s whole answers (as the pages’ schemas do) and refuse what the content script could not read', () => {
    const cases: [keyof typeof answers.CONTENT_ANSWERS, unknown][] = [
      ['status/get', connected],
      ['status/get', { ...connected, tfso: { state: 'notLoggedIn', checkedAt: 'now', loginUrl: 'https://x/login' } }],
      ['sync/state', syncState],
      ['hours/preview', preview],
      ['hours/send', { sent: 2, updated: 0, failed: [], preview }],
      ['options/open', true],
      ['page/config', { approvalPaths: ['/approval/users/*'] }],
      ['hours/pending', pending],
      ['hours/sendPending', { sent: 4, updated: 0, failed: [], pending: { ...pending, entries: 0, minutes: 0, ids: [], people: [] } }],
      // Issue 17: each connection state with the fields its advice reads.
      ['status/get', { ...connected, busy: { state: 'tokenRefused', checkedAt: 'now' } }],
      ['status/get', { ...connected, tfso: { state: 'rateLimited', checkedAt: 'now', until: '2026-11-20T10:05:00Z' } }],
      ['status/get', { ...connected, tfso: { state: 'wrongTenant', checkedAt: 'now', clientName: 'Holding' } }],
      [
        'status/get',
        {
          ...connected,
          busy: {
            state: 'forbidden',
            checkedAt: 'now',
            error: { code: 'missing_scope', messageKey: 'errX', substitutions: ['users:read'] },
          },
        },
      ],
    ];
    for (const [type, data] of cases) {
      expect(responseSchema(type).safeParse(ok(data)).success, `${type}: a valid answer`).toBe(true);
      expect(answerSchema(answers.CONTENT_ANSWERS[type]).safeParse(ok(data)).success, type).toBe(true);
    }
    const broken: [keyof typeof answers.CONTENT_ANSWERS, unknown][] = [
      ['status/get', { ...connected, tfso: { state: 'connected', checkedAt: 'now' } }],
      ['status/get', { ...connected, busy: { state: 'asleep' } }],
      ['sync/state', { ...syncState, running: { done: '1', total: 2 } }],
      ['hours/preview', { ...preview, waiting: { entries: '3', minutes: 270 } }],
      ['hours/send', { sent: 2, failed: [{ label: 'x' }], preview }],
      ['options/open', false],
      ['hours/pending', { ...pending, ids: [11] }],
      ['hours/pending', { ...pending, people: [{ name: 'Ola', entries: 3, minutes: 240 }] }],
      ['page/config', { approvalPaths: '/approval/*' }],
      ['sync/state', { ...syncState, attention: [{ ...syncState.attention[0], severity: 'urgent' }] }],
      ['status/get', { ...connected, tfso: { state: 'wrongTenant', checkedAt: 'now', clientName: 7 } }],
    ];
    for (const [type, data] of broken) expect(answerSchema(answers.CONTENT_ANSWERS[type]).safeParse(ok(data)).success, type).toBe(false);
    expect(answerSchema(answers.CONTENT_ANSWERS['sync/state']).safeParse({ ok: false, error: { code: 'x' } }).success).toBe(false);
  });
});

describe('native messaging (no polyfill)', () => {
  it('resolves with the answer, and rejects on the polyfill’s rejection marker as the polyfill does', async () => {
    answer = () => ok(true);
    await expect(native.sendMessage({ type: 'options/open' })).resolves.toEqual(ok(true));
    answer = () => ({ __mozWebExtensionPolyfillReject__: true, message: 'handler failed' });
    await expect(native.sendMessage({ type: 'options/open' })).rejects.toThrow('handler failed');
  });
});

describe('the "send hours" control in plain DOM', () => {
  const view = { kind: 'user', userId: '5', from: '2026-11-16', to: '2026-11-22' } as const;
  const ofView = (v: typeof view | { kind: 'user'; userId: string; from: string; to: string }) => sendHours.viewSource(v);

  it('R23: shows the preview, keeps its button element across redraws, and ignores a scripted click', async () => {
    answer = (m) => (m.type === 'hours/preview' ? ok(preview) : ok({ sent: 3, updated: 0, failed: [], preview }));
    const control = sendHours.createSendHoursControl();
    control.show(ofView(view));
    expect(control.el.textContent).toContain('stateChecking');
    await flush();
    const waiting = control.el.querySelector('[data-testid="waiting"]')!;
    expect(waiting.getAttribute('data-entries')).toBe('3');
    // Plurals by Intl.PluralRules (issue 17): 3 → `_other`, 1 → `_one`.
    expect(waiting.textContent).toBe(
      `hoursWaiting_other(3,${(4.5).toLocaleString(undefined, { maximumFractionDigits: 2 })}) · hoursAlreadySent_one(1)`,
    );
    expect(control.el.querySelectorAll('[data-testid="unmapped"]').length).toBe(1);
    // What the mode does by itself (issue 17), before the button.
    expect(control.el.querySelector('[data-testid="mode-by-itself"]')!.textContent).toBe('controlOnApproval');
    expect(control.el.querySelector('[data-testid="blocked"]')!.textContent).toBe('Mon: reasonX');
    const button = control.el.querySelector<HTMLButtonElement>('#send-hours')!;
    expect(button.disabled).toBe(false);

    control.show(ofView({ ...view, from: '2026-11-23', to: '2026-11-29' }));
    await flush();
    expect(control.el.querySelector('#send-hours')).toBe(button);

    sent.length = 0;
    button.click();
    await flush();
    expect(sent.map((m) => m.type)).toEqual([]);
  });

  it('an answer that fails validation shows an error and nothing from it', async () => {
    answer = () => ok({ ...preview, waiting: { entries: 'many' } });
    const control = sendHours.createSendHoursControl();
    control.show(ofView(view));
    await flush();
    expect(control.el.querySelector('[role="alert"]')!.textContent).toMatch(/^errBadMessage\(/);
    expect(control.el.querySelector('[data-testid="waiting"]')).toBeNull();
  });
});

describe('the corner control (issue 14: the view cannot be read)', () => {
  it('shows what the background says is waiting, the people named and who has no 24SO user; a scripted click sends nothing', async () => {
    answer = (m) => (m.type === 'hours/pending' ? ok(pending) : ok({ sent: 4, updated: 0, failed: [], pending }));
    const c = corner.createCornerControl();
    c.refresh();
    await flush();
    expect(c.el.querySelector('[data-testid="waiting"]')!.getAttribute('data-entries')).toBe('4');
    const people = [...c.el.querySelectorAll('[data-testid="people"] li')].map((li) => li.textContent);
    expect(people[0]).toBe('personWaiting_other(Ola,3,4)');
    expect(c.el.querySelectorAll('[data-testid="unmapped"]').length).toBe(1);
    expect(c.el.querySelector('[data-testid="unmapped"]')!.textContent).toMatch(/^unmappedWarning\(1,Per,Kari\)/);
    sent.length = 0;
    c.el.querySelector<HTMLButtonElement>('#send-hours')!.click();
    await flush();
    expect(sent.map((m) => m.type)).toEqual([]);
  });

  it('a send names exactly the entries it showed', async () => {
    answer = (m) =>
      m.type === 'hours/pending'
        ? ok(pending)
        : ok({ sent: 4, updated: 0, failed: [], pending: { ...pending, entries: 0, ids: [], people: [] } });
    const source = sendHours.pendingSource();
    expect(source.send()).toBeNull(); // nothing shown yet: nothing to send
    await source.load();
    sent.length = 0;
    const res = await source.send();
    expect(sent).toEqual([{ type: 'hours/sendPending', busyEntryIds: ['11', '12', '13', '14'] }]);
    expect(res?.ok && res.data.sent).toBe(4);
    expect(source.send()).toBeNull(); // what came back is empty: nothing more to send
  });
});

describe('the status panel in plain DOM', () => {
  it('names both states, shows the sync panel only while both are connected, and keeps its buttons', async () => {
    vi.useFakeTimers();
    try {
      let status: unknown = connected;
      answer = (m) => (m.type === 'status/get' ? ok(status) : ok(syncState));
      const root = (g.document as Document).createElement('div');
      statusPanel.renderStatusPanel(root);
      await vi.advanceTimersByTimeAsync(0);
      expect(root.querySelector('[data-system="tfso"]')!.getAttribute('data-state')).toBe('connected');
      expect(root.querySelector('[data-system="tfso"]')!.textContent).toBe('systemTfso: tfsoConnectedAs(Kari,7,Fjordlys)');
      const button = root.querySelector<HTMLButtonElement>('#sync-projects')!;
      expect(button.disabled).toBe(false);
      // Per-kind results (issue 17): each kind its own line.
      expect(root.querySelector('[data-testid="result-project"]')!.textContent).toMatch(
        /^resultChanged\(kindProjects,countNew_other\(2\),/,
      );
      expect(root.querySelector('[data-testid="result-customer"]')!.textContent).toBe('resultNever(kindCustomers)');
      // Attention items: severity first, arguments that are messages said in the reader's words.
      expect(root.querySelector('[data-testid="warnings"]')!.textContent).toBe('severityActionwarnX(a,kindWordProject)');

      await vi.advanceTimersByTimeAsync(10_000);
      expect(root.querySelector('#sync-projects')).toBe(button);

      status = { ...connected, busy: { state: 'tokenRefused', checkedAt: 'now' } };
      await vi.advanceTimersByTimeAsync(10_000);
      const busy = root.querySelector('[data-system="busy"]')!;
      expect(busy.getAttribute('data-state')).toBe('tokenRefused');
      // A refused token is said so, with its way out (not "log in").
      expect(busy.textContent).toContain('adviceTokenRefused');
      expect(busy.querySelector('button')!.textContent).toBe('wayNewToken');
      expect(root.querySelector('[data-testid="sync-panel"]')).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });

  it('issue 17: before anything is fetched, one line says so; before the plan is confirmed, the buttons say they confirm it', async () => {
    const fresh = {
      ...syncState,
      planConfirmed: false,
      attention: [],
      kinds: syncState.kinds.map((k) => ({ ...k, at: null, changedAt: null, created: 0 })),
    };
    answer = (m) => (m.type === 'status/get' ? ok(connected) : ok(fresh));
    const root = (g.document as Document).createElement('div');
    statusPanel.renderStatusPanel(root);
    await flush();
    expect(root.querySelector('[data-testid="kind-results-none"]')!.textContent).toBe('nothingFetchedYet');
    expect(root.querySelector('[data-testid="kind-results"]')).toBeNull();
    expect(root.querySelector('[data-testid="fetch-confirms-plan"]')!.textContent).toBe('fetchConfirmsPlan');
  });

  it('issue 17: collapses to a pill and remembers it', async () => {
    answer = (m) => (m.type === 'status/get' ? ok(connected) : ok(syncState));
    const root = (g.document as Document).createElement('div');
    statusPanel.renderStatusPanel(root);
    await flush();
    root.querySelector<HTMLButtonElement>('button.collapse')!.click();
    expect(root.querySelector('[data-testid="busy24so-panel"]')).toBeNull();
    expect(root.querySelector('[data-testid="busy24so-panel-pill"]')).not.toBeNull();
    await flush();
    expect(fakeChrome.storage.local.data['ui.collapsed']).toEqual({ panel: true });
    // A new page starts collapsed.
    const again = (g.document as Document).createElement('div');
    statusPanel.renderStatusPanel(again);
    await flush();
    expect(again.querySelector('[data-testid="busy24so-panel"]')).toBeNull();
    again.querySelector<HTMLButtonElement>('[data-testid="busy24so-panel-pill"]')!.click();
    expect(again.querySelector('[data-testid="busy24so-panel"]')).not.toBeNull();
  });
});
