// Busy's part of the `/_sim/*` controls (the shared ones live in test/sim/control.ts): the
// settings (settings.ts), and mutations tests need — approve hours, create/finalize an order, edit a record as
// someone would in Busy's own UI.
import { z } from 'zod';
import { ControlError, type SimControl } from '../control.js';
import type { FaultQueue } from '../faults.js';
import type { SeedName } from '../seeds/types.js';
import { approveEntries, createOrder, finalizeOrder, NothingToOrder } from './orders.js';
import type { BusySettings } from './settings.js';
import type { BusyState, ResourceName } from './state.js';

export interface BusyControlDeps {
  state: BusyState;
  faults: FaultQueue;
  clock: () => Date;
  /** Checks and applies a settings patch (throws ControlError 400), returns the settings in force. */
  configure(patch: Record<string, unknown>): BusySettings;
  settings(): BusySettings;
  counts(): Record<string, number>;
  resetCounts(): void;
  expireSessions(): void;
  reseed(name: SeedName): Promise<void>;
}

const EDITABLE = ['users', 'clients', 'projects', 'tags', 'tasks', 'hourEntries'] as const satisfies readonly ResourceName[];

export function busyControl(d: BusyControlDeps): SimControl {
  return {
    state: () => d.state.dump(),
    faults: d.faults,
    counts: d.counts,
    resetCounts: d.resetCounts,
    expireSessions: d.expireSessions,
    reseed: d.reseed,
    clock: d.clock,
    config: d.configure,
    settings: d.settings,
    extra: {
      'POST /approve': {
        body: z.strictObject({ hourEntryIds: z.array(z.string()) }),
        handle: (b: { hourEntryIds: string[] }) => ({ approved: approveEntries(d.state, b.hourEntryIds).map((h) => h.id) }),
      },
      'POST /order': {
        body: z.strictObject({ projectId: z.string() }),
        handle: (b: { projectId: string }) => {
          try {
            return createOrder(d.state, b.projectId, null);
          } catch (e) {
            if (e instanceof NothingToOrder) throw new ControlError(422, e.message);
            throw e;
          }
        },
      },
      'POST /finalize': {
        body: z.strictObject({ invoiceId: z.string() }),
        handle: (b: { invoiceId: string }) => {
          const inv = finalizeOrder(d.state, b.invoiceId, null);
          if (!inv) throw new ControlError(404, `no draft invoice ${b.invoiceId}`);
          return inv;
        },
      },
      'POST /edit': {
        body: z.strictObject({ resource: z.enum(EDITABLE), id: z.string(), patch: z.record(z.string(), z.unknown()) }),
        // No validation beyond "existing fields only"; updatedAt bumped unless the patch sets it.
        handle: (b: { resource: (typeof EDITABLE)[number]; id: string; patch: Record<string, unknown> }) => {
          const rec = (d.state[b.resource] as Map<string, Record<string, unknown>>).get(b.id);
          if (!rec) throw new ControlError(404, `no ${b.resource} ${b.id}`);
          const unknown = Object.keys(b.patch).filter((k) => !(k in rec) || k === 'id');
          if (unknown.length) throw new ControlError(400, `not fields of ${b.resource}: ${unknown.join(', ')}`);
          Object.assign(rec, { updatedAt: d.state.stamp() }, b.patch);
          (d.state[b.resource] as Map<string, Record<string, unknown>>).set(b.id, rec); // a grouped table files it again
          return rec;
        },
      },
    },
  };
}
