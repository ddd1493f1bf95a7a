import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { listUsers } from '../../utils/busy/users';
import { RateLimitedError } from '../../utils/core/errors';
import type { Status } from '../../utils/domain/connection-state';
import { defaultSettings, type Settings } from '../../utils/domain/settings';
import { createRunContext } from '../../utils/services/run-context';
import { createIdbStore } from '../../utils/store';
import { RunBase } from '../../utils/sync/run-base';
import { caught, fakeHttp } from '../support/http-fakes';

// Issue 16: one run context for the sync, the hour transfer and the pages: one Busy client per
// background, so a rate-limit pause one run meets holds for every other run and question.

const URLS = {
  tfsoApi: 'https://api.24so.test',
  tfsoWebservices: 'https://ws.24so.test',
  busyApi: 'https://api.busy.test/v2',
  busyWeb: 'https://app.busy.test',
};
const settings: Settings = { ...defaultSettings(URLS), busy: { token: 'tok' } };
const status: Status = {
  tfso: { state: 'connected', checkedAt: 'now', who: { name: 'I', contactId: 1, clientId: 2, clientName: 'C', identityId: 'i' } },
  busy: { state: 'connected', checkedAt: 'now', who: { label: 'busy', via: 'token' } },
};
const usersPage = () => new Response(JSON.stringify({ data: [] }), { status: 200, headers: { 'content-type': 'application/json' } });

function world() {
  const busyCalls: string[] = [];
  const f = fakeHttp((req) => {
    busyCalls.push(req.url);
    // the first Busy request meets Busy's rate limit: come back in two minutes
    return busyCalls.length === 1 ? new Response('slow down', { status: 429, headers: { 'retry-after': '120' } }) : usersPage();
  });
  const store = createIdbStore(`run-context-${Math.random()}`);
  const run = createRunContext({
    store: () => store,
    settings: { get: async () => settings, save: async () => undefined },
    http: f.http,
    now: () => new Date('2026-03-02T08:00:00Z'),
    sleep: async () => undefined,
  });
  return { run, busyCalls };
}

describe('one run context (issue 16)', () => {
  it('one Busy client per background: every run and page question gets the same one, made again only when the way in changes', async () => {
    const { run } = world();
    expect(run.busy(settings, status)).toBe(run.busy(settings, status));
    expect((await run.engine(settings, status, 'click')).busy).toBe(run.busy(settings, status));
    const viaSession: Status = { ...status, busy: { state: 'connected', checkedAt: 'now', who: { label: 'busy', via: 'session' } } };
    expect(run.busy(settings, viaSession)).not.toBe(run.busy(settings, status));
  });

  it('a 429 seen by one run pauses another: the second sends nothing until the pause is over', async () => {
    const { run, busyCalls } = world();
    const first = new RunBase(await run.engine(settings, status, 'push'));
    const second = new RunBase(await run.engine(settings, status, 'daily'));
    expect(await caught(listUsers(first.busy))).toBeInstanceOf(RateLimitedError);
    expect(busyCalls).toHaveLength(1);
    const e = await caught(listUsers(second.busy));
    expect(e).toBeInstanceOf(RateLimitedError);
    expect(busyCalls).toHaveLength(1); // held by the pause the first run met, without a request
    expect([first.requests.busy, second.requests.busy]).toEqual([1, 0]);
  });

  it('a page question outside any run is held by the same pause', async () => {
    const { run, busyCalls } = world();
    const runs = new RunBase(await run.engine(settings, status, 'click'));
    await caught(listUsers(runs.busy));
    expect(await caught(listUsers(run.outsideRuns(settings, status).busy))).toBeInstanceOf(RateLimitedError);
    expect(busyCalls).toHaveLength(1);
  });

  it('the user choices are merged once: the plan’s answers, then the user list’s (which win)', () => {
    const { run } = world();
    const s: Settings = {
      ...settings,
      userOverrides: { '7': null },
      plan: { confirmed: true, decisions: { 'user:busy:5': { pick: '50' }, 'user:busy:7': { pick: '70' } } },
    };
    expect(run.userOverrides(s)).toEqual({ '5': 50, '7': null });
  });
});
