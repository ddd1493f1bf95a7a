// What a connection state is called and what to do about it, shared by the popup and options
// (Preact) and the content script's status panel (plain DOM), so all say the same thing
// (issue 17: each state its own words and its own one-click way out).
import type { BusyConnection, ConnectionState, TfsoConnection, UserError } from '../utils/domain/connection-state';
import type { OptionsSection } from '../utils/domain/options-sections';
import { plainError, type Said } from '../utils/domain/said';

export type System = 'tfso' | 'busy';

export const STATE_KEYS = {
  checking: 'stateChecking',
  connected: 'stateConnected',
  notLoggedIn: 'stateNotLoggedIn',
  tokenRefused: 'stateTokenRefused',
  forbidden: 'stateForbidden',
  unreachable: 'stateUnreachable',
  wrongTenant: 'stateWrongTenant',
  rateLimited: 'stateRateLimited',
  error: 'stateError',
} as const;

/** The one click that gets a system out of its state. */
export type WayOut =
  | { labelKey: string; url: string }
  | { labelKey: string; section: OptionsSection }
  | { labelKey: string; recheck: true };

export interface Advice {
  said: Said;
  /** Technical words (the server's text), folded. */
  detail: string | null;
  way: WayOut;
}

const SYS = { tfso: 'Tfso', busy: 'Busy' } as const;
const hostOf = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};
const recheck = { labelKey: 'wayCheckAgain', recheck: true } as const;

/** What the advice reads of a state (the content script's answer schema has just these fields). */
export interface ConnLike {
  state: ConnectionState;
  loginUrl?: string;
  url?: string;
  clientName?: string;
  until?: string | null;
  error?: Pick<UserError, 'messageKey' | 'substitutions'>;
}

const unknownError: UserError = { code: 'unexpected', messageKey: 'errUnexpected', substitutions: [''] };

/** Null while it is connected or being checked. */
export function connectionAdvice(system: System, conn: ConnLike): Advice | null {
  const sys = SYS[system];
  const plain = (messageKey: string, args: Said['args'] = []): Said => ({ messageKey, args });
  switch (conn.state) {
    case 'checking':
    case 'connected':
      return null;
    case 'notLoggedIn':
      return { said: plain(`adviceNotLoggedIn${sys}`), detail: null, way: { labelKey: `wayLogIn${sys}`, url: conn.loginUrl ?? '' } };
    case 'tokenRefused':
      return { said: plain('adviceTokenRefused'), detail: null, way: { labelKey: 'wayNewToken', section: 'step-busy' } };
    case 'forbidden': {
      const w = plainError(conn.error ?? unknownError);
      return { said: w.said, detail: w.detail, way: { labelKey: 'wayChangeToken', section: 'step-busy' } };
    }
    case 'unreachable':
      // The host, not the whole address: what a person recognises (and no API path in the sentence).
      return { said: plain(`adviceUnreachable${sys}`, [hostOf(conn.url ?? '')]), detail: null, way: recheck };
    case 'wrongTenant':
      return {
        said: plain('adviceWrongTenant', [conn.clientName ?? '']),
        detail: null,
        way: { labelKey: 'wayChooseClient', section: 'step-tfso' },
      };
    case 'rateLimited':
      return {
        said: conn.until ? plain(`advicePausedUntil${sys}`, [{ time: conn.until }]) : plain(`advicePaused${sys}`),
        detail: null,
        way: recheck,
      };
    case 'error': {
      const w = plainError(conn.error ?? unknownError);
      return { said: w.said, detail: w.detail, way: recheck };
    }
  }
}

/** Whom the integration acts as, on one line. */
export function whoLine(system: System, conn: TfsoConnection | BusyConnection): Said | null {
  if (conn.state !== 'connected') return null;
  if (system === 'tfso') {
    const w = (conn as Extract<TfsoConnection, { state: 'connected' }>).who;
    return { messageKey: 'tfsoConnectedAs', args: [w.name, w.contactId, w.clientName] };
  }
  const w = (conn as Extract<BusyConnection, { state: 'connected' }>).who;
  return { messageKey: w.via === 'token' ? 'busyConnectedToken' : 'busyConnectedSession', args: [w.label] };
}
