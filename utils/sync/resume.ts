// Where a long per-project phase (members, tasks) of a complete run got to, so that a run stopped
// part-way (the request budget spent, the worker stopped, a session gone) resumes after the last
// project it finished instead of starting over: a first import or a daily run at 20,000 projects
// spreads over hours and still ends. Kept in the store per trigger and phase; cleared when the
// phase ends. Positions are Busy project ids, in the order the phases walk them.
import { z } from 'zod';
import { readMeta } from '../store/types';
import type { RunCtx } from './context';

const PositionSchema = z.strictObject({ after: z.string().regex(/^\d+$/), at: z.iso.datetime({ offset: true }) });
/** Positions are saved every this many projects (and at a stop): a few repeated at most. */
export const SAVE_EVERY = 20;

const key = (ctx: RunCtx, phase: 'members' | 'tasks') => `resume.${ctx.trigger}.${phase}`;

/** The Busy project id the phase finished last time it was cut off, if any. */
export async function resumeAfter(ctx: RunCtx, phase: 'members' | 'tasks'): Promise<string | null> {
  return (await readMeta(ctx.store, key(ctx, phase), PositionSchema).catch(() => undefined))?.after ?? null;
}

/** Tracks a phase's progress; `done` clears the position. */
export function positionKeeper(ctx: RunCtx, phase: 'members' | 'tasks') {
  let n = 0;
  let last: string | null = null;
  // Saved only after what it covers is committed (the run's buffered link writes first).
  const save = async () => {
    if (!last) return;
    await ctx.flushLinks();
    await ctx.store.meta.put(key(ctx, phase), { after: last, at: ctx.now().toISOString() });
  };
  return {
    async finished(busyId: string): Promise<void> {
      last = busyId;
      if (++n % SAVE_EVERY === 0) await save();
    },
    /** After a stop: the last project finished is where the next run starts from. */
    save,
    async done(): Promise<void> {
      await ctx.store.meta.put(key(ctx, phase), null);
    },
  };
}

/** Projects after the position (the list is in Busy id order, as the store gives it). */
export function after<T extends { busyId: string }>(xs: readonly T[], pos: string | null): T[] {
  return pos === null ? [...xs] : xs.filter((x) => x.busyId > pos);
}
