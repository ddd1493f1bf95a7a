import { t } from '../utils/platform/i18n';
import { tn, when } from './say';
import type { Said } from '../utils/domain/said';
import type { Request } from '../utils/protocol/requests';

// What the sync panel shows, shared by the popup's Preact panel (components/SyncPanel.tsx) and the
// content script's plain-DOM one (entrypoints/busy.content/sync-panel.ts): one wording, two renderers.

/** While a run goes, the panel follows its progress this often. */
export const POLL_RUNNING_MS = 500;
export const POLL_IDLE_MS = 5_000;

/** What the fetch buttons start: the `sync/run` request's triggers (the engine's BUTTON_TRIGGERS). */
export type ButtonTrigger = Extract<Request, { type: 'sync/run' }>['trigger'];

/**
 * "Hent prosjekter" (the full sync, R8) is the main action; "Hent kunder" (R5) and "Hent
 * arbeidstyper" (R12) fetch one kind. `runs`: the runs that show as this button running.
 */
export const SYNC_BUTTONS: readonly { trigger: ButtonTrigger; label: string; runs: readonly string[] }[] = [
  { trigger: 'projects', label: 'fetchProjects', runs: ['projects', 'full'] },
  { trigger: 'customers', label: 'fetchCustomers', runs: ['customers'] },
  { trigger: 'worktypes', label: 'fetchWorkTypes', runs: ['worktypes'] },
];

export const KIND_KEYS = { customer: 'kindCustomers', project: 'kindProjects', workType: 'kindWorkTypes', task: 'kindTasks' } as const;

/** The fields of a per-kind result the panels read. */
export interface KindResultLike {
  kind: keyof typeof KIND_KEYS;
  at: string | null;
  changedAt: string | null;
  created: number;
  updated: number;
  archived: number;
}

/** "Customers: 2 new, 1 updated, at 09:14" / "Customers: up to date at 10:02" / "… not fetched yet". */
export function resultLine(k: KindResultLike): string {
  const kind = t(KIND_KEYS[k.kind]);
  if (k.changedAt) {
    const parts = [
      k.created > 0 && tn('countNew', k.created),
      k.updated > 0 && tn('countUpdated', k.updated),
      k.archived > 0 && tn('countArchived', k.archived),
    ].filter((p): p is string => !!p);
    return t('resultChanged', [kind, parts.join(', '), when(k.changedAt)]);
  }
  return k.at ? t('resultUpToDate', [kind, when(k.at)]) : t('resultNever', [kind]);
}

/** Nothing fetched yet for any kind: one line says so (not "not fetched yet" four times). */
export const nothingFetched = (kinds: readonly KindResultLike[]) => kinds.every((k) => k.at === null);

export interface RunningLike {
  trigger: string;
  done: number;
  total: number;
  etaAt?: string | null;
}

/** Counts once they are known ("Reading both systems …" before), and the expected end of long runs. */
export function progressLine(r: RunningLike, now = Date.now()): string {
  if (r.total <= 0) return t('syncReading');
  const counts = t('syncProgress', [r.done.toLocaleString(), r.total.toLocaleString()]);
  if (!r.etaAt) return counts;
  const minutes = Math.max(1, Math.round((Date.parse(r.etaAt) - now) / 60_000));
  return `${counts} · ${tn('syncEta', minutes)}`;
}

/** The button whose run is going (it shows the spinner), if a button started it. */
export const runningButton = (r: RunningLike | null | undefined): ButtonTrigger | null =>
  (r && SYNC_BUTTONS.find((b) => b.runs.includes(r.trigger))?.trigger) ?? null;

/** Why the fetch buttons cannot be pressed now, or null. */
export function blockedReason(connected: { tfso: boolean; busy: boolean } | null, running: RunningLike | null | undefined): Said | null {
  if (running) return { messageKey: 'blockedRunning', args: [] };
  if (!connected) return { messageKey: 'blockedChecking', args: [] };
  if (!connected.tfso) return { messageKey: 'blockedTfso', args: [] };
  if (!connected.busy) return { messageKey: 'blockedBusy', args: [] };
  return null;
}
