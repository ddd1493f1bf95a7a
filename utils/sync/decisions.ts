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
// | no              | y | y | 24SO → Busy, and warn 'conflictOverwritten' with the Busy value    |
// | no              | y | n | Busy → 24SO if 24SO can take the field (BUSY_TO_TFSO);             |
// |                 |   |   |   customers: 24SO → Busy (restored) and warn 'customerEditedInBusy' (R4); |
// |                 |   |   |   otherwise keep the divergence (accepted: no write)               |
// | no              | n | n | a divergence accepted earlier: nothing                             |
// List fields (task assignees) merge per element instead: an id added or removed on one side is
// added or removed on the other; the two sides cannot contradict each other per element.
import { BUSY_TO_TFSO, FIELDS, sameValue, type AnyModel, type SyncKind } from './model';

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

export type FieldAction = 'none' | 'toBusy' | 'toBusyConflict' | 'toTfso' | 'restoreBusy' | 'accept';

export interface FieldRow {
  equal: boolean;
  busyChanged: boolean | '*';
  tfsoChanged: boolean | '*';
  action: FieldAction;
}

export const FIELD_TABLE: readonly FieldRow[] = [
  { equal: true, busyChanged: '*', tfsoChanged: '*', action: 'none' },
  { equal: false, busyChanged: false, tfsoChanged: true, action: 'toBusy' },
  { equal: false, busyChanged: true, tfsoChanged: true, action: 'toBusyConflict' },
  // resolved per kind/field by `busyOnlyAction`
  { equal: false, busyChanged: true, tfsoChanged: false, action: 'toTfso' },
  { equal: false, busyChanged: false, tfsoChanged: false, action: 'none' },
];

function busyOnlyAction(kind: SyncKind, field: string): FieldAction {
  if (kind === 'customer') return 'restoreBusy';
  return (BUSY_TO_TFSO[kind] as readonly string[]).includes(field) ? 'toTfso' : 'accept';
}

export interface LinkSnapshots {
  busy: Record<string, unknown>;
  tfso: Record<string, unknown>;
}

export interface FieldConflict {
  field: string;
  busy: unknown;
  tfso: unknown;
}

export type Decision =
  | { action: Exclude<PresenceAction, 'compare'> }
  | {
      action: 'update';
      /** Fields to write to Busy (values in the 24SO id space; the engine maps them). */
      toBusy: Record<string, unknown>;
      /** Fields to write to 24SO. */
      toTfso: Record<string, unknown>;
      /** Both sides changed and 24SO won: the Busy value that was overwritten. */
      conflicts: FieldConflict[];
      /** Customers edited in Busy: the fields put back to 24SO's value. */
      restored: FieldConflict[];
      /** Busy changes 24SO cannot take: kept in Busy, no write. */
      accepted: string[];
    };

const matches = (want: boolean | '*', got: boolean) => want === '*' || want === got;

export function fieldAction(kind: SyncKind, field: string, equal: boolean, busyChanged: boolean, tfsoChanged: boolean): FieldAction {
  const row = FIELD_TABLE.find((r) => r.equal === equal && matches(r.busyChanged, busyChanged) && matches(r.tfsoChanged, tfsoChanged));
  if (!row) throw new Error(`decision table has no row for ${kind}.${field}`);
  return row.action === 'toTfso' ? busyOnlyAction(kind, field) : row.action;
}

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
 */
export function decide(kind: SyncKind, link: LinkSnapshots | undefined, busyNow: AnyModel | null, tfsoNow: AnyModel | null): Decision {
  const row = PRESENCE_TABLE.find(
    (r) => r.link === !!link && r.busy === (busyNow ? 'present' : 'absent') && r.tfso === (tfsoNow ? 'present' : 'absent'),
  )!;
  const action = typeof row.action === 'function' ? row.action(kind) : row.action;
  if (action === 'archiveBusy' && busyNow && 'active' in busyNow && !busyNow.active) return { action: 'none' };
  if (action !== 'compare') return { action };

  link ??= { busy: {}, tfso: {} };
  const adopted = Object.keys(link.tfso).length === 0;
  const b = busyNow as unknown as Record<string, unknown>;
  const t = tfsoNow as unknown as Record<string, unknown>;
  const out = {
    action: 'update' as const,
    toBusy: {} as Record<string, unknown>,
    toTfso: {} as Record<string, unknown>,
    conflicts: [] as FieldConflict[],
    restored: [] as FieldConflict[],
    accepted: [] as string[],
  };
  for (const f of FIELDS[kind] as readonly string[]) {
    if (Array.isArray(t[f])) {
      const merged = adopted
        ? (t[f] as number[])
        : mergeIds((link.tfso[f] as number[] | undefined) ?? [], b[f] as number[], t[f] as number[]);
      if (!sameValue(merged, b[f])) out.toBusy[f] = merged;
      if (!sameValue(merged, t[f])) {
        if ((BUSY_TO_TFSO[kind] as readonly string[]).includes(f)) out.toTfso[f] = merged;
        else out.accepted.push(f);
      }
      continue;
    }
    const equal = sameValue(b[f], t[f]);
    const busyChanged = !adopted && !sameValue(b[f], link.busy[f]);
    const tfsoChanged = adopted || !sameValue(t[f], link.tfso[f]);
    switch (fieldAction(kind, f, equal, busyChanged, tfsoChanged)) {
      case 'none':
        break;
      case 'toBusy':
        out.toBusy[f] = t[f];
        break;
      case 'toBusyConflict':
        out.toBusy[f] = t[f];
        out.conflicts.push({ field: f, busy: b[f], tfso: t[f] });
        break;
      case 'restoreBusy':
        out.toBusy[f] = t[f];
        out.restored.push({ field: f, busy: b[f], tfso: t[f] });
        break;
      case 'toTfso':
        out.toTfso[f] = b[f];
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
