// One behaviour suite for every SyncStore implementation (IndexedDB and files): the engine must
// not be able to tell them apart.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type {
  Cursor,
  HourLedgerRecord,
  JournalEntry,
  Link,
  OrderLedgerRecord,
  RunRecord,
  StoreName,
  SyncStore,
  TransferLogEntry,
  Warning,
} from '../../utils/store/types';
import { readMeta } from '../../utils/store/types';
import { StoreConflictError, StoreCorruptError, StoreInvalidRecordError } from '../../utils/store/errors';
import { MAX_RUNS, type CorruptHandler } from '../../utils/store/records';

export interface StoreHarness {
  /** Opens the SAME underlying storage every time (reopen = persistence). */
  open(opts?: { onCorrupt?: CorruptHandler }): Promise<SyncStore>;
  /** Writes a record bypassing validation, as disk damage or an old bug would. Store closed. */
  writeRaw(store: StoreName, key: string | [string, string], value: unknown): Promise<void>;
}

const T0 = Date.parse('2025-03-03T08:00:00.000Z');
export const at = (min: number) => new Date(T0 + min * 60_000).toISOString();

export const link = (kind: Link['kind'], busyId: string, tfsoId: string, extra: Partial<Link> = {}): Link => ({
  kind,
  busyId,
  tfsoId,
  busy: { name: `B ${busyId}`, isActive: true },
  tfso: { name: `T ${tfsoId}`, statusId: 1 },
  syncedAt: at(0),
  ...extra,
});
const cursor = (kind: Cursor['kind'], side: Cursor['side'], min: number, ids: string[] = []): Cursor => ({
  kind,
  side,
  at: at(min),
  idsAtCursor: ids,
});
const entry = (id: string, min: number, state: JournalEntry['state'] = 'pending'): JournalEntry => ({
  id,
  kind: 'project',
  target: 'tfso',
  op: 'create',
  sourceId: `b-${id}`,
  payload: { name: 'Nytt prosjekt æøå' },
  startedAt: at(min),
  state,
});
const run = (id: string, trigger: string, min: number, extra: Partial<RunRecord> = {}): RunRecord => ({
  id,
  trigger,
  startedAt: at(min),
  ...extra,
});
const warning = (key: string, min: number, extra: Partial<Warning> = {}): Warning => ({
  key,
  code: 'busy_only_customer',
  messageKey: 'warnBusyOnlyCustomer',
  substitutions: ['Kunde AS'],
  createdAt: at(min),
  ...extra,
});

export function storeContract(label: string, makeHarness: () => Promise<StoreHarness>): void {
  const withStore = async (fn: (s: SyncStore, h: StoreHarness) => Promise<void>) => {
    const h = await makeHarness();
    const s = await h.open();
    try {
      await fn(s, h);
    } finally {
      s.close();
    }
  };

  describe(`SyncStore contract: ${label}`, () => {
    it('a link is found by its Busy id and by its 24SO id; unknown ids give undefined', () =>
      withStore(async (s) => {
        const l = link('project', 'b1', '101');
        await s.links.put(l);
        expect(await s.links.get('project', 'busy', 'b1')).toEqual(l);
        expect(await s.links.get('project', 'tfso', '101')).toEqual(l);
        expect(await s.links.get('project', 'busy', '101')).toBeUndefined();
        expect(await s.links.get('project', 'tfso', 'b1')).toBeUndefined();
        expect(await s.links.get('customer', 'busy', 'b1')).toBeUndefined();
      }));

    it('put with the same kind and Busy id replaces the link, and its old 24SO id no longer finds it', () =>
      withStore(async (s) => {
        await s.links.put(link('project', 'b1', '101'));
        await s.links.put(link('project', 'b1', '102', { busy: { name: 'renamed' } }));
        expect((await s.links.get('project', 'busy', 'b1'))?.tfsoId).toBe('102');
        expect(await s.links.get('project', 'tfso', '101')).toBeUndefined();
        expect((await s.links.get('project', 'tfso', '102'))?.busy).toEqual({ name: 'renamed' });
        expect(await s.links.count('project')).toBe(1);
        // the freed 24SO id can be linked to another Busy record
        await s.links.put(link('project', 'b2', '101'));
        expect((await s.links.get('project', 'tfso', '101'))?.busyId).toBe('b2');
      }));

    it('links are kept per kind: all/count see only their kind, equal ids in two kinds do not clash', () =>
      withStore(async (s) => {
        await s.links.putMany([
          link('project', 'b2', '2'),
          link('project', 'b1', '1'),
          link('customer', 'b1', '1'),
          link('task', 'x', '9'),
        ]);
        expect((await s.links.all('project')).map((l) => l.busyId)).toEqual(['b1', 'b2']);
        expect(await s.links.count('project')).toBe(2);
        expect(await s.links.count('customer')).toBe(1);
        expect(await s.links.count('workType')).toBe(0);
        expect(await s.links.all('user')).toEqual([]);
        expect((await s.links.get('customer', 'tfso', '1'))?.kind).toBe('customer');
      }));

    it('getMany finds links of several ids on either side at once; unlinked ids, other kinds and repeats are left out', () =>
      withStore(async (s) => {
        await s.links.putMany([link('project', 'b1', '101'), link('project', 'b2', '102'), link('customer', 'b3', '103')]);
        const byBusy = await s.links.getMany('project', 'busy', ['b2', 'nope', 'b1', 'b3', 'b2']);
        expect([...byBusy.keys()].sort()).toEqual(['b1', 'b2']);
        expect(byBusy.get('b2')).toEqual(link('project', 'b2', '102'));
        const byTfso = await s.links.getMany('project', 'tfso', ['102', '103', '999']);
        expect([...byTfso.keys()]).toEqual(['102']);
        expect(byTfso.get('102')?.busyId).toBe('b2');
        expect((await s.links.getMany('project', 'busy', [])).size).toBe(0);
        // a relinked 24SO id is found under its new Busy id only
        await s.links.put(link('project', 'b1', '105'));
        expect([...(await s.links.getMany('project', 'tfso', ['101', '105'])).values()].map((l) => l.busyId)).toEqual(['b1']);
      }));

    it('a cursor keeps its own-writes note through a reopen; one without it reads back without it', async () => {
      const h = await makeHarness();
      const a = await h.open();
      const withOwn: Cursor = { ...cursor('project', 'busy', 3, ['7']), ownWrites: { upTo: at(9), seenAt: at(10) } };
      await a.cursors.put(withOwn);
      await a.cursors.put(cursor('customer', 'busy', 1));
      await expect(a.cursors.put({ ...cursor('task', 'busy', 1), ownWrites: { upTo: 'soon', seenAt: at(1) } })).rejects.toBeInstanceOf(
        StoreInvalidRecordError,
      );
      a.close();
      const b = await h.open();
      try {
        expect(await b.cursors.get('project', 'busy')).toEqual(withOwn);
        expect(await b.cursors.get('customer', 'busy')).toEqual(cursor('customer', 'busy', 1));
        expect(await b.cursors.get('task', 'busy')).toBeUndefined();
      } finally {
        b.close();
      }
    });

    it('delete removes a link by kind and Busy id (both lookups), and deleting an unknown one is a no-op', () =>
      withStore(async (s) => {
        await s.links.putMany([link('project', 'b1', '1'), link('customer', 'b1', '1')]);
        await s.links.delete('project', 'b1');
        await s.links.delete('project', 'nope');
        expect(await s.links.get('project', 'busy', 'b1')).toBeUndefined();
        expect(await s.links.get('project', 'tfso', '1')).toBeUndefined();
        expect(await s.links.count('customer')).toBe(1);
      }));

    it('links are one-to-one: a 24SO id already linked to another Busy id is a StoreConflictError and nothing of the call is written', () =>
      withStore(async (s) => {
        await s.links.put(link('project', 'b1', '101'));
        await expect(s.links.put(link('project', 'b2', '101'))).rejects.toBeInstanceOf(StoreConflictError);
        await expect(s.links.putMany([link('project', 'b3', '103'), link('project', 'b4', '103')])).rejects.toBeInstanceOf(
          StoreConflictError,
        );
        expect((await s.links.all('project')).map((l) => l.busyId)).toEqual(['b1']);
      }));

    it('an invalid record is refused with StoreInvalidRecordError before anything is written', () =>
      withStore(async (s) => {
        await expect(s.links.put({ ...link('project', 'b1', '1'), syncedAt: 'yesterday' })).rejects.toBeInstanceOf(StoreInvalidRecordError);
        await expect(
          s.links.putMany([link('project', 'b2', '2'), { ...link('project', 'b3', '3'), kind: 'invoice' as never }]),
        ).rejects.toBeInstanceOf(StoreInvalidRecordError);
        await expect(s.cursors.put({ ...cursor('project', 'busy', 1), extra: 1 } as Cursor)).rejects.toBeInstanceOf(
          StoreInvalidRecordError,
        );
        await expect(s.journal.put({ ...entry('j1', 0), op: 'delete' as never })).rejects.toBeInstanceOf(StoreInvalidRecordError);
        await expect(s.warnings.put({ ...warning('w', 0), substitutions: [1] as never })).rejects.toBeInstanceOf(StoreInvalidRecordError);
        await expect(s.runs.put({ ...run('r', 'full', 0), counts: { created: -1 } })).rejects.toBeInstanceOf(StoreInvalidRecordError);
        expect(await s.links.count('project')).toBe(0);
        expect(await s.cursors.get('project', 'busy')).toBeUndefined();
        expect(await s.journal.pending()).toEqual([]);
        expect(await s.warnings.open()).toEqual([]);
        expect(await s.runs.recent(5)).toEqual([]);
      }));

    it('cursors: one per kind and side, put replaces', () =>
      withStore(async (s) => {
        await s.cursors.put(cursor('project', 'busy', 1, ['7']));
        await s.cursors.put(cursor('project', 'tfso', 2));
        await s.cursors.put(cursor('project', 'busy', 3, ['8', '9']));
        expect(await s.cursors.get('project', 'busy')).toEqual(cursor('project', 'busy', 3, ['8', '9']));
        expect(await s.cursors.get('project', 'tfso')).toEqual(cursor('project', 'tfso', 2));
        expect(await s.cursors.get('customer', 'busy')).toBeUndefined();
      }));

    it('journal: pending lists only pending entries in start order; delete removes one', () =>
      withStore(async (s) => {
        await s.journal.put(entry('j2', 5));
        await s.journal.put(entry('j1', 1));
        await s.journal.put(entry('j3', 3, 'done'));
        expect((await s.journal.pending()).map((e) => e.id)).toEqual(['j1', 'j2']);
        await s.journal.put({ ...entry('j1', 1), state: 'done', resultId: '555' });
        await s.journal.delete('j2');
        await s.journal.delete('unknown');
        expect(await s.journal.pending()).toEqual([]);
      }));

    it('runs: recent(n) is newest first; lastByTrigger gives the newest run of each trigger; put replaces by id', () =>
      withStore(async (s) => {
        await s.runs.put(run('r1', 'full', 1, { ok: true, finishedAt: at(2), counts: { created: 3 } }));
        await s.runs.put(run('r2', 'incremental', 10));
        await s.runs.put(run('r3', 'full', 20, { progress: { done: 1, total: 4 } }));
        await s.runs.put(
          run('r4', 'customers', 5, { ok: false, error: { code: 'unreachable', messageKey: 'errUnreachableTfso', substitutions: [] } }),
        );
        expect((await s.runs.recent(3)).map((r) => r.id)).toEqual(['r3', 'r2', 'r4']);
        expect(await s.runs.recent(0)).toEqual([]);
        await s.runs.put(run('r3', 'full', 20, { ok: true, finishedAt: at(21) }));
        const last = await s.runs.lastByTrigger();
        expect(Object.keys(last).sort()).toEqual(['customers', 'full', 'incremental']);
        expect(last.full).toEqual(run('r3', 'full', 20, { ok: true, finishedAt: at(21) }));
        expect(last.customers?.error?.code).toBe('unreachable');
      }));

    it(`runs: history is capped near ${MAX_RUNS}, but the newest run of every trigger survives pruning`, () =>
      withStore(async (s) => {
        await s.runs.put(run('old-worktypes', 'worktypes', -1000));
        for (let i = 0; i < MAX_RUNS + 60; i++) await s.runs.put(run(`p${String(i).padStart(4, '0')}`, 'push', i));
        const recent = await s.runs.recent(10_000);
        expect(recent.length).toBeLessThanOrEqual(MAX_RUNS + 50);
        expect(recent.length).toBeGreaterThanOrEqual(MAX_RUNS);
        expect(recent[0]!.id).toBe(`p${String(MAX_RUNS + 59).padStart(4, '0')}`);
        expect((await s.runs.lastByTrigger()).worktypes?.id).toBe('old-worktypes');
      }));

    it('warnings: same key replaces, resolve removes, open lists by creation time', () =>
      withStore(async (s) => {
        await s.warnings.put(warning('busyOnlyCustomer:2', 5));
        await s.warnings.put(warning('busyOnlyCustomer:1', 1, { kind: 'customer' }));
        await s.warnings.put(warning('busyOnlyCustomer:2', 6, { substitutions: ['Ny AS'] }));
        expect((await s.warnings.open()).map((w) => [w.key, w.substitutions[0]])).toEqual([
          ['busyOnlyCustomer:1', 'Kunde AS'],
          ['busyOnlyCustomer:2', 'Ny AS'],
        ]);
        await s.warnings.resolve('busyOnlyCustomer:1');
        await s.warnings.resolve('never-was');
        expect((await s.warnings.open()).map((w) => w.key)).toEqual(['busyOnlyCustomer:2']);
      }));

    it('commit writes link, journal done, cursor, warning and resolution together', () =>
      withStore(async (s) => {
        await s.journal.put(entry('j1', 0));
        await s.warnings.put(warning('stale', 0));
        await s.commit({
          links: [link('project', 'b1', '101')],
          journalDone: ['j1', 'already-gone'],
          cursors: [cursor('project', 'busy', 4)],
          warnings: [warning('overwritten:b1', 4)],
          resolveWarnings: ['stale'],
        });
        expect(await s.links.get('project', 'tfso', '101')).toEqual(link('project', 'b1', '101'));
        expect(await s.journal.pending()).toEqual([]);
        expect(await s.cursors.get('project', 'busy')).toEqual(cursor('project', 'busy', 4));
        expect((await s.warnings.open()).map((w) => w.key)).toEqual(['overwritten:b1']);
        await s.commit({});
      }));

    it('commit is atomic: an invalid record anywhere in it rejects and nothing of that commit is written', () =>
      withStore(async (s) => {
        await s.journal.put(entry('j1', 0));
        await expect(
          s.commit({
            links: [link('project', 'b1', '101')],
            journalDone: ['j1'],
            cursors: [cursor('project', 'busy', 4)],
            warnings: [{ ...warning('w', 1), createdAt: 'not a date' }],
          }),
        ).rejects.toBeInstanceOf(StoreInvalidRecordError);
        expect(await s.links.count('project')).toBe(0);
        expect((await s.journal.pending()).map((e) => e.id)).toEqual(['j1']);
        expect(await s.cursors.get('project', 'busy')).toBeUndefined();
      }));

    it('commit is atomic: a link conflict found after its other writes rolls all of them back', () =>
      withStore(async (s) => {
        await s.links.put(link('project', 'b0', '100'));
        await s.journal.put(entry('j1', 0));
        await s.warnings.put(warning('keep', 0));
        await expect(
          s.commit({
            links: [link('project', 'b1', '101'), link('project', 'b2', '100')],
            journalDone: ['j1'],
            cursors: [cursor('project', 'tfso', 9)],
            warnings: [warning('new', 1)],
            resolveWarnings: ['keep'],
          }),
        ).rejects.toBeInstanceOf(StoreConflictError);
        expect((await s.links.all('project')).map((l) => l.busyId)).toEqual(['b0']);
        expect((await s.journal.pending()).map((e) => e.id)).toEqual(['j1']);
        expect(await s.cursors.get('project', 'tfso')).toBeUndefined();
        expect((await s.warnings.open()).map((w) => w.key)).toEqual(['keep']);
      }));

    it('reopening keeps every kind of record (persistence)', async () => {
      const h = await makeHarness();
      const a = await h.open();
      await a.links.putMany([link('project', 'b1', '101'), link('user', 'u1', '7')]);
      await a.links.delete('user', 'u1');
      await a.cursors.put(cursor('task', 'tfso', 3));
      await a.journal.put(entry('j1', 1));
      await a.runs.put(run('r1', 'full', 1, { ok: true }));
      await a.warnings.put(warning('w1', 1));
      a.close();
      const b = await h.open();
      try {
        expect(await b.links.get('project', 'tfso', '101')).toEqual(link('project', 'b1', '101'));
        expect(await b.links.count('user')).toBe(0);
        expect(await b.cursors.get('task', 'tfso')).toEqual(cursor('task', 'tfso', 3));
        expect((await b.journal.pending()).map((e) => e.id)).toEqual(['j1']);
        expect((await b.runs.lastByTrigger()).full?.ok).toBe(true);
        expect((await b.warnings.open()).map((w) => w.key)).toEqual(['w1']);
      } finally {
        b.close();
      }
    });

    it("meta: named JSON values survive a reopen; put replaces; a value that is no JSON is refused; readMeta checks the owner's schema", async () => {
      const h = await makeHarness();
      const a = await h.open();
      expect(await a.meta.get('installation')).toBeUndefined();
      await a.meta.put('installation', { id: 'inst-1', label: 'Chromium' });
      await a.meta.put('installation', { id: 'inst-2', label: 'Firefox æøå' });
      await expect(a.meta.put('bad', { f: () => 1 } as unknown)).rejects.toBeInstanceOf(StoreInvalidRecordError);
      a.close();
      const b = await h.open();
      try {
        expect(await b.meta.get('installation')).toEqual({ id: 'inst-2', label: 'Firefox æøå' });
        expect(await b.meta.get('bad')).toBeUndefined();
        const schema = z.strictObject({ id: z.string(), label: z.string() });
        expect(await readMeta(b, 'installation', schema)).toEqual({ id: 'inst-2', label: 'Firefox æøå' });
        await b.meta.put('installation', { id: 7 });
        await expect(readMeta(b, 'installation', schema)).rejects.toThrow(/installation.*id/);
      } finally {
        b.close();
      }
    });

    it('a corrupt link, cursor or journal entry stops the read with StoreCorruptError naming store and key', async () => {
      const h = await makeHarness();
      const a = await h.open();
      await a.links.put(link('project', 'b1', '101'));
      a.close();
      await h.writeRaw('links', ['project', 'b2'], { ...link('project', 'b2', '102'), syncedAt: 'garbage' });
      await h.writeRaw('cursors', ['project', 'busy'], { kind: 'project', side: 'busy', at: 42 });
      await h.writeRaw('journal', 'j9', { id: 'j9', kind: 'project', state: 'pending' });
      const s = await h.open();
      try {
        const corrupt = (store: string, key: string) => expect.objectContaining({ name: 'StoreCorruptError', store, key });
        await expect(s.links.get('project', 'busy', 'b2')).rejects.toEqual(corrupt('links', 'project/b2'));
        await expect(s.links.get('project', 'tfso', '102')).rejects.toEqual(corrupt('links', 'project/b2'));
        await expect(s.links.all('project')).rejects.toEqual(corrupt('links', 'project/b2'));
        await expect(s.links.getMany('project', 'busy', ['b1', 'b2'])).rejects.toEqual(corrupt('links', 'project/b2'));
        await expect(s.links.getMany('project', 'tfso', ['102'])).rejects.toEqual(corrupt('links', 'project/b2'));
        await expect(s.cursors.get('project', 'busy')).rejects.toEqual(corrupt('cursors', 'project/busy'));
        await expect(s.journal.pending()).rejects.toEqual(corrupt('journal', 'j9'));
        const err = await s.links.get('project', 'busy', 'b2').catch((e: unknown) => e);
        expect(err).toBeInstanceOf(StoreCorruptError);
        expect((err as Error).message).toMatch(/"links".*project\/b2.*syncedAt/);
        // healthy records are still readable
        expect((await s.links.get('project', 'busy', 'b1'))?.tfsoId).toBe('101');
      } finally {
        s.close();
      }
    });

    it('a corrupt run or warning is skipped and reported, so the history cannot block syncing', async () => {
      const h = await makeHarness();
      const a = await h.open();
      await a.runs.put(run('r1', 'full', 1));
      await a.warnings.put(warning('w1', 1));
      a.close();
      await h.writeRaw('runs', 'r2', { id: 'r2', trigger: 'full', startedAt: at(5), ok: 'yes' });
      await h.writeRaw('warnings', 'w2', { key: 'w2', code: 1 });
      const seen: StoreCorruptError[] = [];
      const s = await h.open({ onCorrupt: (e) => seen.push(e) });
      try {
        expect((await s.runs.recent(5)).map((r) => r.id)).toEqual(['r1']);
        expect((await s.runs.lastByTrigger()).full?.id).toBe('r1');
        expect((await s.warnings.open()).map((w) => w.key)).toEqual(['w1']);
        expect(seen.map((e) => `${e.store}:${e.key}`)).toEqual(['runs:r2', 'runs:r2', 'warnings:w2']);
        await s.warnings.resolve('w2');
        seen.length = 0;
        await s.warnings.open();
        expect(seen).toEqual([]);
      } finally {
        s.close();
      }
    });

    // ---- v2: the hour transfer ----
    const hourRec = (id: string, state: HourLedgerRecord['state'], extra: Partial<HourLedgerRecord> = {}): HourLedgerRecord => ({
      busyEntryId: id,
      state,
      tfsoHourId: state === 'pending' || state === 'skipped' || state === 'failed' ? null : 500 + Number(id),
      fields: {
        contactId: 7,
        projectId: 101,
        typeOfWorkId: 3,
        projectTaskId: null,
        startTime: at(0),
        stopTime: at(90),
        totalHours: 1.5,
        totalHoursInvoice: 1.5,
        description: 'Møte æøå',
      },
      busyUserId: 'u1',
      reason: null,
      updatedAt: at(1),
      ...extra,
    });
    const logEntry = (id: string, min: number, extra: Partial<TransferLogEntry> = {}): TransferLogEntry => ({
      id,
      at: at(min),
      op: 'send',
      busyId: '1',
      tfsoId: 501,
      busyUserId: 'u1',
      contactId: 7,
      projectId: 101,
      hours: 1.5,
      description: 'Møte æøå',
      ...extra,
    });

    it('hour ledger: put/get/delete by Busy entry id; unsettled lists pending, unmarked, skipped and failed only', () =>
      withStore(async (s) => {
        await s.hours.put(hourRec('1', 'sent'));
        await s.hours.put(hourRec('2', 'pending'));
        await s.hours.put(hourRec('3', 'unmarked'));
        await s.hours.put(
          hourRec('4', 'skipped', { fields: null, reason: { code: 'x', messageKey: 'hoursProjectNotLinked', substitutions: ['P'] } }),
        );
        await s.hours.put(hourRec('5', 'failed'));
        await s.hours.put(hourRec('6', 'deleted'));
        expect(await s.hours.get('1')).toEqual(hourRec('1', 'sent'));
        expect(await s.hours.get('nope')).toBeUndefined();
        const many = await s.hours.getMany(['6', 'nope', '1', '1']);
        expect([...many.keys()].sort()).toEqual(['1', '6']);
        expect(many.get('1')).toEqual(hourRec('1', 'sent'));
        expect((await s.hours.unsettled()).map((r) => r.busyEntryId)).toEqual(['2', '3', '4', '5']);
        expect((await s.hours.all()).map((r) => r.busyEntryId)).toEqual(['1', '2', '3', '4', '5', '6']);
        await s.hours.delete('2');
        expect(await s.hours.get('2')).toBeUndefined();
      }));

    it('hour ledger: a sent record without its 24SO id, or a pending one without its fields, is refused', () =>
      withStore(async (s) => {
        await expect(s.hours.put(hourRec('1', 'sent', { tfsoHourId: null }))).rejects.toBeInstanceOf(StoreInvalidRecordError);
        await expect(s.hours.put(hourRec('1', 'pending', { fields: null }))).rejects.toBeInstanceOf(StoreInvalidRecordError);
        expect(await s.hours.get('1')).toBeUndefined();
      }));

    it('a ledger record and its transfer-log entry are written together; the log reads back oldest first, recent newest first', () =>
      withStore(async (s) => {
        await s.hours.put(hourRec('1', 'unmarked'), logEntry('l2', 5));
        await s.hours.put(hourRec('2', 'unmarked'), logEntry('l1', 2, { busyId: '2' }));
        const order: OrderLedgerRecord = {
          busyOrderId: '900',
          state: 'sent',
          tfsoOrderId: 31,
          busyProjectId: '3',
          busyCreatedAt: at(0),
          reason: null,
          updatedAt: at(3),
        };
        await s.orders.put(order, logEntry('l3', 9, { op: 'order', busyId: '900', tfsoId: 31 }));
        expect((await s.transferLog.all()).map((e) => e.id)).toEqual(['l1', 'l2', 'l3']);
        expect((await s.transferLog.recent(2)).map((e) => e.id)).toEqual(['l3', 'l2']);
        expect(await s.orders.get('900')).toEqual(order);
        expect((await s.orders.all()).length).toBe(1);
        // an invalid log entry rejects the ledger write too
        await expect(s.hours.put(hourRec('3', 'unmarked'), logEntry('l4', 1, { tfsoId: 0 }))).rejects.toBeInstanceOf(
          StoreInvalidRecordError,
        );
        expect(await s.hours.get('3')).toBeUndefined();
      }));

    it('hour ledger, order ledger, cursors and log survive a reopen; a corrupt ledger record stops the read', async () => {
      const h = await makeHarness();
      const a = await h.open();
      await a.hours.put(hourRec('1', 'sent'), logEntry('l1', 1));
      await a.hourCursors.put({ name: 'hourEntries', at: at(4), idsAtCursor: ['1'] });
      a.close();
      await h.writeRaw('hourLedger', '2', { busyEntryId: '2', state: 'sent' });
      const b = await h.open();
      try {
        expect((await b.hours.get('1'))?.tfsoHourId).toBe(501);
        expect(await b.hourCursors.get('hourEntries')).toEqual({ name: 'hourEntries', at: at(4), idsAtCursor: ['1'] });
        expect((await b.transferLog.all()).map((e) => e.id)).toEqual(['l1']);
        await expect(b.hours.get('2')).rejects.toBeInstanceOf(StoreCorruptError);
        await expect(b.hours.unsettled()).rejects.toBeInstanceOf(StoreCorruptError);
        await expect(b.hours.getMany(['1', '2'])).rejects.toBeInstanceOf(StoreCorruptError);
      } finally {
        b.close();
      }
    });

    it('perf sanity: putMany of 20,000 links completes and all are found', () =>
      withStore(async (s) => {
        const links = Array.from({ length: 20_000 }, (_, i) => link('project', `b${i}`, String(100_000 + i)));
        const t = performance.now();
        await s.links.putMany(links);
        const ms = Math.round(performance.now() - t);
        console.log(`[${label}] putMany of 20,000 links: ${ms} ms`);
        expect(await s.links.count('project')).toBe(20_000);
        expect((await s.links.get('project', 'tfso', '119999'))?.busyId).toBe('b19999');
        expect((await s.links.all('project')).length).toBe(20_000);
      }));
  });
}
