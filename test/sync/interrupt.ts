// Interrupting a run at each of its writes: the seed, the reference outcome and a comparison of
// both simulators' state by natural keys (names, 24SO ids as names), so that two worlds that
// reached the same state through different histories compare equal.
import { expect } from 'vitest';
import { makeSeed } from '../sim/seeds/company';
import type { SeedCompany } from '../sim/seeds/types';
import { expectNoDuplicates } from './checks';
import { fails, startWorld, tfsoData, type World } from './harness';

/** The demo company plus work on every path: a new 24SO work type, a Busy-only task. */
export function interruptSeed(): SeedCompany {
  const s = makeSeed('demo');
  s.tfso.workTypes.push({ id: 90, name: 'Reisetid', invoiceable: false, price: 0, productId: null, active: true });
  const bp = s.busy.projects.find((p) => p.isActive && p.externalId && p.userIds.length)!;
  s.busy.tasks.push({
    id: '15900',
    projectId: bp.id,
    name: 'Oppgave laget i Busy',
    state: 'todo',
    externalId: null,
    isActive: true,
    assigneeIds: [bp.userIds[0]!],
    updatedAt: s.now,
  });
  return s;
}

const READS = /^(GET |Get|Login$|HasSession$)/;

export function writeOps(counts: Record<string, number>): string[] {
  return Object.keys(counts)
    .filter((op) => !READS.test(op))
    .sort();
}

/** Both sides' state by natural keys. */
export function snapshot(w: World): unknown {
  const d = tfsoData(w);
  const b = w.busy.state;
  const tName = new Map<string, string>([
    ...d.projects.map((p) => [`p${p.id}`, `P:${p.name}`] as const),
    ...d.workTypes.map((x) => [`w${x.id}`, `W:${x.name}`] as const),
    ...d.tasks.map((t) => [`t${t.id}`, `T:${t.name}`] as const),
    ...d.companies.map((c) => [`c${c.id}`, `C:${c.name}`] as const),
  ]);
  const ref = (k: string, id: string | number | null) => (id === null ? null : (tName.get(`${k}${id}`) ?? `?${k}${id}`));
  const active = (statusId: number) => d.statuses.find((s) => s.id === statusId)?.active ?? true;
  const sort = <T>(xs: T[]) => xs.map((x) => JSON.stringify(x)).sort();
  return {
    busyClients: sort([...b.clients.values()].map((c) => [ref('c', c.externalId), c.name, c.isActive])),
    busyProjects: sort(
      [...b.projects.values()].map((p) => [
        ref('p', p.externalId),
        p.number === p.externalId,
        p.name,
        p.isActive,
        p.clientId ? ref('c', b.clients.get(p.clientId)!.externalId) : null,
        [...b.membersOf(p.id).keys()].sort(),
      ]),
    ),
    busyTags: sort([...b.tags.values()].map((t) => [ref('w', t.externalId), t.name, t.isActive])),
    busyTasks: sort(
      [...b.tasks.values()].map((t) => [
        ref('t', t.externalId),
        t.name,
        t.isActive,
        ref('p', b.projects.get(t.projectId)!.externalId),
        [...b.assigneesOf(t.id).keys()].sort(),
      ]),
    ),
    tfsoProjects: sort(d.projects.map((p) => [p.name, active(p.statusId), p.customerId, [...p.participants].sort()])),
    tfsoWorkTypes: sort(d.workTypes.map((x) => [x.name, x.active])),
    tfsoTasks: sort(d.tasks.map((t) => [ref('p', t.projectId), t.name, [...t.participants].sort()])),
  };
}

export interface Reference {
  state: unknown;
  /** Write operations of an uninterrupted first run, with how often each was called. */
  busyWrites: [op: string, calls: number][];
  tfsoWrites: [op: string, calls: number][];
}

export async function reference(): Promise<Reference> {
  const w = await startWorld(interruptSeed());
  try {
    w.busy.resetCounts();
    w.tfso.resetCounts();
    expect(fails(await w.sync('full'))).toBe('');
    const bc = w.busy.counts(),
      tc = w.tfso.counts();
    const busyWrites = writeOps(bc).map((op) => [op, bc[op]!] as [string, number]);
    const tfsoWrites = writeOps(tc).map((op) => [op, tc[op]!] as [string, number]);
    expect(fails(await w.sync('full'))).toBe('');
    return { state: snapshot(w), busyWrites, tfsoWrites };
  } finally {
    await w.close();
  }
}

/** Which calls of an operation to interrupt: every one of them. */
export function callsToHit(calls: number): number[] {
  return Array.from({ length: calls }, (_, i) => i + 1);
}

/**
 * The n-th call of `op` fails (or is done with its answer lost) — the calls before it pass
 * untouched ('slow' with no delay) — then runs until one succeeds (bounded): the state must be the
 * reference's.
 */
export async function interruptAt(
  ref: Reference,
  system: 'busy' | 'tfso',
  op: string,
  kind: 'http500' | 'lostAnswer',
  nth = 1,
): Promise<void> {
  const w = await startWorld(interruptSeed());
  try {
    const faults = (system === 'busy' ? w.busy : w.tfso).faults;
    if (nth > 1) faults.add({ op, kind: 'slow', delayMs: 0, count: nth - 1 });
    faults.add({ op, kind, count: 1 });
    const first = await w.sync('full');
    expect(first.ok, `the fault on call ${nth} of ${op} stops the run`).toBe(false);
    expect((system === 'busy' ? w.busy : w.tfso).faults.list(), 'the fault was hit').toEqual([]);
    const rec = (await w.store.runs.recent(1))[0]!;
    expect(rec.ok === false && rec.error?.code, 'the run record holds the error').toMatch(/^(unreachable|remote_fault|bad_response)$/);
    let ok = false;
    for (let i = 0; i < 3 && !ok; i++) ok = (await w.sync('full')).ok;
    expect(ok, 'a later run completes').toBe(true);
    expect(fails(await w.sync('full'))).toBe('');
    expect((await w.store.journal.pending()).filter((e) => e.state === 'pending')).toEqual([]);
    expectNoDuplicates(w);
    expect(snapshot(w)).toEqual(ref.state);
  } finally {
    await w.close();
  }
}
