// Pairs records typed in by hand on both sides before the first write of a kind, so the first
// sync links them instead of creating each one a second time. Pure: the engine (pairing.ts,
// task-pairing.ts) and the plan (plan.ts) give it the records no link and no marker pairs yet.
//
// Passes, strongest first; each pass only sees records earlier passes left free:
//   customer  organisation number → normalised name (company form dropped) → similar name [weak]
//   project   number (Busy `number` = 24SO id) → name + customer → same name, other customer [weak]
//             → similar name, same customer [weak]
//   workType  name → similar name [weak]
//   task      name → similar name [weak]   (the caller passes one linked project's tasks)
// Within a pass, records joined by candidate edges form groups. A strong pass's group of exactly
// one record per side is linked; any other group (several candidates), and every group of a weak
// pass, becomes a decision for the admin. A record in a decision is held: neither linked nor
// created on the other side until the admin answers (pick a candidate, or "create new").
// Look-alikes stay apart: different digits ("Nettside 2024" / "2025"), different organisation
// numbers, or an extra word ("Nordlys AS" / "Nordlys Eiendom AS") give no candidate at all.
import type { Side } from '../store/types';

export type MatchKind = 'customer' | 'project' | 'workType' | 'task';
export type CandidateWhy = 'orgNumber' | 'number' | 'name' | 'nameOtherCustomer' | 'similarName';
export type MatchedBy = 'orgNumber' | 'number' | 'name' | 'decision';

export interface MatchRecord {
  id: string;
  name: string;
  /** customer: organisation number (any formatting). */
  orgNumber?: string | null;
  /** project, Busy side: the project number as typed. */
  number?: string | null;
  /** project: the customer as a 24SO company id (Busy side: through the customer links), null = none. */
  customer?: string | null;
}

/** The admin's answer to one decision: the counterpart's id (on the other side), or "none of these". */
export type DecisionAnswer = { pick: string } | { createNew: true };
export type DecisionAnswers = Readonly<Record<string, DecisionAnswer>>;

export interface MatchCandidate {
  id: string;
  name: string;
  why: CandidateWhy;
}
export interface MatchDecision {
  /** Stable while the subject exists: `<kind>:<side>:<id>` (the admin's answer is filed under it). */
  key: string;
  kind: MatchKind;
  subject: { side: Side; id: string; name: string };
  candidates: MatchCandidate[];
  /** several: more than one record could be it. weak: one candidate, but not a sure one. */
  reason: 'several' | 'weak';
}
export interface MatchLink {
  busyId: string;
  tfsoId: string;
  by: MatchedBy;
}
export interface MatchResult {
  links: MatchLink[];
  /** Still waiting for the admin. */
  open: MatchDecision[];
  /** Answered this run (picked or "create new"). */
  answered: MatchDecision[];
  heldBusy: Set<string>;
  heldTfso: Set<string>;
}

/** Company forms dropped from the end of a customer name (Norwegian, and a few common abroad). */
export const COMPANY_FORMS: ReadonlySet<string> = new Set([
  'as',
  'asa',
  'ans',
  'da',
  'enk',
  'sa',
  'ba',
  'ks',
  'nuf',
  'sf',
  'iks',
  'kf',
  'hf',
  'ab',
  'aps',
  'gmbh',
  'ltd',
  'llc',
  'inc',
  'oy',
]);

/**
 * A name as people mean it: case, spacing, punctuation and Unicode form ignored ("&" = "og");
 * for customers also a trailing company form (AS, ASA, A/S, …). Letters æ/ø/å are kept.
 */
export function normaliseName(s: string, opts: { companyForm?: boolean } = {}): string {
  let n = s
    .normalize('NFKC')
    .toLocaleLowerCase('nb')
    .replace(/\ba\s*\/\s*s\b/g, 'as')
    .replace(/&/g, ' og ');
  n = n.replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  if (!opts.companyForm) return n;
  const words = n.split(' ');
  while (words.length > 1 && COMPANY_FORMS.has(words[words.length - 1]!)) words.pop();
  return words.join(' ');
}

/** Organisation numbers compare by their digits ("NO 987 654 321 MVA" = "987654321"). */
export function normaliseOrgNumber(s: string | null | undefined): string | null {
  const d = (s ?? '').replace(/\D/g, '');
  return d.length >= 9 ? d : null;
}

/** Similar = a typo apart (1 edit from 6 characters, 2 from 12) with the same digits. */
export function similarNames(a: string, b: string): boolean {
  if (a === b) return false;
  const len = Math.min(a.length, b.length);
  const max = len >= 12 ? 2 : len >= 6 ? 1 : 0;
  if (!max || Math.abs(a.length - b.length) > max) return false;
  if (a.replace(/\D/g, '') !== b.replace(/\D/g, '')) return false;
  return editDistance(a, b, max) <= max;
}

/** Levenshtein distance, giving up (max + 1) once it must exceed `max`. */
function editDistance(a: string, b: string, max: number): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, cur[j]!);
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

interface Pass {
  why: CandidateWhy;
  strong: boolean;
  /** Records with equal non-null keys are candidates (then `compatible` filters). */
  key?: (r: MatchRecord, side: Side) => string | null;
  /** Pairwise test instead of a key (slow: only on what the key passes left). */
  pair?: (b: MatchRecord, t: MatchRecord) => boolean;
  compatible?: (b: MatchRecord, t: MatchRecord) => boolean;
}

const custName = (r: MatchRecord) => normaliseName(r.name, { companyForm: true });
const plainName = (r: MatchRecord) => normaliseName(r.name);
const customerOf = (r: MatchRecord) => r.customer ?? '-';
/** Two organisation numbers that differ name two different companies, whatever their names. */
const orgCompatible = (b: MatchRecord, t: MatchRecord) => {
  const x = normaliseOrgNumber(b.orgNumber),
    y = normaliseOrgNumber(t.orgNumber);
  return x === null || y === null || x === y;
};

const PASSES: Record<MatchKind, Pass[]> = {
  customer: [
    { why: 'orgNumber', strong: true, key: (r) => normaliseOrgNumber(r.orgNumber) },
    { why: 'name', strong: true, key: custName, compatible: orgCompatible },
    { why: 'similarName', strong: false, pair: (b, t) => similarNames(custName(b), custName(t)), compatible: orgCompatible },
  ],
  project: [
    {
      why: 'number',
      strong: true,
      key: (r, side) => (side === 'busy' ? (r.number?.trim().match(/^\d+$/) ? String(Number(r.number)) : null) : r.id),
    },
    { why: 'name', strong: true, key: (r) => `${plainName(r)}\u0000${customerOf(r)}` },
    { why: 'nameOtherCustomer', strong: false, key: plainName },
    { why: 'similarName', strong: false, pair: (b, t) => customerOf(b) === customerOf(t) && similarNames(plainName(b), plainName(t)) },
  ],
  workType: [
    { why: 'name', strong: true, key: plainName },
    { why: 'similarName', strong: false, pair: (b, t) => similarNames(plainName(b), plainName(t)) },
  ],
  task: [
    { why: 'name', strong: true, key: plainName },
    { why: 'similarName', strong: false, pair: (b, t) => similarNames(plainName(b), plainName(t)) },
  ],
};

/** Beyond this many pairs the similar-name pass is skipped (strong passes still run). */
const MAX_PAIRWISE = 250_000;

type Edge = { b: MatchRecord; t: MatchRecord; why: CandidateWhy };

const byId = (x: { id: string }, y: { id: string }) => x.id.length - y.id.length || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);

/**
 * Links what is sure, puts the rest to the admin, applies the admin's answers. `busy` and `tfso`:
 * the records of one kind that nothing pairs yet (for tasks: of one linked project).
 */
export function matchRecords(
  kind: MatchKind,
  busy: readonly MatchRecord[],
  tfso: readonly MatchRecord[],
  answers: DecisionAnswers = {},
): MatchResult {
  const freeB = new Map([...busy].sort(byId).map((r) => [r.id, r]));
  const freeT = new Map([...tfso].sort(byId).map((r) => [r.id, r]));
  const links: MatchLink[] = [];
  const contested: Edge[][] = [];
  if (!freeB.size || !freeT.size) return { links, open: [], answered: [], heldBusy: new Set(), heldTfso: new Set() };

  for (const pass of PASSES[kind]) {
    if (!freeB.size || !freeT.size) break;
    const edges: Edge[] = [];
    if (pass.key) {
      const groups = new Map<string, MatchRecord[]>();
      for (const t of freeT.values()) {
        const k = pass.key(t, 'tfso');
        if (k !== null && k !== '') groups.set(k, [...(groups.get(k) ?? []), t]);
      }
      for (const b of freeB.values()) {
        const k = pass.key(b, 'busy');
        if (k === null || k === '') continue;
        for (const t of groups.get(k) ?? []) if (!pass.compatible || pass.compatible(b, t)) edges.push({ b, t, why: pass.why });
      }
    } else if (pass.pair && freeB.size * freeT.size <= MAX_PAIRWISE) {
      for (const b of freeB.values())
        for (const t of freeT.values()) {
          if (pass.pair(b, t) && (!pass.compatible || pass.compatible(b, t))) edges.push({ b, t, why: pass.why });
        }
    }
    for (const group of components(edges)) {
      const bs = new Set(group.map((e) => e.b.id)),
        ts = new Set(group.map((e) => e.t.id));
      if (pass.strong && bs.size === 1 && ts.size === 1)
        links.push({ busyId: group[0]!.b.id, tfsoId: group[0]!.t.id, by: pass.why as MatchedBy });
      else contested.push(group);
      for (const id of bs) freeB.delete(id);
      for (const id of ts) freeT.delete(id);
    }
  }

  const decisions: MatchDecision[] = [];
  for (const group of contested) {
    const bs = [...new Map(group.map((e) => [e.b.id, e.b])).values()].sort(byId);
    const ts = [...new Map(group.map((e) => [e.t.id, e.t])).values()].sort(byId);
    if (ts.length === 1 && bs.length > 1) {
      const t = ts[0]!;
      decisions.push({
        key: `${kind}:tfso:${t.id}`,
        kind,
        subject: { side: 'tfso', id: t.id, name: t.name },
        reason: 'several',
        candidates: bs.map((b) => ({ id: b.id, name: b.name, why: group.find((e) => e.b.id === b.id)!.why })),
      });
      continue;
    }
    for (const b of bs) {
      const mine = group.filter((e) => e.b.id === b.id);
      decisions.push({
        key: `${kind}:busy:${b.id}`,
        kind,
        subject: { side: 'busy', id: b.id, name: b.name },
        reason: mine.length > 1 || bs.length > 1 ? 'several' : 'weak',
        candidates: mine.map((e) => ({ id: e.t.id, name: e.t.name, why: e.why })),
      });
    }
  }
  decisions.sort((x, y) => (x.key < y.key ? -1 : 1));

  const takenB = new Set(links.map((l) => l.busyId)),
    takenT = new Set(links.map((l) => l.tfsoId));
  const open: MatchDecision[] = [],
    answered: MatchDecision[] = [];
  for (const d of decisions) {
    const a = answers[d.key];
    if (a && 'pick' in a && d.candidates.some((c) => c.id === a.pick)) {
      const [busyId, tfsoId] = d.subject.side === 'busy' ? [d.subject.id, a.pick] : [a.pick, d.subject.id];
      if (!takenB.has(busyId) && !takenT.has(tfsoId)) {
        links.push({ busyId, tfsoId, by: 'decision' });
        takenB.add(busyId);
        takenT.add(tfsoId);
        answered.push(d);
        continue;
      }
    } else if (a && 'createNew' in a && a.createNew === true) {
      answered.push(d);
      continue;
    }
    open.push(d);
  }
  const heldBusy = new Set<string>(),
    heldTfso = new Set<string>();
  for (const d of open) {
    const [own, other] = d.subject.side === 'busy' ? [heldBusy, heldTfso] : [heldTfso, heldBusy];
    own.add(d.subject.id);
    for (const c of d.candidates) if (!(d.subject.side === 'busy' ? takenT : takenB).has(c.id)) other.add(c.id);
  }
  return { links, open, answered, heldBusy, heldTfso };
}

/** Connected groups of a bipartite edge list (by record id per side). */
function components(edges: Edge[]): Edge[][] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  for (const e of edges) for (const k of [`b${e.b.id}`, `t${e.t.id}`]) if (!parent.has(k)) parent.set(k, k);
  for (const e of edges) parent.set(find(`b${e.b.id}`), find(`t${e.t.id}`));
  const out = new Map<string, Edge[]>();
  for (const e of edges) {
    const r = find(`b${e.b.id}`);
    out.set(r, [...(out.get(r) ?? []), e]);
  }
  return [...out.values()];
}

/** Warning key of an open decision (the options page resolves it by answering the decision). */
export const decisionWarningKey = (d: MatchDecision) => `matchDecision:${d.key}`;

/** Busy user id → 24SO contact id (null = none) from answers filed under `user:busy:<id>`. */
export function userOverridesFromAnswers(answers: DecisionAnswers = {}): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const [k, a] of Object.entries(answers)) {
    const m = /^user:busy:(.+)$/.exec(k);
    if (!m) continue;
    if ('pick' in a && /^\d+$/.test(a.pick)) out[m[1]!] = Number(a.pick);
    else if ('createNew' in a) out[m[1]!] = null;
  }
  return out;
}
