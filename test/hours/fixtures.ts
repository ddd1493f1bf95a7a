// Picking demo entries a test can work with.
import type { HourEntry } from '../sim/busy/schemas';
import type { HoursWorld } from './harness';

/** Active, not yet approved entries on projects whose hours already reached 24SO (so the project,
 * work type and task are linked and the project is active), distinct projects first. */
export function sendable(w: HoursWorld, n: number, filter: (h: HourEntry) => boolean = () => true): HourEntry[] {
  const sentProjects = new Set([...w.busy.state.hourEntries.values()].filter((h) => h.externalId).map((h) => h.projectId));
  const okTags = new Set([...w.busy.state.hourEntries.values()].filter((h) => h.externalId).map((h) => h.tagId));
  const pool = [...w.busy.state.hourEntries.values()].filter(
    (h) =>
      h.isActive &&
      h.approvalStatus !== 'approved' &&
      !h.externalId &&
      h.invoiceId === null &&
      sentProjects.has(h.projectId) &&
      okTags.has(h.tagId) &&
      h.taskId === null &&
      filter(h),
  );
  if (pool.length < n) throw new Error(`only ${pool.length} sendable entries`);
  return pool.slice(0, n);
}
