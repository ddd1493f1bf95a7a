// Property (R22 exactly once): random approvals, edits, deletions, orders, faults at every step of
// a send (SaveHour/DeleteHour/SaveInvoices failing or committing with the answer lost, the Busy
// marker PATCH failing, the worker stopping between SaveHour and the ledger write), with transfer
// passes in between; then faults off and two clean passes. Always:
//   - no Busy entry is ever in 24SO twice (checked after EVERY pass, not only at the end);
//   - every eligible active entry whose master data is sendable is in 24SO exactly once with the
//     right fields, and Busy's externalId names that hour;
//   - no deleted entry remains in 24SO; no Busy order became two 24SO orders.
// Default ≈ 20 runs; PROPERTY_RUNS=200 for a longer campaign.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FaultKind } from '../sim/faults';
import type { SyncStore } from '../../utils/store/types';
import { isEligible } from '../../utils/hours';
import { withMarker } from '../../utils/hours/marker';
import { startHoursWorld, type HoursWorld } from './harness';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 20);

type Step =
  | { t: 'approve'; i: number; n: number }
  | { t: 'edit'; i: number; minutes: number }
  | { t: 'delete'; i: number }
  | { t: 'order'; i: number }
  | { t: 'fault'; op: 'SaveHour' | 'DeleteHour' | 'SaveInvoices' | 'PATCH /hourEntries/{hourEntryId}'; kind: FaultKind }
  | { t: 'crash' }
  | { t: 'pass' };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ t: fc.constant('approve' as const), i: fc.nat(), n: fc.integer({ min: 1, max: 6 }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('edit' as const), i: fc.nat(), minutes: fc.integer({ min: 15, max: 240 }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('delete' as const), i: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('order' as const), i: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('fault' as const),
      op: fc.constantFrom('SaveHour' as const, 'DeleteHour' as const, 'SaveInvoices' as const, 'PATCH /hourEntries/{hourEntryId}' as const),
      kind: fc.constantFrom<FaultKind>('http500', 'lostAnswer', 'soapFault', 'truncated'),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ t: 'crash' as const }) },
  { weight: 3, arbitrary: fc.constant({ t: 'pass' as const }) },
);

function noDuplicates(w: HoursWorld): void {
  const seen = new Map<string, number>();
  for (const h of w.tfsoHours()) {
    const m = /\[Busy (\d+)\]$/.exec(h.description);
    if (!m) continue;
    expect(seen.has(m[1]!), `Busy entry ${m[1]} twice in 24SO (hours ${seen.get(m[1]!)} and ${h.id})`).toBe(false);
    seen.set(m[1]!, h.id);
  }
}

describe('property: hours exactly once', () => {
  it(`random approvals, edits, deletions, orders and faults never lose or duplicate an hour (${RUNS} runs)`, async () => {
    let runs = 0;
    let passes = 0;
    const t0 = Date.now();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('on-approval' as const, 'on-order' as const),
        fc.array(step, { minLength: 4, maxLength: 18 }),
        async (mode, steps) => {
          runs++;
          const w = await startHoursWorld();
          try {
            const all = () => [...w.busy.state.hourEntries.values()].sort((a, b) => Number(a.id) - Number(b.id));
            const projects = [
              ...new Set(
                all()
                  .map((h) => h.projectId!)
                  .filter(Boolean),
              ),
            ].sort();
            let crash = false;
            const pass = async () => {
              passes++;
              const real = w.store;
              let armed = crash;
              crash = false;
              const store: SyncStore = armed
                ? {
                    ...real,
                    hours: {
                      ...real.hours,
                      put: async (rec, log) => {
                        if (armed && rec.state === 'unmarked') {
                          armed = false;
                          throw new Error('worker stopped');
                        }
                        return real.hours.put(rec, log);
                      },
                    },
                  }
                : real;
              await w.transfer(mode, { deps: { ...w.deps, store } });
              noDuplicates(w);
            };
            for (const s of steps) {
              const es = all();
              if (s.t === 'approve') w.approve(es.slice(s.i % es.length, (s.i % es.length) + s.n).map((h) => h.id));
              else if (s.t === 'edit') {
                const h = es[s.i % es.length]!;
                if (h.isActive)
                  w.edit(h.id, {
                    description: `endret ${s.minutes}`,
                    stopTime: new Date(Date.parse(h.startTime) + s.minutes * 60_000).toISOString(),
                    totalMinutes: s.minutes,
                    billableMinutes: Math.min(h.billableMinutes, s.minutes),
                  });
              } else if (s.t === 'delete') {
                const h = es[s.i % es.length]!;
                if (h.invoiceId === null) w.edit(h.id, { isActive: false });
              } else if (s.t === 'order') {
                try {
                  w.order(projects[s.i % projects.length]!);
                } catch {
                  /* nothing to order */
                }
              } else if (s.t === 'fault')
                (s.op.startsWith('PATCH') ? w.busy.faults : w.tfso.faults).add({ op: s.op, kind: s.kind, count: 1, message: 'feil' });
              else if (s.t === 'crash') crash = true;
              else await pass();
            }
            w.tfso.faults.clear();
            w.busy.faults.clear();
            await pass();
            await pass();

            const byMarker = new Map(w.tfsoHours().map((h) => [/\[Busy (\d+)\]$/.exec(h.description)?.[1], h]));
            for (const e of all()) {
              const h = byMarker.get(e.id);
              const rec = await w.store.hours.get(e.id);
              if (!e.isActive) {
                expect(h, `deleted entry ${e.id} still in 24SO`).toBeUndefined();
                continue;
              }
              if (!isEligible(e as never, mode)) continue;
              if (rec?.state === 'skipped') {
                expect(h).toBeUndefined();
                continue;
              } // master data not sendable: listed with a reason
              expect(h, `eligible entry ${e.id} missing in 24SO (ledger: ${JSON.stringify(rec)})`).toBeDefined();
              expect(h).toMatchObject({ startTime: e.startTime, stopTime: e.stopTime, description: withMarker(e.description, e.id) });
              // 24SO decimals are written with 15 significant digits (formatDecimal)
              expect(h!.totalHours).toBeCloseTo(e.totalMinutes / 60, 10);
              expect(h!.totalHoursInvoice).toBeCloseTo(e.billableMinutes / 60, 10);
              expect(e.externalId).toBe(String(h!.id));
            }
            const orders = await w.store.orders.all();
            const client = w.tfso.state.clients[w.tfso.state.identities.find((i) => i.isDefault)!.clientId]!;
            expect(client.invoices.length).toBeLessThanOrEqual(orders.filter((o) => o.state === 'sent' || o.state === 'uncertain').length);
            expect(new Set(orders.filter((o) => o.tfsoOrderId).map((o) => o.tfsoOrderId)).size).toBe(
              orders.filter((o) => o.tfsoOrderId).length,
            );
          } finally {
            await w.close();
          }
        },
      ),
      { numRuns: RUNS },
    );
    console.log(`[hours property] ${runs} runs, ${passes} transfer passes, ${Date.now() - t0} ms`);
  }, 600_000);
});
