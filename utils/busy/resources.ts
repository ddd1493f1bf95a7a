// Typed wrappers over BusyClient, one module per resource. Lists are for sync: oldest change first
// (updatedAt asc), archived rows included by default, every page read, every record validated.
export * from './clients';
export * from './projects';
export * from './tags';
export * from './tasks';
export * from './users';
export type { ActiveFilter } from './resource-helpers';
export type { BusyClientRecord, BusyProject, BusyProjectTag, BusyProjectUser, BusyTag, BusyTask, BusyUser } from './schemas';
