// What the generic master-data loop (pairing.ts → pair-actions.ts → apply.ts) needs to know of one
// kind: how to read, map and write it on each side. One `KindSpec` per kind (kinds.ts), typed by
// the kind's records and model, so the loop reads `b.name` or `m.active` without a cast.
import type { BusyClientRecord, BusyProject, BusyTag } from '../busy/schemas';
import type { Link } from '../store/types';
import type { TfsoCompany } from '../tfso/company';
import type { TfsoProject } from '../tfso/project';
import type { TfsoWorkType } from '../tfso/time';
import type { MatchRecord } from './matching';
import type { Fields, MasterKind, ModelOf } from './model';

/** Each master kind's record on either side. */
interface Records {
  customer: { busy: BusyClientRecord; tfso: TfsoCompany };
  workType: { busy: BusyTag; tfso: TfsoWorkType };
  project: { busy: BusyProject; tfso: TfsoProject };
}
export type BusyOf<K extends MasterKind> = Records[K]['busy'];
export type TfsoOf<K extends MasterKind> = Records[K]['tfso'];

export interface KindSpec<K extends MasterKind> {
  kind: K;
  tfsoId(t: TfsoOf<K>): string;
  /** The 24SO id a Busy record says it mirrors (its marker), if any. */
  busyMarker(b: BusyOf<K>): string | null;
  /** Whether the Busy record carries the marker fully (else it is written back). */
  markerOk(b: BusyOf<K>, tfsoId: string): boolean;
  busyModel(b: BusyOf<K>): ModelOf<K>;
  tfsoModel(t: TfsoOf<K>): ModelOf<K>;
  busyTs(b: BusyOf<K>): string;
  tfsoTs(t: TfsoOf<K>): string | null;
  /** Busy records: all, or changed since. */
  listBusy(since: Date | undefined): Promise<BusyOf<K>[]>;
  /** False: this side has no change filter, it is read whole every time. */
  busyHasSince: boolean;
  listTfso(since: Date | undefined): Promise<TfsoOf<K>[]>;
  tfsoHasSince: boolean;
  fetchTfso(ids: string[]): Promise<TfsoOf<K>[]>;
  createBusy(t: TfsoOf<K>, m: ModelOf<K>): Promise<BusyOf<K>>;
  /** Writes a decision's fields (24SO's id space) to the Busy record. */
  patchBusy(b: { id: string }, fields: Fields): Promise<BusyOf<K>>;
  archiveBusy(id: string): Promise<BusyOf<K>>;
  writeMarker(b: BusyOf<K>, tfsoId: string): Promise<BusyOf<K>>;
  /** What matching (matching.ts) compares of a record typed in by hand. */
  busyMatch(b: BusyOf<K>): MatchRecord;
  tfsoMatch(t: TfsoOf<K>): MatchRecord;
  /** Every 24SO record of the kind (for matching when this run read only changes). */
  listTfsoWhole(): Promise<TfsoOf<K>[]>;
  /** Creates the record in 24SO (undefined: this kind never goes Busy → 24SO). */
  createTfso?(b: BusyOf<K>, m: ModelOf<K>): Promise<string>;
  updateTfso?(t: TfsoOf<K> | undefined, tfsoId: string, m: ModelOf<K>): Promise<void>;
  /** Called with every batch of records read, before any of them is mapped: loads what mapping
   * them needs (the project kind: the customer links they refer to). */
  prepare?(busy: readonly BusyOf<K>[], tfso: readonly TfsoOf<K>[], links?: readonly Link[]): Promise<void>;
  /** The Busy id a 24SO record was made from (its origin marker, origin.ts), if any. */
  tfsoOrigin?(t: TfsoOf<K>): string | null;
  /** A fresh look on Busy (fresh.ts): the records carrying these 24SO ids and these records
   * themselves, or everything changed since `since` (Busy's clock) that may hold them. */
  freshBusy(q: { tfsoIds: string[]; busyIds: string[]; since?: Date }): Promise<BusyOf<K>[]>;
  /** A fresh look on 24SO: records whose origin marker names these Busy ids (changed since). */
  freshTfso?(q: { busyIds: string[]; since?: Date }): Promise<TfsoOf<K>[]>;
  /** A Busy copy made twice (fresh.ts look-again): archived, without the marker. */
  retireBusy(b: BusyOf<K>): Promise<BusyOf<K>>;
  /** The 24SO name as it is, and the longest name Busy takes for the kind (a longer one is cut). */
  tfsoName?(t: TfsoOf<K>): string;
  busyNameMax?: number;
}

/** 24SO ids are integers: an externalId of another shape belongs to some other system. */
export const numeric = (s: string | null) => (s !== null && /^\d+$/.test(s) ? s : null);

/** A decision's name and active fields as a Busy patch (`active` is Busy's `isActive`). */
export function namePatch(f: Fields): { name?: string; isActive?: boolean } {
  const out: { name?: string; isActive?: boolean } = {};
  if ('name' in f) out.name = f.name;
  if ('active' in f) out.isActive = f.active;
  return out;
}
