// The HTTP seam shared by the 24SO and Busy clients. Everything is injected so the same code
// runs in the MV3 service worker and in Node tests:
//   browser: (u, i) => fetch(u, { ...i, credentials: 'include' })
//   Node:    createNodeFetch() from cli/node-fetch.ts (resolves *.localhost, cookie jar)
import { AppError, BadResponseError, UnreachableError, type SystemId } from './errors';

/** What the clients read from an answer: the browser's `Response` is one; so is the lean Node
 * client the benchmark uses (test/support/lean-fetch.ts). Nothing else of `Response` is relied on. */
export interface HttpResponse {
  status: number;
  headers: HeaderReader;
  text(): Promise<string>;
}

export interface HeaderReader {
  get(name: string): string | null;
}

export type HttpFetch = (url: string, init: RequestInit) => Promise<HttpResponse>;

/** Puts a cookie on a host. Browser: browser.cookies.set; Node: the test jar. */
export interface CookieSetter {
  set(url: string, name: string, value: string): Promise<void>;
}

/** Optional companion of CookieSetter (browser.cookies.get / the jar). */
export interface CookieReader {
  get(url: string, name: string): Promise<string | null>;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

export interface HttpAnswer {
  status: number;
  headers: HeaderReader;
  text: string;
}

/**
 * Asked before a request is sent, and before its timeout starts: it may wait, or refuse by
 * throwing (the pacer, utils/pacer: a request the budget has no room for). It returns what to
 * call once, when the answer's status and headers are in (null: no answer came).
 */
export type RequestGate = (operation: string) => Promise<GateDone>;
export type GateDone = (answer: { status: number; headers: HeaderReader } | null) => void;

export interface SendOptions {
  http: HttpFetch;
  /** See RequestGate. Whatever it throws reaches the caller as it is. */
  gate?: RequestGate;
  url: string;
  init: RequestInit;
  /** Covers the whole exchange, body included. */
  timeoutMs?: number;
  system: SystemId;
  /** Named in errors (e.g. `GetProjectList`, `GET /projects`). */
  operation: string;
}

/**
 * One request with a timeout, the body read completely.
 * - no response at all (network error, refused, timeout before headers) → UnreachableError
 * - headers arrived but the body broke off → BadResponseError(operation, '(body)', 'truncated')
 */
export async function sendRequest(opts: SendOptions): Promise<HttpAnswer> {
  if (!opts.gate) return exchange(opts, NO_GATE);
  const done = await opts.gate(opts.operation);
  let answered = false;
  const answer: GateDone = (a) => {
    if (answered) return;
    answered = true;
    done(a);
  };
  try {
    return await exchange(opts, answer);
  } finally {
    answer(null);
  }
}

const NO_GATE: GateDone = () => undefined;

async function exchange(opts: SendOptions, answer: GateDone): Promise<HttpAnswer> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const outer = opts.init.signal;
  const onOuterAbort = () => controller.abort();
  if (outer) {
    if (outer.aborted) controller.abort();
    else outer.addEventListener('abort', onOuterAbort, { once: true });
  }
  try {
    let res: HttpResponse;
    try {
      res = await opts.http(opts.url, { ...opts.init, signal: controller.signal });
    } catch (e) {
      if (timedOut) throw new UnreachableError(opts.system, { kind: 'timeout', timeoutMs }, { cause: e });
      // An injected http that refuses with a typed error (the pacer's observer) is taken at its word.
      if (e instanceof AppError) throw e;
      throw new UnreachableError(opts.system, { kind: 'network', detail: describeCause(e) }, { cause: e });
    }
    answer({ status: res.status, headers: res.headers });
    let text: string;
    try {
      text = await res.text();
    } catch (e) {
      if (timedOut) throw new UnreachableError(opts.system, { kind: 'timeout', timeoutMs }, { cause: e });
      throw new BadResponseError(opts.operation, '(body)', `truncated: ${describeCause(e)}`);
    }
    return { status: res.status, headers: res.headers, text };
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuterAbort);
  }
}

function describeCause(e: unknown): string {
  if (e instanceof Error) {
    const inner = (e as { cause?: unknown }).cause;
    const code = inner && typeof inner === 'object' && 'code' in inner ? String((inner as { code: unknown }).code) : '';
    return code ? `${e.message} (${code})` : e.message;
  }
  return String(e);
}

/** Media type without parameters, lower-cased ('' when absent). */
export function mediaType(headers: HeaderReader): string {
  return (headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

/** A login page instead of an API answer (what an expired web session gets). */
export function looksLikeHtml(headers: HeaderReader, text: string): boolean {
  if (mediaType(headers) === 'text/html') return true;
  const head = text.trimStart().slice(0, 15).toLowerCase();
  return head.startsWith('<!doctype html') || head.startsWith('<html');
}
