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
