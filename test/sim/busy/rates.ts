// The hourly rate Busy bills an hour entry at: the entry's explicit rate, else the tag's rate on the
// project, else the tag's default rate, else the project's rate. [A] Busy's exact precedence (billBy)
// is not public; this order is a plausible one.
import type { HourEntry } from './schemas.js';
import type { BusyState } from './state.js';

export function hourlyRateOf(state: BusyState, h: Pick<HourEntry, 'hourlyRate' | 'projectId' | 'tagId'>): number {
  if (h.hourlyRate != null) return Number(h.hourlyRate);
  const project = h.projectId ? state.projects.get(h.projectId) : undefined;
  const onProject = h.projectId && h.tagId ? state.projectTags.get(h.projectId)?.get(h.tagId) : undefined;
  if (onProject && Number(onProject.hourlyRate) > 0) return Number(onProject.hourlyRate);
  const tag = h.tagId ? state.tags.get(h.tagId) : undefined;
  if (tag?.defaultHourlyRate != null && Number(tag.defaultHourlyRate) > 0) return Number(tag.defaultHourlyRate);
  return project ? Number(project.hourlyRate) : 0;
}
