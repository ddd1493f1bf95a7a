// The sync state as the pages show it (issue 17): the engine's view (utils/services/sync.ts) plus
// per-kind results, the attention list (utils/domain/attention.ts) and whether the plan is confirmed.
// Engine-free; reads the store and the settings the background passes in.
import { z } from 'zod';
import type { SyncService } from './sync';
import { rateLimitHold } from './sync';
import type { SettingsStore } from '../domain/settings';
import type { SyncStore } from '../store/types';
import { readMeta } from '../store/types';
import type { SyncView } from '../protocol/answers';
import { attentionItems, dismissFingerprint } from '../domain/attention';
import { kindResults, newestFinished } from '../domain/run-results';
import { AppError } from '../core/errors';

/** Runs read for the per-kind results: the push runs every minute, so about the last hour and a half. */
export const RECENT_RUNS = 100;

/** Dismissed warnings: key → the substitutions they had (store meta, validated on read). */
export const DISMISSED_KEY = 'ui.dismissedWarnings';
const dismissedSchema = z.record(z.string(), z.string());

export interface SyncOverviewDeps {
  sync: SyncService;
  store: () => Promise<SyncStore>;
  settings: SettingsStore;
  now: () => Date;
}

async function dismissedOf(store: SyncStore): Promise<Record<string, string>> {
  try {
    return (await readMeta(store, DISMISSED_KEY, dismissedSchema)) ?? {};
  } catch {
    // A damaged list only brings dismissed notices back: start it again.
    return {};
  }
}

export async function syncOverview(deps: SyncOverviewDeps): Promise<SyncView> {
  const store = await deps.store();
  const [state, recent, lastBy, warnings, dismissed, settings, hold] = await Promise.all([
    deps.sync.state(),
    store.runs.recent(RECENT_RUNS),
    store.runs.lastByTrigger(),
    store.warnings.open(),
    dismissedOf(store),
    deps.settings.get(),
    rateLimitHold(store, deps.now()),
  ]);
  const runs = [...recent, ...Object.values(lastBy)];
  // A run paused for the request budget (issue 15) is waiting, not failed: it goes on by itself.
  const nowMs = deps.now().getTime();
  const budgetPause =
    runs.filter((r) => r.pausedUntil && Date.parse(r.pausedUntil) > nowMs).sort((a, b) => b.pausedUntil!.localeCompare(a.pausedUntil!))[0]
      ?.pausedUntil ?? null;
  const last = newestFinished(runs.filter((r) => !r.pausedUntil));
  return {
    ...state,
    planConfirmed: settings.plan.confirmed,
    kinds: kindResults(runs),
    attention: attentionItems({
      warnings,
      dismissed,
      urls: settings.urls,
      lastRun: last ? { trigger: last.trigger, finishedAt: last.finishedAt!, ok: last.ok === true, error: last.error ?? null } : null,
      pausedUntil: hold ? hold.toISOString() : budgetPause,
    }),
  };
}

/** Hides a warning the admin dismissed (only those the attention list marks dismissable). */
export async function dismissWarning(deps: SyncOverviewDeps, key: string): Promise<SyncView> {
  const store = await deps.store();
  const settings = await deps.settings.get();
  const open = await store.warnings.open();
  const w = open.find((x) => x.key === key);
  const item = w && attentionItems({ warnings: [w], dismissed: {}, urls: settings.urls, lastRun: null, pausedUntil: null })[0];
  if (!w || !item?.dismissable) throw new NotDismissableError(key);
  const dismissed = await dismissedOf(store);
  // Keys no longer open are dropped, so the list stays as small as the open warnings.
  const openKeys = new Set(open.map((x) => x.key));
  const kept = Object.fromEntries(Object.entries(dismissed).filter(([k]) => openKeys.has(k)));
  await store.meta.put(DISMISSED_KEY, { ...kept, [key]: dismissFingerprint(w) });
  return syncOverview(deps);
}

export class NotDismissableError extends AppError {
  readonly code = 'not_dismissable';
  readonly messageKey = 'errNotDismissable';
  readonly substitutions: string[] = [];
  constructor(key: string) {
    super(`warning ${key} is not open or may not be dismissed`);
    this.name = 'NotDismissableError';
  }
}
