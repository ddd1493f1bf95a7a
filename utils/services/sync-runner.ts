// One sync at a time. A run asked for while the same kind of run is going joins it; any other
// waits for the current one and then runs (each trigger queued at most once).

import type { SyncTrigger } from '../sync/triggers';

export type { SyncTrigger } from '../sync/triggers';

export interface SyncRunner<R> {
  run(trigger: SyncTrigger): Promise<R>;
  /** The trigger of the run going now, if any. */
  current(): SyncTrigger | null;
}

export function createSyncRunner<R>(execute: (trigger: SyncTrigger) => Promise<R>): SyncRunner<R> {
  let running: { trigger: SyncTrigger; promise: Promise<R> } | null = null;
  const queued = new Map<SyncTrigger, Promise<R>>();
  let tail: Promise<unknown> = Promise.resolve();

  function start(trigger: SyncTrigger): Promise<R> {
    const promise = tail.then(async () => {
      queued.delete(trigger);
      const p = execute(trigger);
      running = { trigger, promise: p };
      try {
        return await p;
      } finally {
        running = null;
      }
    });
    // A failed run must not stop the ones queued behind it.
    tail = promise.catch(() => undefined);
    return promise;
  }

  return {
    run(trigger) {
      if (running?.trigger === trigger && !queued.has(trigger)) return running.promise;
      const waiting = queued.get(trigger);
      if (waiting) return waiting;
      const p = start(trigger);
      queued.set(trigger, p);
      return p;
    },
    current: () => running?.trigger ?? null,
  };
}
