// Everything the content script relies on in Busy's web app, in one place: which pages are
// approval pages and how to read the view they show. Busy's real markup is not public: these are
// our assumptions [A], mirrored by the simulator (test/sim/busy/web/MARKUP.md). When Busy changes
// its app, this file (and its test) is what changes.
// zod/mini: this file is bundled into the content script, which must stay small.
import * as z from 'zod/mini';

export const SELECTORS = {
  /** The approval view; replaced wholesale on client-side navigation. */
  approvalView: 'section#approval-view',
  /** Where the control goes: right after the view, so replacing the view does not remove it. */
  controlAnchor: 'section#approval-view',
} as const;

/** Busy announces its own client-side navigation on `document` (back/forward is window's popstate). */
export const NAVIGATION_EVENTS = ['busy:navigated'] as const;

const day = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/));
const id = z.string().check(z.regex(/^\d+$/));

/**
 * What the control asks the background about; the background reads the entries itself.
 * A plain union (two shapes, same check as a discriminated one) keeps the content script smaller.
 */
export const approvalViewSchema = z.union([
  z.object({ kind: z.literal('user'), userId: id, from: day, to: day }),
  z.object({ kind: z.literal('project'), projectId: id, from: day, to: day }),
]);
export type ApprovalView = z.infer<typeof approvalViewSchema>;

/** URL paths of the approval pages (per person and week, per project over a period). */
export const APPROVAL_PATHS = [/^\/approval\/users\/\d+\/?$/, /^\/approval\/projects\/\d+\/?$/];

export function isApprovalPage(url: string): boolean {
  try {
    return APPROVAL_PATHS.some((re) => re.test(new URL(url).pathname));
  } catch {
    return false;
  }
}

// ---- pages that look like approval, when the view cannot be read (issue 14) -----------------
// The real app's markup is unknown, so the corner control appears on any page whose path matches
// one of these patterns (the admin can change them in the options). A pattern is a path: `*` is
// one path segment (no `/`), `**` any number of segments; a trailing `/` does not matter.

/** Today's approval pages, as patterns: the default. */
export const DEFAULT_APPROVAL_PATH_PATTERNS: readonly string[] = ['/approval/users/*', '/approval/projects/*'];
export const MAX_APPROVAL_PATTERNS = 20;

/** Why a pattern is refused, or null: starts with `/`, path characters and `*` only, ≤ 200 long. */
export function approvalPatternProblem(p: string): 'slash' | 'chars' | 'length' | 'stars' | null {
  if (p.length === 0 || p.length > 200) return 'length';
  if (!p.startsWith('/')) return 'slash';
  if (!/^[A-Za-z0-9\-._~%/*]+$/.test(p)) return 'chars';
  if (/\*{3,}/.test(p) || p === '/**' || p === '/*') return 'stars';
  return null;
}

export function approvalPatternRegExp(p: string): RegExp {
  const body = p
    .replace(/\/+$/, '')
    .split(/(\*\*|\*)/)
    .map((part) => (part === '**' ? '.*' : part === '*' ? '[^/]+' : part.replace(/[.^$+?()[\]{}|\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}/?$`);
}

/** Does this URL's path match one of the patterns? (Invalid patterns never match.) */
export function looksLikeApproval(url: string, patterns: readonly string[]): boolean {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return false;
  }
  return patterns.some((p) => approvalPatternProblem(p) === null && approvalPatternRegExp(p).test(path));
}

/**
 * Where a Busy record opens in the web app, or null where no page is known. [A]: the simulator's
 * pages (test/sim/busy/web/MARKUP.md); the real app's record pages are not public.
 */
export function busyRecordUrl(busyWeb: string, kind: string, id: string): string | null {
  const base = busyWeb.replace(/\/+$/, '');
  if (!/^\d+$/.test(id)) return null;
  if (kind === 'project') return `${base}/approval/projects/${id}`;
  if (kind === 'user') return `${base}/approval/users/${id}`;
  // No page per customer, work type or task is known.
  return null;
}

/** Reads the view the page shows now; null when this is not an approval view (or it is malformed). */
export function readApprovalView(doc: Document): ApprovalView | null {
  const el = doc.querySelector<HTMLElement>(SELECTORS.approvalView);
  if (!el) return null;
  const d = el.dataset;
  const raw =
    d.view === 'user'
      ? { kind: 'user', userId: d.userId, from: d.from, to: d.to }
      : d.view === 'project'
        ? { kind: 'project', projectId: d.projectId, from: d.from, to: d.to }
        : null;
  const parsed = approvalViewSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}
