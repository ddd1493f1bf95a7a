// Why an hour entry or an order was not sent, as an i18n key with substitutions. The English texts
// below are for the CLI and for the lead to copy into _locales (messages.json: the same keys,
// $1…$n → the substitutions in order).
import type { Reason } from '../store/types';

export const HOURS_MESSAGES = {
  hoursModeNotChosen: 'Hour transfer is not set up yet: choose a transfer mode in the options.',
  hoursModeNever: 'Hour transfer is off ("never").',
  hoursProjectMissing: 'The hour entry has no project.',
  hoursProjectNotLinked: 'Project $1 is not linked to a 24SevenOffice project yet.',
  hoursProjectInactive: 'Project $1 is not active in 24SevenOffice.',
  hoursWorkTypeMissing: 'The hour entry has no work type.',
  hoursWorkTypeNotLinked: 'Work type $1 is not linked to a 24SevenOffice work type yet.',
  hoursTaskRequired: '24SevenOffice project $1 registers time on tasks, and the hour entry has no task.',
  hoursTaskNotLinked: 'Task $1 is not linked to a 24SevenOffice task yet.',
  hoursTooLong: 'The hour entry is $1 hours long; 24SevenOffice takes at most $2 per entry.',
  hoursRefused: '24SevenOffice refused the hour: $1',
  hoursOutcomeUnknown: 'The last send got no answer ($1); it is checked in 24SevenOffice before it is tried again.',
  hoursNotWaiting: 'Not sent: the hour entry is not approved, already sent, or deleted.',
  hoursNotFound: 'No hour entry $1 in Busy.',
  hoursLockedInTfso: 'Hour $1 is locked or approved in 24SevenOffice: change or delete it there ($2).',
  hoursTaskNotCleared: 'The task was removed in Busy, but 24SevenOffice cannot clear the task of hour $1 through its API: change it there.',
  hoursDuplicateInTfso: 'Busy hour entry $1 is in 24SevenOffice more than once (hours $2): delete the extra ones there.',
  orderNoCustomer: 'Project $1 has no customer in 24SevenOffice, so its order cannot be created.',
  orderWorkTypeNoProduct: 'Work type $1 has no product in 24SevenOffice, so the order row cannot be created.',
  orderNoRows: 'The order has no hours to put on rows.',
  orderRefused: '24SevenOffice refused the order: $1',
  orderDuplicateInTfso: 'Busy order $1 is in 24SevenOffice more than once (orders $2): delete or credit the extra ones there.',
  orderUncertain:
    'The order for Busy order $1 got no answer from 24SevenOffice. The next pass looks for reference "$2" there and creates it only if it is not there.',
} as const;

export type HoursMessageKey = keyof typeof HOURS_MESSAGES;

export function reason(messageKey: HoursMessageKey, ...substitutions: (string | number)[]): Reason {
  return { code: messageKey.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), messageKey, substitutions: substitutions.map(String) };
}

/** The English text of a reason (CLI output, logs). */
export function reasonText(r: Reason): string {
  const t: string = (HOURS_MESSAGES as Record<string, string>)[r.messageKey] ?? r.messageKey;
  return t.replace(/\$(\d)/g, (_, i: string) => r.substitutions[Number(i) - 1] ?? '');
}
