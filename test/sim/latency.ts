// Real-world latency for both simulators: every API/SOAP request (never `/_sim/*`) waits
// `delayMs + random(0..jitterMs)` ms of wall-clock time before it is handled. The wait comes before
// the work, so concurrent requests with jitter are also done in a random order, as against a real
// server. 0/0 (the default) costs nothing: no timer at all.
import { z } from 'zod';

export interface LatencySettings {
  delayMs: number;
  jitterMs: number;
}

export const LATENCY_DEFAULTS: LatencySettings = { delayMs: 0, jitterMs: 0 };

/** A setting in ms: an integer 0…60,000 (a minute is longer than any client timeout). */
export const latencyMs = z.number().int().min(0).max(60_000);

export function latency(s: LatencySettings): Promise<void> | undefined {
  const ms = s.delayMs + (s.jitterMs > 0 ? Math.floor(Math.random() * (s.jitterMs + 1)) : 0);
  return ms > 0 ? new Promise((r) => setTimeout(r, ms)) : undefined;
}
