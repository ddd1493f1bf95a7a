// The simulators' indexes answer exactly what the scans they replace answered, under any sequence
// of writes: each is run against the plain scan on random operations (fast-check).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GroupedMap } from './busy/state.js';
import { runList, sortedRows } from './busy/pagination.js';
import { filterBy, findById, forget, hasActive } from './tfso/lookup.js';

type Rec = { id: string; g: string | null; at: string; isActive: boolean };

const recArb = fc.record({
  id: fc.integer({ min: 1, max: 8 }).map(String),
  g: fc.constantFrom('a', 'b', 'c', null),
  at: fc.integer({ min: 0, max: 5 }).map((d) => `2026-01-0${d + 1}T00:00:00.000Z`),
  isActive: fc.boolean(),
});

describe('Busy GroupedMap', () => {
  it('group(g) equals filtering values() by the field, through set, delete, clear and re-set after in-place edits', () => {
    const op = fc.oneof(
      fc.record({ t: fc.constant('set' as const), key: fc.integer({ min: 1, max: 8 }).map(String), rec: recArb }),
      fc.record({ t: fc.constant('delete' as const), key: fc.integer({ min: 1, max: 8 }).map(String) }),
      fc.record({ t: fc.constant('clear' as const) }),
      // An in-place edit of the grouping field followed by set (what PATCH and /_sim/edit do).
      fc.record({
        t: fc.constant('edit' as const),
        key: fc.integer({ min: 1, max: 8 }).map(String),
        g: fc.constantFrom('a', 'b', 'c', null),
      }),
      // An in-place edit moving a record out of its group, without set: seen on the next read of that group.
      fc.record({ t: fc.constant('editOut' as const), key: fc.integer({ min: 1, max: 8 }).map(String) }),
      fc.record({ t: fc.constant('read' as const), g: fc.constantFrom('a', 'b', 'c', null) }),
    );
    fc.assert(
      fc.property(fc.array(op, { minLength: 10, maxLength: 120 }), (ops) => {
        const m = new GroupedMap<Rec>((r) => r.g);
        for (const o of ops) {
          if (o.t === 'set') m.set(o.key, { ...o.rec });
          else if (o.t === 'delete') m.delete(o.key);
          else if (o.t === 'clear') m.clear();
          else if (o.t === 'edit') {
            const r = m.get(o.key);
            if (r) {
              r.g = o.g;
              m.set(o.key, r);
            }
          } else if (o.t === 'editOut') {
            const r = m.get(o.key);
            if (r) {
              const old = r.g;
              r.g = 'moved';
              expect(m.group(old)).toEqual([...m.values()].filter((x) => x.g === old));
            }
          } else expect(m.group(o.g)).toEqual([...m.values()].filter((x) => x.g === o.g));
        }
        for (const g of ['a', 'b', 'c', null, 'moved']) {
          const got = m.group(g);
          const want = [...m.values()].filter((x) => x.g === g);
          expect(got.length).toBe(want.length);
          got.forEach((r, i) => expect(r).toBe(want[i]));
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('Busy sortedRows and runList on a table', () => {
  const sortPlain = (rows: Rec[], by: 'at', sign: number) =>
    [...rows].sort((x, y) => {
      const a = Date.parse(String(x[by])) || 0,
        b = Date.parse(String(y[by])) || 0;
      return (a - b || Number(x.id) - Number(y.id)) * sign;
    });

  it('stays the plain sort of the table through writes into the table and into its records', () => {
    const op = fc.oneof(
      fc.record({ t: fc.constant('set' as const), key: fc.integer({ min: 1, max: 8 }).map(String), rec: recArb }),
      fc.record({ t: fc.constant('delete' as const), key: fc.integer({ min: 1, max: 8 }).map(String) }),
      fc.record({ t: fc.constant('touch' as const), key: fc.integer({ min: 1, max: 8 }).map(String), at: fc.integer({ min: 0, max: 5 }) }),
      fc.record({ t: fc.constant('read' as const), sign: fc.constantFrom(1 as const, -1 as const) }),
    );
    fc.assert(
      fc.property(fc.array(op, { minLength: 10, maxLength: 120 }), (ops) => {
        const m = new Map<string, Rec>();
        for (const o of ops) {
          if (o.t === 'set') m.set(o.key, { ...o.rec, id: o.key });
          else if (o.t === 'delete') m.delete(o.key);
          else if (o.t === 'touch') {
            const r = m.get(o.key);
            if (r) r.at = `2026-02-0${o.at + 1}T00:00:00.000Z`;
          } else {
            const got = sortedRows(m, 'at', o.sign);
            const want = sortPlain([...m.values()], 'at', o.sign);
            expect(got.length).toBe(want.length);
            got.forEach((r, i) => expect(r).toBe(want[i]));
          }
        }
      }),
    );
  });

  it('a page of a Map is the page of a copy of its rows, for any valid or invalid query', () => {
    const spec = {
      orderBy: { values: ['at', 'createdAt'], default: 'at' },
      isActive: true,
      dates: { atFrom: { field: 'at' as const, bound: 'from' as const }, atTo: { field: 'at' as const, bound: 'to' as const } },
    };
    // Bounds on the records' own instants, whole days, before 1970 (records without a time sort as 0) and invalid.
    const bound = fc.option(
      fc.oneof(
        fc.integer({ min: 0, max: 6 }).map((d) => `2026-01-0${d + 1}T00:00:00.000Z`),
        fc.integer({ min: 1, max: 7 }).map((d) => `2026-01-0${d}`),
        fc.constantFrom('1969-12-31', '1960-01-01T00:00:00Z', '2026-01-03T12:00:00+02:00', 'x'),
      ),
      { nil: undefined },
    );
    const query = fc.record({
      atFrom: bound,
      atTo: bound,
      orderBy: fc.option(fc.constantFrom('at', 'createdAt', 'nope'), { nil: undefined }),
      orderByDirection: fc.option(fc.constantFrom('asc', 'desc', 'up'), { nil: undefined }),
      isActive: fc.option(fc.constantFrom('true', 'false', 'all'), { nil: undefined }),
      limit: fc.option(fc.integer({ min: 0, max: 12 }).map(String), { nil: undefined }),
      offset: fc.option(fc.integer({ min: 0, max: 4 }).map(String), { nil: undefined, freq: 2 }),
    });
    const withOdd = fc.oneof({ weight: 5, arbitrary: recArb }, { weight: 1, arbitrary: recArb.map((r) => ({ ...r, at: 'not a time' })) });
    fc.assert(
      fc.property(fc.array(withOdd, { maxLength: 40 }), query, (recs, q) => {
        const m = new Map<string, Rec & { createdAt?: string }>();
        for (const r of recs) m.set(r.id, { ...r });
        const params = new URLSearchParams(Object.entries(q).filter(([, v]) => v !== undefined) as [string, string][]);
        const run = (all: Rec[] | Map<string, Rec>) => {
          try {
            return runList(all, params, spec).rows;
          } catch (e) {
            return (e as Error).message;
          }
        };
        const viaMap = run(m),
          viaCopy = run([...m.values()]);
        expect(viaMap).toEqual(viaCopy);
        if (Array.isArray(viaMap)) viaMap.forEach((r, i) => expect(r).toBe((viaCopy as Rec[])[i]));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('24SO lookups', () => {
  type T = { id: number; projectId: number; active: boolean };
  const tArb = fc.record({ id: fc.integer({ min: 1, max: 12 }), projectId: fc.integer({ min: 1, max: 3 }), active: fc.boolean() });

  const edits = [
    fc.record({ t: fc.constant('push' as const), rec: tArb }),
    fc.record({ t: fc.constant('splice' as const), i: fc.nat(), n: fc.integer({ min: 0, max: 2 }) }),
    // In-place edits: of the id (found on the next lookup), and of the grouping field the way
    // SaveProjectTask does it (with forget).
    fc.record({ t: fc.constant('editId' as const), i: fc.nat(), id: fc.integer({ min: 1, max: 12 }) }),
    fc.record({ t: fc.constant('move' as const), i: fc.nat(), projectId: fc.integer({ min: 1, max: 3 }) }),
    // Reordered in place, the last record kept (same length, same last record).
    fc.record({ t: fc.constant('sort' as const) }),
  ];
  type Edit =
    | { t: 'push'; rec: T }
    | { t: 'splice'; i: number; n: number }
    | { t: 'editId'; i: number; id: number }
    | { t: 'move'; i: number; projectId: number }
    | { t: 'replace'; i: number; rec: T }
    | { t: 'sort' };
  function apply(arr: T[], o: Edit): void {
    if (o.t === 'push') arr.push({ ...o.rec });
    else if (!arr.length) return;
    else if (o.t === 'splice') arr.splice(o.i % arr.length, o.n);
    else if (o.t === 'replace') arr[o.i % arr.length] = { ...o.rec };
    else if (o.t === 'sort') {
      const last = arr.pop()!;
      arr.sort((a, b) => b.id - a.id);
      arr.push(last);
    } else if (o.t === 'editId') arr[o.i % arr.length]!.id = o.id;
    else {
      forget(arr);
      arr[o.i % arr.length]!.projectId = o.projectId;
    }
  }

  it('findById and hasActive equal find and some through pushes, splices, replacements and in-place edits (findById: a match when ids repeat)', () => {
    const op = fc.oneof(
      ...edits,
      fc.record({ t: fc.constant('replace' as const), i: fc.nat(), rec: tArb }),
      fc.record({ t: fc.constant('find' as const), id: fc.integer({ min: 0, max: 13 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { minLength: 10, maxLength: 120 }), (ops) => {
        const arr: T[] = [];
        for (const o of ops) {
          if (o.t === 'find') {
            // Ids are unique in the simulator: then the index answers exactly what find does. An
            // in-place edit or replacement can make a duplicate BEFORE the indexed record, which the
            // index cannot see without the scan it replaces: with duplicates it promises a match.
            const matches = arr.filter((x) => x.id === o.id);
            if (matches.length <= 1) expect(findById(arr, o.id)).toBe(matches[0]);
            else expect(matches).toContain(findById(arr, o.id));
            expect(hasActive(arr, o.id)).toBe(arr.some((x) => x.id === o.id && x.active));
          } else apply(arr, o);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("filterBy equals filter through pushes, splices (several between two reads) and the simulator's edits", () => {
    const op = fc.oneof(...edits, fc.record({ t: fc.constant('group' as const), projectId: fc.integer({ min: 0, max: 4 }) }));
    fc.assert(
      fc.property(fc.array(op, { minLength: 10, maxLength: 120 }), (ops) => {
        const arr: T[] = [];
        for (const o of ops) {
          if (o.t !== 'group') {
            apply(arr, o);
            continue;
          }
          const got = filterBy(arr, 'projectId', o.projectId),
            want = arr.filter((x) => x.projectId === o.projectId);
          expect(got.length).toBe(want.length);
          got.forEach((r, i) => expect(r).toBe(want[i]));
        }
      }),
      { numRuns: 500 },
    );
  });
});
