import type { Sims } from './sims';

/** The default client's data in the 24SO simulator. */
export function tfsoData(sims: Sims) {
  const identity = sims.tfso.state.identities.find((i) => i.isDefault) ?? sims.tfso.state.identities[0]!;
  return sims.tfso.state.clients[identity.clientId]!;
}

/**
 * R6, R11 after a full sync: every 24SO project has exactly one Busy project carrying its id
 * (externalId and number), active ↔ active, inactive ↔ archived; returns the mismatches.
 */
export function projectMismatches(sims: Sims): string[] {
  const data = tfsoData(sims);
  const activeStatus = new Map(data.statuses.map((s) => [s.id, s.active]));
  const busyProjects = [...sims.busy.state.projects.values()];
  const problems: string[] = [];
  for (const p of data.projects) {
    const mirrors = busyProjects.filter((b) => b.externalId === String(p.id));
    if (mirrors.length !== 1) {
      problems.push(`24SO project ${p.id} "${p.name}" has ${mirrors.length} Busy projects`);
      continue;
    }
    const b = mirrors[0]!;
    if (b.number !== String(p.id)) problems.push(`Busy project ${b.id} number ${b.number} ≠ 24SO id ${p.id}`);
    if (b.isActive !== (activeStatus.get(p.statusId) ?? true)) problems.push(`project ${p.id}: Busy isActive ${b.isActive}`);
  }
  return problems;
}
