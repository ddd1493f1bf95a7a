// A kind's cursors: where its next run reads each side's changes from. Read again from `overlap`
// before the cursor (late commits, equal timestamps); once that window has been re-read with
// nothing newer found, strictly after it.
import type { Cursor, EntityKind } from '../store/types';
import type { RunCtx } from './context';
import type { ReadMode } from './triggers';

/** Marks a cursor whose overlap window was re-read with nothing newer (kept in idsAtCursor, the
 * one free-form field of the store's Cursor). */
export const SETTLED = '#settled';
export const settledOf = (c: Cursor) => c.idsAtCursor.includes(SETTLED);

/** Where to read a side from: undefined = whole. */
export const readSince = (ctx: RunCtx, mode: ReadMode, c: Cursor | undefined): Date | undefined =>
  mode === 'all' || !c ? undefined : new Date(Date.parse(c.at) + (settledOf(c) ? 1 : -ctx.overlapMs));

/** This run's own Busy writes of a kind: the newest stamp they got and a local time by which it
 * existed, and the first one's stamp less the time its list took (for a first cursor). */
export interface OwnWrites {
  own?: { upTo: string; seenAt: string };
  firstOwn?: number;
}

/**
 * The kind's cursors after a run, from what it read (`busy`/`tfso`: each record's id and stamp),
 * to be committed only after everything they cover is. `busyReadAt`: local time the Busy list was
 * asked for.
 */
export function nextCursors(
  ctx: RunCtx,
  mode: ReadMode,
  kind: EntityKind,
  read: {
    cursorB?: Cursor;
    cursorT?: Cursor;
    busyReadAt: number;
    busy: [id: string, ts: string | null][] | null;
    tfso: [id: string, ts: string | null][] | null;
  },
  { own, firstOwn }: OwnWrites,
): Cursor[] {
  const { cursorB, cursorT } = read;
  const cursors: Cursor[] = [];
  const next = (side: 'busy' | 'tfso', prev: Cursor | undefined, stamps: [id: string, ts: string | null][]): Cursor | undefined => {
    let at = prev?.at ?? '';
    for (const [, ts] of stamps) if (ts && ts > at) at = ts;
    if (!at) return undefined;
    if (prev && at === prev.at) {
      // Nothing newer: the window behind the cursor has now been read again; from here on read
      // strictly after it (else a batch stamped at one instant would be re-read every run).
      return settledOf(prev) || mode === 'all' ? undefined : { ...prev, idsAtCursor: [...prev.idsAtCursor, SETTLED] };
    }
    return { kind, side, at, idsAtCursor: stamps.filter(([, ts]) => ts === at).map(([id]) => id) };
  };
  if (read.busy) {
    let cb = next('busy', cursorB, read.busy);
    // The overlap window is re-read because a record stamped shortly before a read may become
    // visible only after it (late commits). When every record this read returned is stamped no
    // later than our own earlier writes, and the read was sent at least `overlap` after those
    // writes had been answered, then the server's clock at the read was past the new cursor plus
    // the overlap: the window is complete already and the next run reads strictly after it.
    // (Typically: the first incremental after an import, which re-reads the import's own writes.)
    const prevOwn = cursorB?.ownWrites;
    if (cb && !settledOf(cb) && prevOwn && cb.at <= prevOwn.upTo && read.busyReadAt - Date.parse(prevOwn.seenAt) >= ctx.overlapMs) {
      cb = { ...cb, idsAtCursor: [...cb.idsAtCursor, SETTLED] };
    }
    // Remember this run's own writes (the next run's read will return them).
    const keep = own ?? (prevOwn && cb && prevOwn.upTo > cb.at ? prevOwn : undefined);
    if (cb) {
      const { ownWrites: _, ...rest } = cb;
      cb = keep ? { ...rest, ownWrites: keep } : rest;
    } else if (own && cursorB) cb = { ...cursorB, ownWrites: own };
    else if (own && firstOwn !== undefined && !Number.isNaN(firstOwn) && !cursorB) {
      // Nothing was listed (an empty Busy) but we wrote: start the cursor no later than the list
      // read, so the next run reads changes since then (not Busy whole) and knows our writes.
      cb = { kind, side: 'busy', at: new Date(firstOwn).toISOString(), idsAtCursor: [], ownWrites: own };
    }
    if (cb) cursors.push(cb);
  }
  if (read.tfso && mode !== 'push') {
    const ct = next('tfso', cursorT, read.tfso);
    if (ct) cursors.push(ct);
  }
  return cursors;
}
