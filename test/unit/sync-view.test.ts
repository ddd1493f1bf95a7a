import { describe, expect, it, vi } from 'vitest';

vi.mock('wxt/browser', () => ({
  browser: { i18n: { getMessage: (key: string, subs: string[] = []) => (subs.length ? `${key}(${subs.join('|')})` : key), getUILanguage: () => 'nb' } },
}));

const { runLine } = await import('../../components/sync-view');

// Issue 15: a run paused for the request budget is waiting, not failed: the line beside a fetch
// button (popup and the Busy page's panel alike) says until when, and when it is expected done.

describe('the run line (issue 15)', () => {
  const base = { startedAt: '2026-11-20T10:00:00Z', finishedAt: '2026-11-20T10:20:00Z', counts: {}, error: null };

  it('a paused run shows "waiting until" and its expected end, not a failure', () => {
    const line = runLine({ ...base, ok: null, pausedUntil: '2026-11-20T11:00:00Z', etaAt: '2026-11-20T15:30:00Z' });
    expect(line).toMatch(/^runPaused\(.+\) · runEta\(.+\)$/);
    expect(line).not.toMatch(/lastRunFailed/);
    expect(runLine({ ...base, ok: null, pausedUntil: '2026-11-20T11:00:00Z' })).toMatch(/^runPaused\([^)]+\)$/);
  });

  it('a failed run still shows as failed; a finished one as done', () => {
    expect(runLine({ ...base, ok: false, error: { messageKey: 'errUnexpected', substitutions: [] } })).toMatch(/^lastRunFailed/);
    expect(runLine({ ...base, ok: true })).toMatch(/^lastRun\(/);
  });
});
