import { describe, expect, it } from 'vitest';
import {
  BudgetPausedError,
  CLICK_ALLOWANCE,
  Pacer,
  PACER_META_KEY,
  RESERVATION_BLOCK,
  asBudgetPause,
  estimateEnd,
  priorityOfTrigger,
  type PacerConfig,
} from '../../utils/pacer';
import { RateLimitedError } from '../../utils/core/errors';
import type { HeaderReader } from '../../utils/core/http';
import type { SyncStore } from '../../utils/store/types';

// Issue 15, the request budget, unit by unit (the same rules over HTTP against the simulators:
// test/resilience/budget.test.ts). A fake clock that `sleep` moves, an in-memory meta store.

const T0 = Date.parse('2026-03-02T10:00:00Z');
const HOUR = 3_600_000;

function world(config: Partial<PacerConfig> = {}, meta = new Map<string, unknown>()) {
  let now = T0;
  const slept: number[] = [];
  const store = {
    meta: {
      get: async (k: string) => meta.get(k),
      put: async (k: string, v: unknown) => {
        meta.set(k, JSON.parse(JSON.stringify(v)));
      },
    },
  } as Pick<SyncStore, 'meta'>;
  const make = () =>
    new Pacer({
      store: async () => store,
      now: () => new Date(now),
      sleep: async (ms) => {
        slept.push(ms);
        now += ms;
      },
      config: { tfsoLimitPerHour: 100, tfsoSharePerHour: 50, maxWaitMs: 20_000, ...config },
    });
  return {
    meta,
    slept,
    make,
    pacer: make(),
    get now() {
      return now;
    },
    set now(v: number) {
      now = v;
    },
  };
}

const headers = (h: Record<string, string>): HeaderReader => ({ get: (n) => h[n.toLowerCase()] ?? null });
/** A 24SO answer as the simulator sends it (its clock = ours here). */
const tfsoAnswer = (remaining: number, reset: number, date = T0) => ({
  status: 200,
  headers: headers({
    apilimitremaining: String(remaining),
    apilimitreset: new Date(reset).toISOString(),
    date: new Date(date).toUTCString(),
  }),
});
const plain = { status: 200, headers: headers({}) };

/** Sends `n` requests through a gate, answering each with `answer(i)`; returns how many went. */
async function send(
  gate: (op: string) => Promise<(a: { status: number; headers: HeaderReader } | null) => void>,
  n: number,
  answer: (i: number) => { status: number; headers: HeaderReader } | null,
) {
  let sent = 0;
  for (let i = 0; i < n; i++) {
    const done = await gate('Op');
    sent++;
    done(answer(i));
  }
  return sent;
}

describe('the 24SO budget (issue 15)', () => {
  it('server truth first: stops when APILimitRemaining is down to what the share leaves for the others, and waits until APILimitReset', async () => {
    const w = world(); // limit 100, share 50: others keep 50
    const run = w.pacer.run('click');
    const reset = T0 + 30 * 60_000;
    let remaining = 100;
    // 50 go (the server counts them down to 50), the 51st would eat into the others' half.
    expect(await send(run.gate('tfso'), 50, () => tfsoAnswer(--remaining, reset))).toBe(50);
    const err = await run
      .gate('tfso')('Op')
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(BudgetPausedError);
    expect((err as BudgetPausedError).resumeAt.getTime()).toBe(reset);
    expect((err as BudgetPausedError).system).toBe('tfso');
    expect((err as BudgetPausedError).code).toBe('budget_paused');
    // After the reset the run goes on; within the bound it sleeps instead of pausing.
    w.now = reset - 5_000;
    const done = await run.gate('tfso')('Op');
    expect(w.slept.at(-1)).toBe(5_000);
    done(tfsoAnswer(99, reset + HOUR, reset));
  });

  it("the reset is read in the server's time (its Date header), so a skewed local clock waits as long as the server means", async () => {
    const w = world();
    const run = w.pacer.run('click');
    const serverNow = T0 + 7 * 24 * HOUR; // the server's clock is a week ahead of ours
    await send(run.gate('tfso'), 1, () => tfsoAnswer(50, serverNow + 10 * 60_000, serverNow));
    const err = (await run
      .gate('tfso')('Op')
      .then(
        () => null,
        (e: unknown) => e,
      )) as BudgetPausedError;
    expect(err.resumeAt.getTime()).toBe(T0 + 10 * 60_000);
  });

  it('without the headers, the local count keeps to the share over a sliding hour, and says when the oldest minute leaves it', async () => {
    const w = world({ tfsoSharePerHour: 30 });
    const run = w.pacer.run('click');
    expect(await send(run.gate('tfso'), 20, () => plain)).toBe(20);
    w.now += 10 * 60_000;
    expect(await send(run.gate('tfso'), 10, () => plain)).toBe(10);
    const err = (await run
      .gate('tfso')('Op')
      .then(
        () => null,
        (e: unknown) => e,
      )) as BudgetPausedError;
    expect(err).toBeInstanceOf(BudgetPausedError);
    // The first 20 were sent in minute 0: they leave the 61-minute window at minute 61.
    expect(err.resumeAt.getTime()).toBe(T0 + 61 * 60_000);
    w.now = T0 + 61 * 60_000;
    expect(await send(run.gate('tfso'), 20, () => plain)).toBe(20);
    expect(
      await run
        .gate('tfso')('Op')
        .then(
          () => 'sent',
          () => 'paused',
        ),
    ).toBe('paused');
  });

  it('a new server window counts from the limit again, less what we sent since its start', async () => {
    const w = world();
    const run = w.pacer.run('click');
    const reset = T0 + 15_000;
    await send(run.gate('tfso'), 1, () => tfsoAnswer(50, reset)); // at the others' line already
    expect(
      await run
        .gate('tfso')('Op')
        .then(
          () => 'sent',
          () => 'paused',
        ),
    ).toBe('sent'); // 15 s: slept
    expect(w.now).toBe(reset);
    // No answer since the reset: the limit, less the two sent in the minute of the reset (that
    // minute counts whole: the first one may have reached the new window too).
    const v = await w.pacer.view();
    expect(v.tfso).toMatchObject({ mode: 'server', left: 98 });
  });

  it('R7/R9/R20 priorities: with the share nearly spent, a click (the hour transfer) still goes, the daily run waits; each leaves its reserve', async () => {
    const w = world({ tfsoLimitPerHour: 100, tfsoSharePerHour: 100 });
    const reset = T0 + 45 * 60_000;
    let remaining = 100;
    const answer = () => tfsoAnswer(--remaining, reset);
    // daily may spend down to 40 % of the share left, hourly 25 %, push 10 %, a click all of it.
    expect(await sendUntilPaused(w.pacer.run('daily').gate('tfso'), answer)).toBe(60);
    expect(await sendUntilPaused(w.pacer.run('hourly').gate('tfso'), answer)).toBe(15);
    expect(await sendUntilPaused(w.pacer.run('push').gate('tfso'), answer)).toBe(15);
    expect(await sendUntilPaused(w.pacer.run('click').gate('tfso'), answer)).toBe(10);
    expect(remaining).toBe(0); // the share is the whole limit here: never past it (no quarantine)
    expect(await w.pacer.run('daily').canSpend('tfso', 1)).toEqual({ ok: false, room: 0, until: new Date(reset) });
  });

  it('work that does not fit waits in order: a click that comes later goes before a daily run that waits', async () => {
    const w = world({ tfsoLimitPerHour: 10, tfsoSharePerHour: 10 });
    const reset = T0 + 10_000;
    let remaining = 10;
    await send(w.pacer.run('click').gate('tfso'), 10, () => tfsoAnswer(--remaining, reset));
    // Both wait for the reset (10 s, within the bound); the click goes first though it asked last.
    const order: string[] = [];
    let release!: () => void;
    const sleeping = new Promise<void>((r) => {
      release = r;
    });
    const p2 = new Pacer({
      store: async () => ({ meta: { get: async () => undefined, put: async () => undefined } }),
      now: () => new Date(w.now),
      sleep: () => sleeping,
      config: { tfsoLimitPerHour: 10, tfsoSharePerHour: 10, maxWaitMs: 20_000 },
    });
    // Bring the second pacer to the same state: the server says 0 left until the reset.
    const g = p2.essentialGate('tfso');
    (await g('Op'))(tfsoAnswer(0, reset));
    const daily = p2
      .run('daily')
      .gate('tfso')('Op')
      .then(() => order.push('daily'));
    await Promise.resolve();
    const click = p2
      .run('click')
      .gate('tfso')('Op')
      .then(() => order.push('click'));
    w.now = reset;
    release();
    await Promise.all([daily, click]);
    expect(order).toEqual(['click', 'daily']);
  });

  it('what was spent survives a restart (a new pacer on the same store): written ahead, never less than what went', async () => {
    const w = world({ tfsoSharePerHour: 30 });
    const run = w.pacer.run('click');
    await send(run.gate('tfso'), 7, () => plain);
    const saved = w.meta.get(PACER_META_KEY) as { tfsoMinutes: [number, number][] };
    const savedCount = saved.tfsoMinutes.reduce((n, [, c]) => n + c, 0);
    expect(savedCount).toBeGreaterThanOrEqual(7);
    expect(savedCount).toBeLessThanOrEqual(7 + RESERVATION_BLOCK);
    const again = w.make(); // the worker restarted
    expect((await again.view()).tfso.spentLastHour).toBe(savedCount);
    const sent = await sendUntilPaused(again.run('click').gate('tfso'), () => plain);
    expect(7 + sent).toBeLessThanOrEqual(30);
  });

  it('the server view survives a restart too: a worker started after "0 left" does not knock', async () => {
    const w = world({ tfsoLimitPerHour: 10, tfsoSharePerHour: 10 });
    const reset = T0 + 40 * 60_000;
    let remaining = 10;
    await send(w.pacer.run('click').gate('tfso'), 10, () => tfsoAnswer(--remaining, reset));
    const again = w.make();
    const err = (await again
      .run('click')
      .gate('tfso')('Op')
      .then(
        () => null,
        (e: unknown) => e,
      )) as BudgetPausedError;
    expect(err).toBeInstanceOf(BudgetPausedError);
    expect(err.resumeAt.getTime()).toBe(reset);
  });

  it('a stored value that does not fit is set aside (the budget starts afresh), not a crash', async () => {
    const w = world({}, new Map([[PACER_META_KEY, { v: 1, tfsoMinutes: 'nonsense' }]]));
    expect((await w.pacer.view()).tfso.spentLastHour).toBe(0);
    expect(await send(w.pacer.run('click').gate('tfso'), 1, () => plain)).toBe(1);
  });

  it('a click that turns into bulk work goes on at "hourly" after CLICK_ALLOWANCE requests', async () => {
    const w = world({ tfsoLimitPerHour: 10_000, tfsoSharePerHour: 10_000 });
    const run = w.pacer.run('click');
    expect(run.priority('tfso')).toBe('click');
    await send(run.gate('tfso'), CLICK_ALLOWANCE, () => plain);
    expect(run.priority('tfso')).toBe('hourly');
    expect(run.priority('busy')).toBe('click');
    expect(priorityOfTrigger('projects')).toBe('click');
    expect(['push', 'incremental', 'full'].map(priorityOfTrigger)).toEqual(['push', 'hourly', 'daily']);
  });

  it('"may I spend about N more requests now?" answers with the room and when more comes', async () => {
    const w = world({ tfsoLimitPerHour: 100, tfsoSharePerHour: 100 });
    const reset = T0 + 20 * 60_000;
    await send(w.pacer.run('click').gate('tfso'), 1, () => tfsoAnswer(80, reset));
    const daily = w.pacer.run('daily');
    expect(await daily.canSpend('tfso', 40)).toEqual({ ok: true, room: 40, until: null });
    expect(await daily.canSpend('tfso', 41)).toEqual({ ok: false, room: 40, until: new Date(reset) });
    expect((await daily.canSpend('busy', 1000)).ok).toBe(true);
  });
});

describe("Busy's rate limit, shared by the installation (issue 15)", () => {
  it('a 429 seen by one run pauses every other: a long Retry-After stops them before they send, a short one is slept through', async () => {
    const w = world();
    const a = w.pacer.run('click');
    const b = w.pacer.run('daily');
    (await a.gate('busy')('GET /projects'))({ status: 429, headers: headers({ 'retry-after': '120' }) });
    const err = (await b
      .gate('busy')('GET /clients')
      .then(
        () => null,
        (e: unknown) => e,
      )) as BudgetPausedError;
    expect(err).toBeInstanceOf(BudgetPausedError);
    expect(err.system).toBe('busy');
    expect(err.resumeAt.getTime()).toBe(T0 + 120_000);
    w.now += 110_000;
    await b.gate('busy')('GET /clients');
    expect(w.slept.at(-1)).toBe(10_000);
  });

  it('a request sent after the 429 and accepted (a connection check) ends the pause early; one sent before it does not', async () => {
    const w = world();
    const a = w.pacer.run('click');
    const earlier = await a.gate('busy')('GET /users'); // sent before the 429 arrives
    (await a.gate('busy')('GET /projects'))({ status: 429, headers: headers({ 'retry-after': '900' }) });
    earlier(plain); // its 200 says nothing about the pause
    const b = w.pacer.run('daily');
    await expect(b.gate('busy')('GET /clients')).rejects.toBeInstanceOf(BudgetPausedError);
    w.now += 1_000;
    const check = w.pacer.observe(async () => ({ status: 200, headers: headers({}), text: async () => '' }));
    await check('https://api.busy.example/v2/users/', { method: 'GET', headers: {} });
    await b.gate('busy')('GET /clients'); // goes at once
    expect(w.slept).toEqual([]);
  });

  it('RateLimit-Remaining 0 holds every client until RateLimit-Reset, without a 429', async () => {
    const w = world();
    (await w.pacer.run('click').gate('busy')('GET /tags'))({
      status: 200,
      headers: headers({ 'ratelimit-limit': '100', 'ratelimit-remaining': '0', 'ratelimit-reset': '7' }),
    });
    await w.pacer.run('push').gate('busy')('GET /projects');
    expect(w.slept).toEqual([7_000]);
  });

  it("a Busy RateLimitedError is a pause for a run with a pacer; 24SO's quarantine is not", () => {
    const now = new Date(T0);
    const busy = asBudgetPause(new RateLimitedError('busy', 90_000, { until: new Date(T0 + 90_000) }), now);
    expect(busy?.resumeAt.getTime()).toBe(T0 + 90_000);
    expect(asBudgetPause(new RateLimitedError('tfso', 90_000, { until: new Date(T0 + 90_000) }), now)).toBeNull();
    expect(asBudgetPause(new Error('x'), now)).toBeNull();
  });
});

describe('the estimate of when a long run ends (issue 15)', () => {
  it('its own pace when 24SO has room; otherwise the windows it takes', () => {
    const now = T0;
    expect(
      estimateEnd({ now, msPerRequest: 10, left: { tfso: 100, busy: 100 }, tfso: { room: 500, perHour: 2160, windowEnd: now + HOUR } }),
    ).toBe(now + 2000);
    // 10,000 more than the room: the rest of this window, then 4 full hours and a part of a fifth.
    const end = estimateEnd({
      now,
      msPerRequest: 10,
      left: { tfso: 10_000, busy: 0 },
      tfso: { room: 1360, perHour: 2160, windowEnd: now + 30 * 60_000 },
    });
    expect(end).toBe(now + 30 * 60_000 + 3 * HOUR + (8640 - 3 * 2160) * 10);
  });
});

async function sendUntilPaused(
  gate: (op: string) => Promise<(a: { status: number; headers: HeaderReader } | null) => void>,
  answer: () => { status: number; headers: HeaderReader },
): Promise<number> {
  let n = 0;
  for (;;) {
    try {
      const done = await gate('Op');
      n++;
      done(answer());
    } catch (e) {
      if (e instanceof BudgetPausedError) return n;
      throw e;
    }
    if (n > 10_000) throw new Error('never paused');
  }
}
