import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseHTML } from 'linkedom';
import { CONTENT_SCRIPT_REQUESTS } from '../../utils/messages';
import { responseSchema } from '../../utils/ui-schemas';
import { answerSchema } from '../../utils/platform/ask';

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
    getMessage: (key: string, subs: string[] = []) => (subs.length ? `${key}(${subs.join(',')})` : key),
    getUILanguage: () => 'nb',
  },
};

let answers: typeof import('../../entrypoints/busy.content/answers');
let native: typeof import('../../utils/platform/native-browser');
let sendHours: typeof import('../../entrypoints/busy.content/send-hours');
let statusPanel: typeof import('../../entrypoints/busy.content/status-panel');
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
  last: { projects: { trigger: 'projects', startedAt: '2026-11-20T10:00:00Z', finishedAt: '2026-11-20T10:01:00Z', ok: true, counts: { 'project.busy.created': 2 }, error: null } },
  warnings: [{ key: 'w1', messageKey: 'warnX', substitutions: ['a'], createdAt: 'now' }],
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
    expect(Object.keys(answers.CONTENT_ANSWERS).sort()).toEqual([...CONTENT_SCRIPT_REQUESTS].sort());
  });

  it('accept the background’s whole answers (as the pages’ schemas do) and refuse what the content script could not read', () => {
    const cases: [keyof typeof answers.CONTENT_ANSWERS, unknown][] = [
      ['status/get', connected],
      ['status/get', { ...connected, tfso: { state: 'notLoggedIn', checkedAt: 'now', loginUrl: 'https://x/login' } }],
      ['sync/state', syncState],
      ['hours/preview', preview],
      ['hours/send', { sent: 2, updated: 0, failed: [], preview }],
      ['options/open', true],
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

  it('R23: shows the preview, keeps its button element across redraws, and ignores a scripted click', async () => {
    answer = (m) => (m.type === 'hours/preview' ? ok(preview) : ok({ sent: 3, updated: 0, failed: [], preview }));
    const control = sendHours.createSendHoursControl();
    control.show(view);
    expect(control.el.textContent).toContain('stateChecking');
    await flush();
    const waiting = control.el.querySelector('[data-testid="waiting"]')!;
    expect(waiting.getAttribute('data-entries')).toBe('3');
    expect(waiting.textContent).toBe(`hoursWaiting(3,${(4.5).toLocaleString(undefined, { maximumFractionDigits: 2 })}) · hoursAlreadySent(1)`);
    expect(control.el.querySelectorAll('[data-testid="unmapped"]').length).toBe(1);
    expect(control.el.querySelector('[data-testid="blocked"]')!.textContent).toBe('Mon: reasonX');
    const button = control.el.querySelector<HTMLButtonElement>('#send-hours')!;
    expect(button.disabled).toBe(false);

    control.show({ ...view, from: '2026-11-23', to: '2026-11-29' });
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
    control.show(view);
    await flush();
    expect(control.el.querySelector('[role="alert"]')!.textContent).toMatch(/^errBadMessage\(/);
    expect(control.el.querySelector('[data-testid="waiting"]')).toBeNull();
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
      expect(root.querySelector('[data-testid="last-projects"]')!.getAttribute('data-ok')).toBe('true');
      expect(root.querySelector('[data-testid="warnings"]')!.textContent).toBe('warnX(a)');

      await vi.advanceTimersByTimeAsync(10_000);
      expect(root.querySelector('#sync-projects')).toBe(button);

      status = { ...connected, busy: { state: 'notLoggedIn', checkedAt: 'now', loginUrl: 'https://app.busy.no/login' } };
      await vi.advanceTimersByTimeAsync(10_000);
      expect(root.querySelector('[data-system="busy"]')!.getAttribute('data-state')).toBe('notLoggedIn');
      expect(root.querySelector('[data-testid="sync-panel"]')).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });
});
