// The Busy simulator's switches: set at start (`startBusySim` options), at run time
// (`POST /_sim/config`, read back with `GET /_sim/config`), or all real-world ones at once
// (`npm run sim -- --real-like`). Defaults keep the simulator as it always was.
import { z } from 'zod';
import { LATENCY_DEFAULTS, latencyMs, type LatencySettings } from '../latency.js';
import { DEFAULT_RATE_LIMIT, type RateLimitConfig } from './ratelimit.js';

export interface BusySettings extends LatencySettings {
  /** The API's fixed-window rate limit (`RateLimit-*` headers, 429). */
  rateLimit: RateLimitConfig;
  /**
   * Serve the task-assignee writes no public spec has (`POST /v2/tasks/{taskId}/users`,
   * `DELETE /v2/tasks/{taskId}/users/{userId}`) and declare them in `/v2/openapi.json` (default
   * true). false = 404 problem+json, as for any unknown route.
   */
  assumedOps: boolean;
  /** Users the seed marks `emailless` are served with `"email": ""`, as the real Busy does (default false). */
  emptyEmails: boolean;
  /** Paths only as the public OpenAPI spells them (collections with a trailing slash); others 404 (default false: both). */
  strictPaths: boolean;
  /** The web app's pages without our invented markup (ids, data-*, `busy:navigated`) (default false). */
  plainMarkup: boolean;
  /** The API token's scopes; null = all (default). An operation whose spec security needs more answers 403. */
  tokenScopes: string[] | null;
}

export const BUSY_DEFAULTS: BusySettings = {
  rateLimit: { ...DEFAULT_RATE_LIMIT },
  assumedOps: true,
  emptyEmails: false,
  strictPaths: false,
  plainMarkup: false,
  tokenScopes: null,
  ...LATENCY_DEFAULTS,
};

/** Every setting, for `POST /_sim/config` patches. */
export const BUSY_SETTINGS_SHAPE = {
  rateLimit: z.strictObject({ limit: z.number().int().min(0), windowSec: z.number().positive() }),
  assumedOps: z.boolean(),
  emptyEmails: z.boolean(),
  strictPaths: z.boolean(),
  plainMarkup: z.boolean(),
  tokenScopes: z.array(z.string().min(1)).nullable(),
  delayMs: latencyMs,
  jitterMs: latencyMs,
};

/** What `--real-like` sets on the Busy simulator: how the real service answers where we assumed. */
export const BUSY_REAL_LIKE: Partial<BusySettings> = { assumedOps: false, emptyEmails: true, strictPaths: true, plainMarkup: true };
