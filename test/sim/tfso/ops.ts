// What an operation handler gets and returns. Handlers only "do the work" and return the result
// value (or throw a SoapFault); server.ts serialises and sends, so fault injection can wrap them.
import { processFault, DOTNET_MIN_INT } from './soap-envelope.js';
import type { TfsoSettings } from './settings.js';
import type { TfsoClientData, TfsoSession, TfsoState } from './state.js';

export interface OpContext {
  state: TfsoState;
  now: () => Date;
  /** The caller's session; null only for operations marked `anonymous`. */
  session: TfsoSession | null;
  /** The session's client partition (null when anonymous). */
  data: TfsoClientData | null;
  /** Headers to add to the answer (Login sets its cookie here). */
  headers: Record<string, string>;
  sessionIdleMs: number;
  /** The switches in force (read-only): e.g. `hourInternalNote` decides what an hour holds. */
  settings: Readonly<TfsoSettings>;
}

export type OpHandler = (ctx: OpContext, params: Record<string, unknown>) => unknown;
export interface OpDef {
  run: OpHandler;
  /** Runs without a session (Login, HasSession). */
  anonymous?: boolean;
}
export type OpTable = Record<string, OpDef>;

/** The client data of an authenticated call (handlers of non-anonymous ops may rely on it). */
export function dataOf(ctx: OpContext): TfsoClientData {
  if (!ctx.data) throw processFault('Session is not authenticated');
  return ctx.data;
}

/** .NET "not set" sentinels: int.MinValue and 0001-01-01 arrive when a client sends the defaults. */
export const isSetInt = (v: unknown): v is number => typeof v === 'number' && v !== DOTNET_MIN_INT;
export const isSetDate = (v: unknown): v is Date => v instanceof Date && v.getUTCFullYear() > 1;

export const userGuid = (userId: number) => `00000000-0000-0000-0000-${String(userId).padStart(12, '0')}`;

export const iso = (d: Date) => d.toISOString();
export const date = (s: string) => new Date(s);
/** Hour searches compare at minute resolution: seconds and below are dropped. */
export const toMinute = (d: Date | string) => Math.floor(new Date(d).getTime() / 60_000);
