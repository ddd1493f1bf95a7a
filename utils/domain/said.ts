// A message as the background hands it to the pages: an i18n key and its substitutions, where a
// substitution may itself be a message (a kind, field or system in the reader's language) or a
// moment (shown as the reader's time of day). The pages turn it into words (components/say.ts).
import type { UserError } from './connection-state';

export type Arg = string | number | { key: string } | { time: string };
export interface Said {
  messageKey: string;
  args: Arg[];
}

/**
 * An error as a person reads it (issue 17): remote faults and odd answers name the operation
 * (an HTTP method and path, a SOAP operation); the sentence leaves it out and the server's own
 * text (or the field that was wrong) becomes the detail, shown folded.
 */
export function plainError(e: Pick<UserError, 'messageKey' | 'substitutions'>): { said: Said; detail: string | null } {
  const s = e.substitutions;
  switch (e.messageKey) {
    case 'errRemoteFaultBusy':
    case 'errRemoteFaultTfso':
      return { said: { messageKey: `${e.messageKey}Plain`, args: [] }, detail: s[1] ?? null };
    case 'errBadResponse':
      return { said: { messageKey: 'errBadResponsePlain', args: [] }, detail: s[1] ?? null };
    case 'errBusyMissingScope':
    case 'errBusyForbidden':
      // [operation, scopes]: the scopes are what the admin acts on.
      return { said: { messageKey: `${e.messageKey}Plain`, args: [s[1] ?? ''] }, detail: null };
    default:
      return { said: { messageKey: e.messageKey, args: [...s] }, detail: null };
  }
}
