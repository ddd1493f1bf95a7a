// Issue 13, the popup's coordination line: the popup reloads its state each time the background
// says something changed, and the state asks Busy in the background who runs the schedule when
// it knows nobody. That answer must reach the popup only when it differs; telling it always made
// every reload ask again, a loop that held Chromium's extension process at full CPU on a fresh
// install (no connection: the answer stays "unknown" for ever).
import { describe, expect, it } from 'vitest';
import { createSyncService, sameRunnerView, type SyncServiceDeps } from '../../utils/services/sync';
import type { RunnerService } from '../../utils/services/runner';
import type { RunnerView } from '../../utils/coordination/coordination';

type Seen = RunnerView & { checkedAt: string };

function world(answer: (n: number) => Seen) {
  let seen: Seen | null = null;
  let asked = 0;
  let changed = 0;
  let now = new Date('2026-12-06T10:00:00Z');
  const runner = {
    async isRunner() {
      seen = { ...answer(++asked), checkedAt: now.toISOString() };
      return seen.role === 'runner';
    },
    async lastView() {
      return seen;
    },
  } as unknown as RunnerService;
  const store = { runs: { lastByTrigger: async () => ({}), recent: async () => [] }, warnings: { open: async () => [] } };
  const deps = {
    store: async () => store,
    now: () => now,
    sleep: async () => undefined,
    onChanged: () => void changed++,
    runner,
  } as unknown as SyncServiceDeps;
  const sync = createSyncService(deps);
  // The popup: a state() now, and again after every change it is told of (bounded here).
  const popup = async () => {
    for (let i = 0; i < 50; i++) {
      const before = changed;
      await sync.state();
      await new Promise((r) => setTimeout(r, 5));
      if (changed === before) break;
    }
  };
  const later = (ms: number) => void (now = new Date(now.getTime() + ms));
  return { popup, later, counts: () => ({ asked, changed }) };
}

const view = (role: RunnerView['role'], runnerId: string | null): Seen =>
  ({
    role,
    me: { installation: 'me', session: 's', label: 'Chromium' },
    runner: runnerId
      ? { id: runnerId, label: 'Firefox', since: '2026-12-06T09:00:00Z', heartbeatAt: '2026-12-06T09:59:00Z', silentForMs: 0 }
      : null,
    checkedAt: '2026-12-06T10:00:00Z',
  }) as unknown as Seen;

describe('issue 13: the coordination line asks Busy without a loop', () => {
  it('an answer that stays "unknown" is asked once and never told to the popup again', async () => {
    const w = world(() => view('unknown', null));
    await w.popup();
    await w.popup();
    // "Unknown" shows no line, as "nothing known" showed none: the popup is not told.
    expect(w.counts()).toEqual({ asked: 1, changed: 0 });
    // Half a minute later it is asked again; the same answer is still not told.
    w.later(31_000);
    await w.popup();
    expect(w.counts()).toEqual({ asked: 2, changed: 0 });
  });

  it('a new runner reaches the popup (so the check above could fail the other way)', async () => {
    const w = world((n) => (n === 1 ? view('unknown', null) : view('standby', 'other')));
    await w.popup();
    w.later(31_000);
    await w.popup();
    expect(w.counts()).toEqual({ asked: 2, changed: 1 });
    expect(sameRunnerView(view('unknown', null), view('standby', 'other'))).toBe(false);
    expect(sameRunnerView(view('standby', 'other'), view('standby', 'other'))).toBe(true);
  });
});
