// The engine's triggers: for each, the phases that run and how each side is read. Everything else
// that names a trigger (the run records, the pages' schemas, the services, the command line)
// derives from this table.
//
//   full, projects  everything, both sides read whole (R3, R6, R8)
//   incremental     everything, both sides' changes since the cursors (R7)
//   push            work types, projects, members, tasks; Busy's changes, 24SO counterparts by id (R9)
//   customers       customers, whole (R5)        worktypes  work types, whole (R12)
//   tasks           members and tasks of every active linked project, whole

/** all: both sides read completely (absence = gone). since: both sides' changes since the cursors.
 * push: Busy's changes only; the 24SO counterparts are fetched by id. */
export type ReadMode = 'all' | 'since' | 'push';
export type Step = 'customers' | 'workTypes' | 'projects' | 'members' | 'tasks';

export const PLAN = {
  full: { mode: 'all', steps: ['customers', 'workTypes', 'projects', 'members', 'tasks'] },
  incremental: { mode: 'since', steps: ['customers', 'workTypes', 'projects', 'members', 'tasks'] },
  push: { mode: 'push', steps: ['workTypes', 'projects', 'members', 'tasks'] },
  customers: { mode: 'all', steps: ['customers'] },
  projects: { mode: 'all', steps: ['customers', 'workTypes', 'projects', 'members', 'tasks'] },
  worktypes: { mode: 'all', steps: ['workTypes'] },
  tasks: { mode: 'all', steps: ['members', 'tasks'] },
} as const satisfies Record<string, { mode: ReadMode; steps: readonly Step[] }>;

export type SyncTrigger = keyof typeof PLAN;
export const SYNC_TRIGGERS = Object.keys(PLAN) as SyncTrigger[];
export const isSyncTrigger = (s: string): s is SyncTrigger => (SYNC_TRIGGERS as string[]).includes(s);

/** What a person's fetch buttons start: "Hent kunder" (R5), "Hent prosjekter" (the full sync, R8),
 * "Hent arbeidstyper" (R12). */
export const BUTTON_TRIGGERS = ['customers', 'projects', 'worktypes'] as const satisfies readonly SyncTrigger[];
export type ButtonTrigger = (typeof BUTTON_TRIGGERS)[number];

/** The runs the schedule starts (push every minute, hourly, daily). */
export const SCHEDULED_TRIGGERS = ['push', 'incremental', 'full'] as const satisfies readonly SyncTrigger[];
