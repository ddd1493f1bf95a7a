// Bounded overlap. readAhead (members, tasks phases): the READS of the next projects
// run while the current one is compared and written, at most `depth` requests in flight in all.
// Writes stay sequential, in project order, and journalled as before; a project's reads never
// depend on another project's writes (each reads only its own members, tasks and assignees).
// A failed read surfaces when its project's turn comes, exactly where the sequential loop would
// have met it; reads already started for later projects are then abandoned.

/** Up to this many requests in flight: the reads ahead plus the current project's write. */
export const READ_AHEAD = 4;

export async function* readAhead<T, R>(items: readonly T[], read: (t: T) => Promise<R>, depth = READ_AHEAD): AsyncGenerator<[T, R]> {
  const inFlight: Promise<R>[] = [];
  let next = 0;
  for (let i = 0; i < items.length; i++) {
    while (next < items.length && inFlight.length < depth) {
      const p = read(items[next++]!);
      p.catch(() => undefined); // awaited below in its turn; not an unhandled rejection meanwhile
      inFlight.push(p);
    }
    yield [items[i]!, await inFlight.shift()!];
  }
}

/**
 * Runs `each` over `items` with at most `depth` running at once (the master phases: most pairs
 * are compared without a request; the creates and updates among them overlap). Each pair's own
 * steps stay in order (journal → remote write → commit), so exactly-once holds as in the
 * sequential loop: a write interrupted anywhere is recovered through its own journal entry.
 * After a failure no new item starts; those running are awaited (their commits land), then the
 * first error is thrown.
 */
export async function forEachBounded<T>(items: Iterable<T>, each: (t: T) => Promise<void>, depth = READ_AHEAD): Promise<void> {
  const running = new Set<Promise<void>>();
  let failed: { e: unknown } | undefined;
  for (const item of items) {
    if (failed) break;
    while (running.size >= depth) await Promise.race(running);
    if (failed) break;
    const p: Promise<void> = each(item).then(
      () => {
        running.delete(p);
      },
      (e: unknown) => {
        running.delete(p);
        failed ??= { e };
      },
    );
    running.add(p);
  }
  await Promise.all(running);
  if (failed) throw failed.e;
}
