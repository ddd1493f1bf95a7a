// The import with a real-world delay on every request (issue 15): both simulators wait `delayMs`
// (wall clock) before handling each API/SOAP request, as a server across the internet answers no
// sooner than its round trip. The engine's import is measured against its own floor replayed at the
// same delay: the same requests, from the same seed, through the same client, one at a time (the
// goal: engine/floor ≤ 1.3) and with the engine's own overlap rule (READ_AHEAD reads in flight,
// every write alone; printed beside it). At 80 ms the one-at-a-time floor is ~80 ms × requests:
// what a client that never overlaps would need; the engine overlaps its reads, so it is below it.
import { runSync } from '../../utils/sync/engine';
import { READ_AHEAD } from '../../utils/sync/ahead';
import { replay, startBenchWorld, type LoggedRequest } from './world';

export interface DelayResult {
  n: number;
  seed: string;
  delayMs: number;
  import: { ms: number; requests: { tfso: number; busy: number; total: number } };
  floor: {
    sequential: { ms: number; statusMismatches: number };
    overlapped: { depth: number; ms: number; statusMismatches: number } | null;
    requests: number;
  };
  /** Engine / the floor one request at a time (the goal ≤ 1.3), and / the floor at the engine's overlap. */
  engineOverFloor: number;
  engineOverOverlappedFloor: number | null;
  /** Wall time of the import per request. */
  msPerRequest: number;
}

export async function measureDelay(n: number, delayMs: number, o: { overlapped: boolean }, say: (s: string) => void): Promise<DelayResult> {
  const seed = `large:${n}` as const;
  const w = await startBenchWorld(seed);
  try {
    await w.sims({ cmd: 'delay', ms: delayMs });
    await w.login(); // a fresh session after the switch (its own requests are not measured)
    const log: LoggedRequest[] = [];
    w.record = (r) => {
      log.push(r);
    };
    say(`delay large:${n}: the import with ${delayMs} ms on every request`);
    const t0 = performance.now();
    const s = await runSync(w.deps, 'full');
    const ms = performance.now() - t0;
    w.record = null;
    if (!s.ok) throw new Error(`delay import large:${n} failed: ${s.error?.code}: ${s.error?.message}`);
    log.sort((a, b) => a.at - b.at);
    const again = async () => {
      await w.sims({ cmd: 'reseed' });
      await w.login();
    };
    await again();
    say(`delay large:${n}: floor, ${log.length} requests one at a time at ${delayMs} ms (~${Math.round((log.length * delayMs) / 1000)} s)`);
    const sequential = await replay(w.fetch, log, 1);
    let overlapped: DelayResult['floor']['overlapped'] = null;
    if (o.overlapped) {
      await again();
      say(`delay large:${n}: floor, ${READ_AHEAD} reads in flight`);
      overlapped = { depth: READ_AHEAD, ...(await replay(w.fetch, log, READ_AHEAD)) };
    }
    const total = s.requests.tfso + s.requests.busy;
    return {
      n,
      seed,
      delayMs,
      import: { ms, requests: { ...s.requests, total } },
      floor: { sequential, overlapped, requests: log.length },
      engineOverFloor: ms / sequential.ms,
      engineOverOverlappedFloor: overlapped ? ms / overlapped.ms : null,
      msPerRequest: ms / total,
    };
  } finally {
    await w.close();
  }
}
