// Who goes first when the budget is short (issue 15). Every run asks at its priority; a lower
// priority may only spend what leaves room for the higher ones: it stops while the room left in
// the window is below its reserve, a fraction of the hour's share kept for the priorities above.
//
//   click   the hour transfer and a person's click (a fetch button)  spends the whole share
//   push    Busy → 24SO every minute (R9)                             leaves 10 % of the share
//   hourly  the hourly incremental run (R7)                           leaves 25 %
//   daily   the daily full run (R8)                                   leaves 40 %
//
// Why these: with the default share (3,600 of 24SO's 7,200 an hour) the idle schedules cost
// ~190 24SO requests an hour (push + hour poll every minute, the hourly run), 5 % of the share.
// The 10 % a push leaves (360) is a transfer of ~300 hours or a dozen clicks at any moment; the
// 15 % between push and hourly is an hour of pushes with room to spare; the 15 % between hourly
// and daily an hourly run at ~1,000 projects. The daily run (and an import: "Hent prosjekter"
// after the first ~300 requests, see CLICK_ALLOWANCE) thus has 60 % of the share, 2,160 requests
// an hour: a full run at 20,000 projects (~16,000 24SO requests) spreads over ~7.5 hours.

export const PRIORITIES = ['click', 'push', 'hourly', 'daily'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** The part of the window's share each priority leaves untouched for the ones above it. */
export const RESERVED_FOR_HIGHER: Readonly<Record<Priority, number>> = { click: 0, push: 0.1, hourly: 0.25, daily: 0.4 };

/** 0 = first. */
export const rankOf = (p: Priority): number => PRIORITIES.indexOf(p);

/** What a priority must leave of a window of `share` requests (whole requests, rounded up). */
export const reserveOf = (p: Priority, share: number): number => Math.ceil(RESERVED_FOR_HIGHER[p] * share);

/**
 * A click is a person waiting for something small. Once a click run (or the hour transfer) has
 * spent this many requests of one system it is bulk work (a first import, a backlog of hours) and
 * goes on at 'hourly': still before the daily run, but no longer in the way of the pushes and of
 * other people's clicks.
 */
export const CLICK_ALLOWANCE = 300;
export const CLICK_DEMOTED_TO: Priority = 'hourly';

/** The priority a sync trigger runs at: the schedule's own three, and a click for the buttons. */
export function priorityOfTrigger(trigger: string): Priority {
  switch (trigger) {
    case 'push':
      return 'push';
    case 'incremental':
      return 'hourly';
    case 'full':
      return 'daily';
    default:
      return 'click'; // customers, projects, worktypes, tasks: a person pressed a button
  }
}
