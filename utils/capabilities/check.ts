// One spec check, stored: detection (detect.ts) merged into what the store knew (record.ts rules),
// written to SyncStore.meta. Shared by the extension's service and the Node command line / tests.
import type { SyncStore } from '../store/types';
import { detectCapabilities, type DetectDeps } from './detect';
import { readRecord } from './handle';
import { CAPABILITIES_META_KEY, emptyRecord, mergeSpec, type CapabilitiesRecord, type CheckedBases } from './record';

const sameBases = (a: CheckedBases | undefined, b: CheckedBases) =>
  !!a && a.tfsoApi === b.tfsoApi && a.tfsoWebservices === b.tfsoWebservices && a.busyApi === b.busyApi;

export function basesOfCheck(d: Pick<DetectDeps, 'tfsoBases' | 'busyApiBase'>): CheckedBases {
  return { tfsoApi: d.tfsoBases.api, tfsoWebservices: d.tfsoBases.webservices, busyApi: d.busyApiBase };
}

/** Whether the stored check is missing, older than `maxAgeMs`, or was made against other addresses. */
export function checkDue(r: CapabilitiesRecord, bases: CheckedBases, now: Date, maxAgeMs: number): boolean {
  return !r.checkedAt || now.getTime() - Date.parse(r.checkedAt) >= maxAgeMs || !sameBases(r.bases, bases);
}

/** `force`: the documents decide afresh, also over run-time findings (the admin's "check again"). */
export async function checkCapabilities(store: Pick<SyncStore, 'meta'>, deps: DetectDeps, force = false): Promise<CapabilitiesRecord> {
  const bases = basesOfCheck(deps);
  const d = await detectCapabilities(deps);
  const prev = await readRecord(store);
  // Another server: what was seen at run time there says nothing here. (No addresses recorded:
  // only run-time findings so far, made with the settings in force.)
  const start = !prev.bases || sameBases(prev.bases, bases) ? prev : emptyRecord();
  const next: CapabilitiesRecord = {
    ...mergeSpec(start, d.entries, d.checkedAt, d.busySpecUrl, force),
    bases,
    documents: d.documents,
    missingTfsoOperations: d.missingTfsoOperations,
  };
  await store.meta.put(CAPABILITIES_META_KEY, next);
  return next;
}
