// Lookups into a client's plain arrays (projects, tasks, companies) without a scan per request.
// The arrays stay the truth: tests push to them, replace them and edit records in place. An index
// belongs to one array object and is rebuilt when that array's length or last record changes (a
// push, a splice); every hit is checked
// against the array and the record, and a lookup that misses falls back to the scan it replaces, so
// a stale index costs a rebuild, never a different answer. The limit: a grouping (tasks by project)
// cannot see a record edited or put in place (`arr[i] = x`) INTO a group; the simulator's own
// writes of a grouping field call `forget`, and nothing else edits these fields in place.

type Field = string;
type Rec = object;

/** Where each value of one field sits: positions and the records found there when indexed. */
interface Index {
  len: number;
  last: Rec | undefined;
  at: Map<unknown, { i: number; x: Rec }[]>;
}
const indexes = new WeakMap<Rec[], Map<Field, Index>>();

function indexOf(arr: Rec[], field: Field): Index {
  let per = indexes.get(arr);
  if (!per) {
    per = new Map();
    indexes.set(arr, per);
  }
  let ix = per.get(field);
  // A push, a splice or both (the last record then differs) make a new index.
  if (!ix || ix.len !== arr.length || ix.last !== arr[arr.length - 1]) {
    const at = new Map<unknown, { i: number; x: Rec }[]>();
    for (let i = 0; i < arr.length; i++) {
      const x = arr[i]!;
      const k = (x as Record<string, unknown>)[field];
      const list = at.get(k);
      if (list) list.push({ i, x });
      else at.set(k, [{ i, x }]);
    }
    ix = { len: arr.length, last: arr[arr.length - 1], at };
    per.set(field, ix);
  }
  return ix;
}

/** Drops `arr`'s indexes (after the simulator changed an indexed field in place). */
export function forget(arr: Rec[]): void {
  indexes.delete(arr);
}

/**
 * `arr.find((x) => x[field] === value)` where the value is unique (ids). With duplicates made by an
 * in-place edit or replacement before the indexed record, it is a match, not necessarily the first.
 */
export function findBy<T extends Rec, K extends keyof T & string>(arr: T[], field: K, value: unknown): T | undefined {
  const first = indexOf(arr, field).at.get(value)?.[0];
  if (first !== undefined) {
    if (arr[first.i] === first.x && (first.x as T)[field] === value) return first.x as T;
    forget(arr);
  }
  return arr.find((x) => x[field] === value);
}

/** `arr.find((x) => x.id === id)`. */
export const findById = <T extends { id: number }>(arr: T[], id: unknown): T | undefined => findBy(arr, 'id', id);

/** `arr.filter((x) => x[field] === value)`, in array order. */
export function filterBy<T extends Rec, K extends keyof T & string>(arr: T[], field: K, value: unknown): T[] {
  const at = indexOf(arr, field).at.get(value);
  if (!at) return [];
  const out: T[] = [];
  for (const { i, x } of at) {
    if (arr[i] !== x || (x as T)[field] !== value) {
      forget(arr);
      return arr.filter((y) => y[field] === value);
    }
    out.push(x as T);
  }
  return out;
}

/** `arr.some((x) => x.id === id && x.active)`: the indexed record decides when it is active, else the scan. */
export function hasActive<T extends { id: number; active: boolean }>(arr: T[], id: unknown): boolean {
  return findById(arr, id)?.active === true || arr.some((x) => x.id === id && x.active);
}
