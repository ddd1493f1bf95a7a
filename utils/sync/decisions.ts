// THE decision table of the two-way sync. Everything the engine writes follows from `decide`.
// (A markdown copy for the README lives in DECISIONS.md; keep the two in step.)
//
// Inputs per pair: the link (with what each side looked like at the last sync), the Busy record
// and the 24SO record as they are now (mapped to the comparable model of model.ts; null = absent).
// An adopted pair (a Busy record already carrying the 24SO id, e.g. after a reinstall) gets a
// link whose 24SO snapshot is empty: every differing field then counts as "24SO changed".
//
// Presence (per pair)
// | link | Busy    | 24SO    | action                                                              |
// |------|---------|---------|---------------------------------------------------------------------|
// | no   | present | present | (the Busy record carries the 24SO id) adopt: link, then compare as below |
// | no   | absent  | present | createBusy (externalId = 24SO id; projects also number, R10)        |
// | no   | present | absent  | customer: warn 'busyOnlyCustomer', never a write (R4);              |
// |      |         |         | project / work type / task: createTfso, then write the id back (R9, R10, R13, R16) |
// | yes  | present | absent  | 24SO deleted it / made it inactive: archiveBusy (R6; guarded)      |
// | yes  | absent  | present | the Busy record is gone: dropLink (24SO is never deleted from)      |
// | yes  | absent  | absent  | dropLink                                                            |
// | yes  | present | present | per field, below                                                    |
//
// Per field (B = Busy changed since the snapshot, T = 24SO changed since the snapshot)
// | Busy = 24SO now | B | T | action                                                             |
// |-----------------|---|---|--------------------------------------------------------------------|
// | yes             | * | * | nothing (the snapshots are refreshed)                              |
// | no              | n | y | 24SO → Busy                                                        |
// | no              | y | y | the policy's winner: 24SO → Busy, and warn 'conflictOverwritten'   |
// |                 |   |   |   with the Busy value ("24SO wins", CONFLICT_POLICY.bothChanged)   |
// | no              | y | n | Busy → 24SO if 24SO can take the field (policy.busyToTfso);        |
// |                 |   |   |   customers: 24SO → Busy (restored) and warn 'customerEditedInBusy' (R4; |
// |                 |   |   |   policy.restoredInBusy); otherwise keep the divergence (accepted)  |
// | no              | n | n | a divergence accepted earlier: nothing                             |
// List fields (task assignees) merge per element instead: an id added or removed on one side is
// added or removed on the other; the two sides cannot contradict each other per element.
//
// The conflict policy (who wins when both changed, which kinds Busy may not change, which fields
// 24SO takes from Busy) is data, CONFLICT_POLICY below, passed into `decide`.
import type { LinkSnapshot, Side } from '../store/types';
import { BUSY_TO_TFSO, FIELDS, type Fields, type ModelField, sameValue, type SyncKind } from './model';

export interface ConflictPolicy {
  /** Both sides changed a field since the last sync: whose value stays. A field 24SO cannot take
   * (not in `busyToTfso`) keeps 24SO's whatever this says. */
  bothChanged: Side;
  /** Kinds whose fields changed in Busy alone are put back to 24SO's value, with a warning (R4). */
  restoredInBusy: readonly SyncKind[];
  /** Per kind, the fields a change in Busy alone is carried to 24SO in; another Busy change is kept
   * in Busy only (accepted). */
  busyToTfso: { readonly [K in SyncKind]: readonly ModelField[] };
}

/** The product's policy: 24SO wins; customers are 24SO's (restored in Busy); Busy's changes go to
 * 24SO where its API can take them (model.ts BUSY_TO_TFSO). */
export const CONFLICT_POLICY: ConflictPolicy = { bothChanged: 'tfso', restoredInBusy: ['customer'], busyToTfso: BUSY_TO_TFSO };

/** The warning for a conflict, by whose value was kept: its code and message key. */
export const CONFLICT_WARNING: Readonly<Record<Side, readonly [code: string, messageKey: string]>> = {
  tfso: ['conflictOverwritten', 'warnConflictOverwritten'],
  busy: ['conflictKeptBusy', 'warnConflictKeptBusy'],
};

export type Presence = 'present' | 'absent';

export type PresenceAction = 'createBusy' | 'createTfso' | 'warnBusyOnly' | 'archiveBusy' | 'dropLink' | 'compare' | 'none';

export interface PresenceRow {
  link: boolean;
  busy: Presence;
  tfso: Presence;
  action: PresenceAction | ((kind: SyncKind) => PresenceAction);
}

export const PRESENCE_TABLE: readonly PresenceRow[] = [
  { link: false, busy: 'absent', tfso: 'present', action: 'createBusy' },
  { link: false, busy: 'present', tfso: 'absent', action: (k) => (k === 'customer' ? 'warnBusyOnly' : 'createTfso') },
  { link: false, busy: 'absent', tfso: 'absent', action: 'none' },
  // the Busy record carries the 24SO id (externalId; a project also by number): adopt, compare
  { link: false, busy: 'present', tfso: 'present', action: 'compare' },
  { link: true, busy: 'present', tfso: 'absent', action: 'archiveBusy' },
  { link: true, busy: 'absent', tfso: 'present', action: 'dropLink' },
  { link: true, busy: 'absent', tfso: 'absent', action: 'dropLink' },
  { link: true, busy: 'present', tfso: 'present', action: 'compare' },
];

export type FieldAction = 'none' | 'toBusy' | 'toBusyConflict' | 'toTfsoConflict' | 'toTfso' | 'restoreBusy' | 'accept';

export interface FieldRow {
  equal: boolean;
  busyChanged: boolean | '*';
  tfsoChanged: boolean | '*';
  action: FieldAction;
}

export const FIELD_TABLE: readonly FieldRow[] = [
  { equal: true, busyChanged: '*', tfsoChanged: '*', action: 'none' },
  { equal: false, busyChanged: false, tfsoChanged: true, action: 'toBusy' },
  // resolved per kind/field by the policy (`bothAction`): 24SO wins
  { equal: false, busyChanged: true, tfsoChanged: true, action: 'toBusyConflict' },
  // resolved per kind/field by the policy (`busyOnlyAction`)
  { equal: false, busyChanged: true, tfsoChanged: false, action: 'toTfso' },
  { equal: false, busyChanged: false, tfsoChanged: false, action: 'none' },
];

const takes = (policy: ConflictPolicy, kind: SyncKind, field: ModelField) => policy.busyToTfso[kind].includes(field);

function busyOnlyAction(policy: ConflictPolicy, kind: SyncKind, field: ModelField): FieldAction {
  if (policy.restoredInBusy.includes(kind)) return 'restoreBusy';
  return takes(policy, kind, field) ? 'toTfso' : 'accept';
}

function bothAction(policy: ConflictPolicy, kind: SyncKind, field: ModelField): FieldAction {
  return policy.bothChanged === 'busy' && takes(policy, kind, field) && !policy.restoredInBusy.includes(kind)
    ? 'toTfsoConflict'
    : 'toBusyConflict';
}

export interface LinkSnapshots {
  busy: LinkSnapshot;
  tfso: LinkSnapshot;
}

export interface FieldConflict {
  field: ModelField;
  busy: unknown;
  tfso: unknown;
  /** Whose value stays (the policy's `bothChanged`; 24SO's where 24SO cannot take the field). */
  kept: Side;
}

export interface UpdateDecision {
  action: 'update';
  /** Fields to write to Busy (values in the 24SO id space; the engine maps them). */
  toBusy: Fields;
  /** Fields to write to 24SO. */
  toTfso: Fields;
  /** Both sides changed: the value that was overwritten, and whose was kept. */
  conflicts: FieldConflict[];
  /** Customers edited in Busy: the fields put back to 24SO's value. */
  restored: FieldConflict[];
  /** Busy changes 24SO cannot take: kept in Busy, no write. */
  accepted: ModelField[];
}

export type Decision = { action: Exclude<PresenceAction, 'compare'> } | UpdateDecision;

const matches = (want: boolean | '*', got: boolean) => want === '*' || want === got;

export function fieldAction(
  kind: SyncKind,
  field: ModelField,
  equal: boolean,
  busyChanged: boolean,
  tfsoChanged: boolean,
  policy: ConflictPolicy = CONFLICT_POLICY,
): FieldAction {
  const row = FIELD_TABLE.find((r) => r.equal === equal && matches(r.busyChanged, busyChanged) && matches(r.tfsoChanged, tfsoChanged));
  if (!row) throw new Error(`decision table has no row for ${kind}.${field}`);
  if (row.action === 'toTfso') return busyOnlyAction(policy, kind, field);
  if (row.action === 'toBusyConflict') return bothAction(policy, kind, field);
  return row.action;
}

const idsOf = (v: unknown): number[] => (Array.isArray(v) ? v : []);

/** Per-element three-way merge of id lists: whatever one side added or removed since `base`. */
export function mergeIds(base: readonly number[], busy: readonly number[], tfso: readonly number[]): number[] {
  const b0 = new Set(base),
    b = new Set(busy),
    t = new Set(tfso);
  const out = new Set<number>();
  for (const id of new Set([...base, ...busy, ...tfso])) {
    const inBase = b0.has(id),
      inB = b.has(id),
      inT = t.has(id);
    // a side that differs from the base is the side that changed; if both did, they agree
    const keep = inT !== inBase ? inT : inB !== inBase ? inB : inBase;
    if (keep) out.add(id);
  }
  return [...out].sort((x, y) => x - y);
}

/**
 * What to do with one pair. `link` undefined = not linked. A link whose 24SO snapshot is empty
 * was adopted this run: 24SO's values win without a conflict warning (there is no history).
 * `policy`: who wins what (CONFLICT_POLICY, the product's).
 */
export function decide(
  kind: SyncKind,
  link: LinkSnapshots | undefined,
  busyNow: Fields | null,
  tfsoNow: Fields | null,
  policy: ConflictPolicy = CONFLICT_POLICY,
): Decision {
  const row = PRESENCE_TABLE.find(
    (r) => r.link === !!link && r.busy === (busyNow ? 'present' : 'absent') && r.tfso === (tfsoNow ? 'present' : 'absent'),
  )!;
  const action = typeof row.action === 'function' ? row.action(kind) : row.action;
  if (action === 'archiveBusy' && busyNow && 'active' in busyNow && !busyNow.active) return { action: 'none' };
  if (action !== 'compare' || !busyNow || !tfsoNow) return { action: action === 'compare' ? 'none' : action };

  const base = link ?? { busy: {}, tfso: {} };
  const adopted = Object.keys(base.tfso).length === 0;
  const b = busyNow;
  const t = tfsoNow;
  const out: UpdateDecision = { action: 'update', toBusy: {}, toTfso: {}, conflicts: [], restored: [], accepted: [] };
  const set = (to: Fields, f: ModelField, v: unknown) => Object.assign(to, { [f]: v });
  for (const f of FIELDS[kind]) {
    const tv = t[f];
    if (Array.isArray(tv)) {
      const merged = adopted ? tv : mergeIds(idsOf(base.tfso[f]), idsOf(b[f]), tv);
      if (!sameValue(merged, b[f])) set(out.toBusy, f, merged);
      if (!sameValue(merged, tv)) {
        if (takes(policy, kind, f)) set(out.toTfso, f, merged);
        else out.accepted.push(f);
      }
      continue;
    }
    const equal = sameValue(b[f], tv);
    const busyChanged = !adopted && !sameValue(b[f], base.busy[f]);
    const tfsoChanged = adopted || !sameValue(tv, base.tfso[f]);
    switch (fieldAction(kind, f, equal, busyChanged, tfsoChanged, policy)) {
      case 'none':
        break;
      case 'toBusy':
        set(out.toBusy, f, tv);
        break;
      case 'toBusyConflict':
        set(out.toBusy, f, tv);
        out.conflicts.push({ field: f, busy: b[f], tfso: tv, kept: 'tfso' });
        break;
      case 'toTfsoConflict':
        set(out.toTfso, f, b[f]);
        out.conflicts.push({ field: f, busy: b[f], tfso: tv, kept: 'busy' });
        break;
      case 'restoreBusy':
        set(out.toBusy, f, tv);
        out.restored.push({ field: f, busy: b[f], tfso: tv, kept: 'tfso' });
        break;
      case 'toTfso':
        set(out.toTfso, f, b[f]);
        break;
      case 'accept':
        out.accepted.push(f);
        break;
    }
  }
  return out;
}

export function isNoop(d: Decision): boolean {
  return (
    d.action === 'none' ||
    (d.action === 'update' && !Object.keys(d.toBusy).length && !Object.keys(d.toTfso).length && !d.conflicts.length && !d.restored.length)
  );
}
