// Deciding, the second job of the master-data loop: what the engine will do with one pair, as a
// value (vdirsyncer's way: decide first, then act). The table is decisions.ts; this adds what only
// the records know (a marker naming a 24SO record we could not see, another system's marker, an
// archived Busy-only record). Shared by the run (apply.ts does each action) and the plan (plan.ts).
import { CONFLICT_POLICY, type ConflictPolicy, type Decision, decide, type UpdateDecision } from './decisions';
import { type KindSpec, numeric } from './kind-spec';
import type { MasterKind, ModelOf } from './model';
import type { Pair } from './pairing';

/** An action that writes, or leaves the pair alone, with the decision it follows from. */
export type Planned = { adopt: boolean } & (
  | { action: 'update'; decision: UpdateDecision }
  | { action: 'unchanged'; decision?: Decision }
  | { action: 'skip' | 'archiveMarked' | 'createBusy' | 'warnBusyOnly' | 'createTfso' | 'archiveBusy' | 'dropLink'; decision?: Decision }
);
export type PlannedAction = Planned['action'];

export function decidePair<K extends MasterKind>(
  spec: KindSpec<K>,
  p: Pair<K>,
  tfsoComplete: boolean,
  policy: ConflictPolicy = CONFLICT_POLICY,
): Planned {
  // Adopt: a Busy record that carries the 24SO id (or was matched to it), with no link yet.
  const adopt = !p.link && !!p.b && !!p.t;
  // A Busy record whose marker names a 24SO record we could not see: when 24SO was read whole,
  // the record is gone there; otherwise leave it for the next complete read.
  if (!p.link && !adopt && p.b && spec.busyMarker(p.b)) {
    if (!tfsoComplete) return { adopt, action: 'skip' };
    return { adopt, action: p.bm?.active ? 'archiveMarked' : 'unchanged' };
  }
  const link = p.link ?? (adopt ? { busy: {}, tfso: {} } : undefined);
  const d = decide(spec.kind, link ? { busy: link.busy, tfso: link.tfso } : undefined, p.bm, p.tm, policy);
  switch (d.action) {
    case 'none':
      return { adopt, action: 'unchanged', decision: d };
    case 'warnBusyOnly':
      return { adopt, action: p.bm?.active ? 'warnBusyOnly' : 'unchanged' };
    case 'createTfso': {
      if (!spec.createTfso) return { adopt, action: 'skip' };
      // marked by some other integration (an externalId that is no 24SO id): not ours to copy
      if (p.b!.externalId !== null && !numeric(p.b!.externalId)) return { adopt, action: 'unchanged' };
      // an archived Busy-only record stays Busy's
      if (!p.bm?.active) return { adopt, action: 'unchanged' };
      return { adopt, action: 'createTfso' };
    }
    case 'update':
      return { adopt, action: 'update', decision: d };
    default:
      return { adopt, action: d.action, decision: d };
  }
}

/** An update that archives the Busy record (counted as an archive, not an update). */
export function archives(d: Decision, bm: ModelOf<MasterKind> | null): boolean {
  return d.action === 'update' && d.toBusy.active === false && bm?.active === true;
}
