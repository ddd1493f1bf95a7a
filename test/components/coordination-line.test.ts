import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseHTML } from 'linkedom';

// The popup's line about which browser runs the schedule (the lead's coordination, issue 13), as
// it will show once the sync state carries it: the runner named with its heartbeat, and "Take
// over" only behind a confirmation that warns two browsers must not both run the schedule.

const sent: { type: string }[] = [];
const g = globalThis as Record<string, unknown>;
const saved = { chrome: g.chrome, document: g.document, window: g.window };
let preact: typeof import('preact');
let line: typeof import('../../components/CoordinationLine');

beforeAll(async () => {
  const { document, window } = parseHTML('<!doctype html><html><body><div id="app"></div></body></html>');
  g.document = document;
  g.window = window;
  g.chrome = {
    runtime: {
      id: 'test',
      getURL: (p: string) => p,
      sendMessage: async (m: { type: string }) => {
        sent.push(m);
        return { ok: false, error: { code: 'not_available_yet', messageKey: 'errNotAvailableYet', substitutions: [] } };
      },
      onMessage: { addListener() {}, removeListener() {}, hasListener: () => false },
    },
    i18n: { getMessage: (k: string, s: string[] = []) => (s.length ? `${k}(${s.join('|')})` : k), getUILanguage: () => 'en' },
  };
  preact = await import('preact');
  line = await import('../../components/CoordinationLine');
});
afterAll(() => Object.assign(g, saved));

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('the coordination line', () => {
  it('standing by: names the runner, its start and last heartbeat; "take over" asks first, warns, and shows the answer', async () => {
    const root = (g.document as Document).getElementById('app')!;
    const c = {
      role: 'standby' as const,
      thisLabel: 'Firefox · Ola',
      runner: {
        label: 'Chrome · Kari N.',
        since: new Date(Date.now() - 3600_000).toISOString(),
        heartbeatAt: new Date(Date.now() - 60_000).toISOString(),
      },
    };
    preact.render(preact.h(line.CoordinationLine, { c, onChanged: () => undefined }), root);
    await flush();
    const text = root.textContent ?? '';
    expect(text).toMatch(/^coordRunsIn\(Chrome · Kari N\.\|\d{2}:\d{2}( [AP]M)?\|1 minute ago\) coordStandingBy/);
    expect(root.querySelector('.confirm')).toBeNull();
    (root.querySelector('button') as HTMLButtonElement).click();
    await flush();
    expect(root.querySelector('.confirm')!.textContent).toContain('coordTakeOverWarning(Chrome · Kari N.)');
    expect(sent).toEqual([]);
    (root.querySelector('.confirm button.primary') as HTMLButtonElement).click();
    await flush();
    await flush();
    expect(sent).toEqual([{ type: 'coordination/takeOver' }]);
    expect(root.querySelector('[role="alert"]')!.textContent).toContain('errNotAvailableYet');
    preact.render(null, root);
  });

  it('the runner says so; alone (or unknown) says nothing', async () => {
    const root = (g.document as Document).getElementById('app')!;
    preact.render(
      preact.h(line.CoordinationLine, { c: { role: 'runner', thisLabel: 'Chrome · Kari N.', runner: null }, onChanged: () => undefined }),
      root,
    );
    await flush();
    expect(root.textContent).toBe('coordRunsHere(Chrome · Kari N.) ');
    for (const role of ['alone', 'unknown'] as const) {
      preact.render(preact.h(line.CoordinationLine, { c: { role, thisLabel: 'x', runner: null }, onChanged: () => undefined }), root);
      await flush();
      expect(root.textContent).toBe('');
    }
    preact.render(null, root);
  });
});
