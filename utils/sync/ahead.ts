// Bounded read-ahead for the per-project phases (members, tasks): the READS of the next projects
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
