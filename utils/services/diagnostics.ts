// The diagnostic report an admin copies from the options page and sends to support (issue 14):
// extension version, browser, settings without secrets, the connection states, the capabilities
// and the documents they were read from, recent runs, open warnings, and the last errors grouped
// by operation. Never the Busy token, the 24SO password (never stored anyway) or a session id:
// only flags for them, and a last pass that blanks any of them should one have slipped into a
// message.
import { readRecord } from '../capabilities/handle';
import { CAPABILITIES } from '../capabilities/registry';
import type { Status } from '../domain/connection-state';
import type { Settings } from '../domain/settings';
import type { RunRecord, SyncStore, Warning } from '../store/types';

export interface About {
  extensionVersion: string;
  browser: string;
}

export interface DiagnosticsInput {
  about: About;
  settings: Settings;
  status: Status | null;
  store: SyncStore;
  now: () => Date;
}

/** Error codes whose first substitution names the operation (RemoteFaultError, BadResponseError, MissingScopeError). */
const OPERATION_FIRST = new Set(['remote_fault', 'bad_response', 'missing_scope']);

export interface ErrorByOperation {
  operation: string;
  count: number;
  lastAt: string;
  code: string;
  messageKey: string;
  detail: string[];
}

/** The last errors by operation: run records that stopped, and warnings of records refused. */
export function errorsByOperation(runs: readonly RunRecord[], warnings: readonly Warning[]): ErrorByOperation[] {
  const out = new Map<string, ErrorByOperation>();
  const note = (operation: string, at: string, code: string, messageKey: string, detail: string[]) => {
    const prev = out.get(operation);
    if (!prev) out.set(operation, { operation, count: 1, lastAt: at, code, messageKey, detail });
    else {
      prev.count++;
      if (at > prev.lastAt) Object.assign(prev, { lastAt: at, code, messageKey, detail });
    }
  };
  for (const r of runs) {
    if (!r.error) continue;
    const op = OPERATION_FIRST.has(r.error.code) ? (r.error.substitutions[0] ?? r.error.code) : `(${r.error.code})`;
    note(op, r.finishedAt ?? r.startedAt, r.error.code, r.error.messageKey, r.error.substitutions);
  }
  // writeRejected: [kind, name, operation, message]
  for (const w of warnings)
    if (w.code === 'writeRejected' && w.substitutions[2]) note(w.substitutions[2], w.createdAt, w.code, w.messageKey, w.substitutions);
  return [...out.values()].sort((a, b) => b.lastAt.localeCompare(a.lastAt));
}

function connectionSummary(status: Status | null) {
  if (!status) return null;
  const one = (c: Status['tfso'] | Status['busy']) => ({
    state: c.state,
    checkedAt: c.checkedAt,
    ...(c.state === 'error' ? { error: c.error } : {}),
    ...(c.state === 'connected' && 'via' in c.who ? { via: c.who.via } : {}),
    ...(c.state === 'connected' && 'clientName' in c.who ? { client: c.who.clientName } : {}),
  });
  return { tfso: one(status.tfso), busy: one(status.busy) };
}

export async function buildDiagnosticsReport(d: DiagnosticsInput): Promise<{ generatedAt: string; text: string }> {
  const generatedAt = d.now().toISOString();
  const s = d.settings;
  const [caps, runs, warnings] = await Promise.all([readRecord(d.store), d.store.runs.recent(20), d.store.warnings.open()]);
  const report = {
    format: 'busy-24so-diagnostics',
    version: 1,
    generatedAt,
    extension: d.about.extensionVersion,
    browser: d.about.browser,
    settings: {
      urls: s.urls,
      tfso: {
        applicationIdSet: s.tfso.applicationId !== null,
        usernameSet: s.tfso.username !== null,
        identityChosen: s.tfso.identityId !== null,
      },
      busy: { tokenSet: s.busy.token !== null },
      transferMode: s.transferMode,
      userOverrides: Object.keys(s.userOverrides).length,
      plan: { confirmed: s.plan.confirmed, answers: Object.keys(s.plan.decisions).length },
    },
    connection: connectionSummary(d.status),
    capabilities: {
      checkedAt: caps.checkedAt,
      busySpecUrl: caps.busySpecUrl,
      items: CAPABILITIES.map((c) => ({ id: c.id, detection: c.detection.kind, ...(caps.entries[c.id] ?? { state: 'unknown' }) })),
      documents: caps.documents ?? [],
      missingTfsoOperations: caps.missingTfsoOperations ?? [],
    },
    errorsByOperation: errorsByOperation(runs, warnings),
    recentRuns: runs.map((r) => ({
      trigger: r.trigger,
      startedAt: r.startedAt,
      finishedAt: r.finishedAt ?? null,
      ok: r.ok ?? null,
      error: r.error ?? null,
      counts: r.counts ?? {},
    })),
    openWarnings: warnings.map((w) => ({
      code: w.code,
      key: w.key,
      messageKey: w.messageKey,
      substitutions: w.substitutions,
      createdAt: w.createdAt,
    })),
  };
  return { generatedAt, text: scrub(JSON.stringify(report, null, 2), s) };
}

/** Blanks secrets that might have slipped into a message: the stored token, bearer and session values. */
export function scrub(text: string, s: Pick<Settings, 'busy'>): string {
  let out = text;
  if (s.busy.token) out = out.split(s.busy.token).join('[redacted]');
  return out
    .replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi, '$1[redacted]')
    .replace(/(ASP\.NET_SessionId|busy_session|session(?:_?id)?)(\s*[=:]\s*)[^\s;",]+/gi, '$1$2[redacted]')
    .replace(/("?password"?\s*[=:]\s*)"?[^\s",]+"?/gi, '$1[redacted]');
}
