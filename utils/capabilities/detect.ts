// The spec check: read-only, no session needed. Fetches the live WSDL of each 24SO service the
// product calls and Busy's live OpenAPI document, and says per capability what the documents show.
// Engine-free and browser-free: the HTTP seam is injected.
import { AppError } from '../core/errors';
import { sendRequest, type HttpFetch } from '../core/http';
import { serviceLocation, type TfsoBases, type TfsoService } from '../tfso/hosts';
import { offers, readOpenApi, type OpenApiSummary } from './openapi';
import type { CapabilityEntry } from './record';
import { CAPABILITIES, type CapabilityId } from './registry';
import { readWsdl, type WsdlSummary } from './wsdl';

/** The 24SO operations the product calls, by service (test/capabilities/capabilities.test.ts holds this to
 * the code). The diagnostic report lists any the live WSDLs lack. */
export const TFSO_CALLS: Readonly<Partial<Record<TfsoService, readonly string[]>>> = {
  Authenticate: ['Login', 'HasSession', 'GetIdentity', 'GetIdentities', 'SetIdentityById'],
  ClientService: ['GetUsers'],
  CompanyService: ['GetCompanies', 'GetCompanySyncList'],
  InvoiceService: ['SaveInvoices', 'GetInvoices'],
  ProjectService: [
    'GetProjectList',
    'GetDeactivatedProjects',
    'SaveProject',
    'GetProjectStatuses',
    'GetProjectParticipants',
    'GetProjectTasks',
    'SaveProjectTask',
  ],
  TimeService: ['GetWorkTypeList', 'SaveWorkType', 'SaveHour', 'GetHours', 'DeleteHour'],
};

/**
 * Where Busy's live OpenAPI document may be, tried in this order (the first that parses wins):
 * 1. `<api>/openapi.json` — where the issue expects it, and where the simulator serves it;
 * 2. `<api>/` — the public copy of the document says Busy serves it at https://api.busy.no/v2/;
 * 3. `<origin>/openapi.json` — the default of the common OpenAPI server frameworks.
 */
export function busySpecCandidates(apiBase: string): string[] {
  const base = apiBase.replace(/\/+$/, '');
  const origin = new URL(base).origin;
  return [`${base}/openapi.json`, `${base}/`, `${origin}/openapi.json`];
}

export interface DetectDeps {
  http: HttpFetch;
  tfsoBases: TfsoBases;
  /** e.g. https://api.busy.no/v2 */
  busyApiBase: string;
  now: () => Date;
  timeoutMs?: number;
}

export interface DocumentResult {
  url: string;
  /** 'read': parsed; 'unreadable': an answer that is no such document; 'unreachable': no answer. */
  outcome: 'read' | 'unreadable' | 'unreachable';
  detail: string;
}

export interface Detection {
  checkedAt: string;
  busySpecUrl: string | null;
  entries: Partial<Record<CapabilityId, CapabilityEntry>>;
  documents: DocumentResult[];
  /** 24SO operations the product calls that a live WSDL it could read does not declare. */
  missingTfsoOperations: string[];
}

async function fetchText(
  deps: DetectDeps,
  url: string,
  accept: string,
  system: 'tfso' | 'busy',
): Promise<{ status: number; text: string } | DocumentResult> {
  try {
    const a = await sendRequest({
      http: deps.http,
      url,
      system,
      operation: `GET ${url}`,
      timeoutMs: deps.timeoutMs ?? 15_000,
      init: { method: 'GET', headers: { Accept: accept } },
    });
    return { status: a.status, text: a.text };
  } catch (e) {
    return { url, outcome: 'unreachable', detail: e instanceof AppError ? e.message : String(e) };
  }
}

export async function detectCapabilities(deps: DetectDeps): Promise<Detection> {
  const at = deps.now().toISOString();
  const documents: DocumentResult[] = [];
  const entry = (state: CapabilityEntry['state'], evidence: string, extra: Partial<CapabilityEntry> = {}): CapabilityEntry => ({
    state,
    checkedAt: at,
    evidence,
    source: 'spec',
    ...extra,
  });

  // ---- 24SO: one WSDL per service, all at once ----
  const services = Object.keys(TFSO_CALLS) as TfsoService[];
  const wsdls = new Map<TfsoService, { url: string; doc: WsdlSummary | null; why: string }>();
  await Promise.all(
    services.map(async (service) => {
      const { baseUrl, path } = serviceLocation(deps.tfsoBases, service);
      const url = `${baseUrl}${path}?WSDL`;
      const got = await fetchText(deps, url, 'text/xml', 'tfso');
      if ('outcome' in got) {
        documents.push(got);
        wsdls.set(service, { url, doc: null, why: `${url}: no answer (${got.detail})` });
        return;
      }
      if (got.status !== 200) {
        documents.push({ url, outcome: 'unreadable', detail: `HTTP ${got.status}` });
        wsdls.set(service, { url, doc: null, why: `${url}: HTTP ${got.status}` });
        return;
      }
      try {
        const doc = readWsdl(got.text);
        documents.push({ url, outcome: 'read', detail: `${doc.operations.size} operations` });
        wsdls.set(service, { url, doc, why: '' });
      } catch (e) {
        documents.push({ url, outcome: 'unreadable', detail: (e as Error).message });
        wsdls.set(service, { url, doc: null, why: `${url}: ${(e as Error).message}` });
      }
    }),
  );

  // ---- Busy: the first candidate that is an OpenAPI document ----
  let spec: { url: string; doc: OpenApiSummary } | null = null;
  let reachedAny = false;
  const misses: string[] = [];
  for (const url of busySpecCandidates(deps.busyApiBase)) {
    const got = await fetchText(deps, url, 'application/json', 'busy');
    if ('outcome' in got) {
      documents.push(got);
      misses.push(`${url}: no answer`);
      continue;
    }
    reachedAny = true;
    if (got.status !== 200) {
      documents.push({ url, outcome: 'unreadable', detail: `HTTP ${got.status}` });
      misses.push(`${url}: HTTP ${got.status}`);
      continue;
    }
    try {
      const doc = readOpenApi(got.text);
      documents.push({ url, outcome: 'read', detail: `OpenAPI ${doc.version}, ${doc.operations.size} operations` });
      spec = { url, doc };
      break;
    } catch (e) {
      documents.push({ url, outcome: 'unreadable', detail: (e as Error).message });
      misses.push(`${url}: ${(e as Error).message}`);
    }
  }
  const apiBasePath = new URL(deps.busyApiBase).pathname.replace(/\/+$/, '');

  const entries: Partial<Record<CapabilityId, CapabilityEntry>> = {};
  for (const c of CAPABILITIES) {
    const d = c.detection;
    if (d.kind === 'wsdlOperation') {
      const w = wsdls.get(d.service)!;
      entries[c.id] = !w.doc
        ? entry('unknown', w.why)
        : w.doc.operations.has(d.operation)
          ? entry('confirmed', `${w.url} declares ${d.operation}`)
          : entry('absent', `${w.url} has no operation ${d.operation}`);
    } else if (d.kind === 'wsdlElement') {
      const w = wsdls.get(d.service)!;
      const seq = w.doc?.types.get(d.type);
      entries[c.id] = !w.doc
        ? entry('unknown', w.why)
        : !seq
          ? entry('absent', `${w.url} has no type ${d.type}`)
          : seq.includes(d.element)
            ? entry('confirmed', `${w.url}: ${d.type} has ${d.element}`, d.element === 'InternalNote' ? { sequence: seq } : {})
            : entry('absent', `${w.url}: ${d.type} has no ${d.element}`);
    } else if (d.kind === 'liveSpec') {
      entries[c.id] = spec
        ? entry('confirmed', `${spec.url} (OpenAPI ${spec.doc.version})`)
        : entry(reachedAny ? 'absent' : 'unknown', `no OpenAPI document at ${misses.join('; ')}`);
    } else if (d.kind === 'openapi') {
      if (!spec) entries[c.id] = entry('unknown', "Busy's live spec was not found");
      else {
        const lacking = d.operations.filter((o) => !offers(spec!.doc, o.method, apiBasePath, o.path)).map((o) => `${o.method} ${o.path}`);
        entries[c.id] = lacking.length
          ? entry('absent', `${spec.url} has no ${lacking.join(', ')}`)
          : entry('confirmed', `${spec.url} has ${d.operations.map((o) => `${o.method} ${o.path}`).join(', ')}`);
      }
    }
  }

  const missingTfsoOperations = services.flatMap((s) => {
    const doc = wsdls.get(s)!.doc;
    return doc ? (TFSO_CALLS[s] ?? []).filter((op) => !doc.operations.has(op)).map((op) => `${s}.${op}`) : [];
  });
  documents.sort((a, b) => a.url.localeCompare(b.url));
  return { checkedAt: at, busySpecUrl: spec?.url ?? null, entries, documents, missingTfsoOperations };
}
