// The 24SO simulator's switches: set at start (`startTfsoSim` options), at run time
// (`POST /_sim/config`, read back with `GET /_sim/config`), or all real-world ones at once
// (`npm run sim -- --real-like`). Defaults keep the simulator as it always was.
import { z } from 'zod';
import { LATENCY_DEFAULTS, latencyMs, type LatencySettings } from '../latency.js';

export interface TfsoSettings extends LatencySettings {
  /** Idle time after which a session is gone (default 20 minutes, as ASP.NET). */
  sessionIdleMs: number;
  /** Requests per clock hour per applicationId before the quarantine fault (default 7,200). */
  rateLimitPerHour: number;
  /**
   * Serve the operations no public WSDL has (`ASSUMED_OPERATIONS`: SaveWorkType) and declare them
   * in the live WSDL (default true). false = the real server as its public WSDLs describe it: such a
   * SOAPAction is unknown, answered as ASP.NET answers any unknown one.
   */
  assumedOps: boolean;
  /**
   * A server NEWER than the public TimeService WSDL: `Hour.InternalNote` and
   * `HourSearch.ChangedAfter` exist (schema, storage, search, live WSDL). Default false; not part
   * of the real-like set.
   */
  hourInternalNote: boolean;
  /** `APILimitRemaining` / `APILimitReset` on every SOAP answer (default true). */
  limitHeaders: boolean;
  /**
   * HourSearch `ContactId`/`ProjectId` 0 (or int.MinValue) mean "any" (default true, [A]). false: a
   * server that reads them literally (no hour has project 0): a search with ProjectId 0 finds
   * nothing. The extension only searches that way after a search has shown it works.
   */
  hourSearchAnyProject: boolean;
}

export const TFSO_DEFAULTS: TfsoSettings = {
  sessionIdleMs: 20 * 60_000,
  rateLimitPerHour: 7200,
  assumedOps: true,
  hourInternalNote: false,
  limitHeaders: true,
  hourSearchAnyProject: true,
  ...LATENCY_DEFAULTS,
};

const positive = z.number().int().min(1);
/** Every setting, for `POST /_sim/config` patches. */
export const TFSO_SETTINGS_SHAPE = {
  sessionIdleMs: positive,
  rateLimitPerHour: positive,
  assumedOps: z.boolean(),
  hourInternalNote: z.boolean(),
  limitHeaders: z.boolean(),
  hourSearchAnyProject: z.boolean(),
  delayMs: latencyMs,
  jitterMs: latencyMs,
};

/** What `--real-like` sets on the 24SO simulator: how the real server answers where we assumed. */
export const TFSO_REAL_LIKE: Partial<TfsoSettings> = { assumedOps: false };
