// What the engine is given (SyncDeps.capabilities, HoursDeps.capabilities): the state of each
// capability as last known, and a way to record what a call showed at run time. A refusal turns a
// capability off at once and is stored (source 'runtime'), so the next run, in this worker or after
// a restart, does not ask again; a call that worked turns it on. Engine-free: only SyncStore.meta.
import { AppError } from '../core/errors';
import { readMeta, type SyncStore } from '../store/types';
import {
  CAPABILITIES_META_KEY,
  CapabilitiesRecordSchema,
  emptyRecord,
  type CapabilitiesRecord,
  type CapabilityEntry,
  type CapabilityState,
} from './record';
import type { CapabilityId } from './registry';

/**
 * Thrown inside a write the engine may not make because the capability it needs is absent: the
 * run's write helper (RunCtx.write) skips the record without a warning of its own; the phase
 * raises one warning naming everything left for the admin to do by hand.
 */
export class CapabilityAbsentError extends AppError {
  readonly code = 'capability_absent';
  readonly messageKey = 'errCapabilityAbsent';
  readonly substitutions: string[];
  constructor(readonly capability: CapabilityId) {
    super(`${capability} is absent on this server`);
    this.name = 'CapabilityAbsentError';
    this.substitutions = [capability];
  }
}

export class Capabilities {
  private constructor(
    private record: CapabilitiesRecord,
    private readonly store: Pick<SyncStore, 'meta'> | null,
    private readonly now: () => Date,
  ) {}

  /** The stored record; one that does not validate is treated as nothing known (and replaced on
   * the next write), so a bad value costs a fresh check, never a run. */
  static async load(store: Pick<SyncStore, 'meta'>, now: () => Date = () => new Date()): Promise<Capabilities> {
    return new Capabilities(await readRecord(store), store, now);
  }

  /** A fixed view (tests, the plan): observations are kept in memory only. */
  static of(record: CapabilitiesRecord, now: () => Date = () => new Date()): Capabilities {
    return new Capabilities(record, null, now);
  }

  state(id: CapabilityId): CapabilityState {
    return this.record.entries[id]?.state ?? 'unknown';
  }

  entry(id: CapabilityId): CapabilityEntry | undefined {
    return this.record.entries[id];
  }

  snapshot(): CapabilitiesRecord {
    return structuredClone(this.record);
  }

  /** What a call showed. Stored only when it changes the state (a refusal or a first success). */
  async observe(id: CapabilityId, state: 'confirmed' | 'absent', evidence: string): Promise<void> {
    if (this.state(id) === state && this.record.entries[id]?.source === 'runtime') return;
    const e: CapabilityEntry = { state, checkedAt: this.now().toISOString(), evidence: evidence.slice(0, 2000), source: 'runtime' };
    this.record = { ...this.record, entries: { ...this.record.entries, [id]: e } };
    if (!this.store) return;
    // Re-read first: the hour transfer and a sync may both observe in one worker.
    const latest = await readRecord(this.store);
    await this.store.meta.put(CAPABILITIES_META_KEY, { ...latest, entries: { ...latest.entries, [id]: e } });
  }
}

export async function readRecord(store: Pick<SyncStore, 'meta'>): Promise<CapabilitiesRecord> {
  try {
    return (await readMeta(store, CAPABILITIES_META_KEY, CapabilitiesRecordSchema)) ?? emptyRecord();
  } catch {
    return emptyRecord();
  }
}
