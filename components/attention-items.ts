// The attention list's items the pages make themselves (the background sends the rest,
// utils/domain/attention.ts): a system that cannot be used now, and hours that would go on the
// integration user. Same shape and the same severity scale.
import type { Status } from '../utils/domain/connection-state';
import type { HoursOverview, SyncView } from '../utils/protocol/answers';
import { connectionAdvice, type WayOut } from './connection-view';

export type AttentionView = SyncView['attention'][number];
export type UiItem = AttentionView & { way?: WayOut };

const hoursOf = (minutes: number) => (minutes / 60).toLocaleString(undefined, { maximumFractionDigits: 2 });

/** A system not usable now: an error, in its state's words, with its way out. */
export function connectionItems(status: Status | null): UiItem[] {
  if (!status) return [];
  return (['tfso', 'busy'] as const).flatMap((system) => {
    const conn = status[system];
    const advice = connectionAdvice(system, conn);
    if (!advice) return [];
    return [
      {
        key: `connection:${system}`,
        severity: 'error' as const,
        ...advice.said,
        args: [...advice.said.args],
        also: null,
        detail: advice.detail,
        link: null,
        action: null,
        way: advice.way,
        dismissable: false,
        createdAt: conn.checkedAt,
      },
    ];
  });
}

/** R18: people whose waiting hours would go on the integration user, each with "map this user". */
export function unmappedItems(hours: HoursOverview | null): UiItem[] {
  if (!hours || hours.mode === null || hours.mode === 'never') return [];
  return hours.unmapped.map((u) => ({
    key: `unmapped:${u.name}`,
    severity: 'action' as const,
    messageKey: 'unmappedWarning',
    args: [hoursOf(u.minutes), u.name, hours.integrationUser ?? '?'],
    also: null,
    detail: null,
    link: null,
    action: { labelKey: 'wayMapUser', section: 'users' as const },
    dismissable: false,
    createdAt: '',
  }));
}
