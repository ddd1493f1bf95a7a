// What a connection state is called on screen: shared by the popup's ConnectionCard (Preact) and
// the content script's status panel (plain DOM), so both say the same thing.
export const STATE_KEYS = {
  checking: 'stateChecking',
  connected: 'stateConnected',
  notLoggedIn: 'stateNotLoggedIn',
  unreachable: 'stateUnreachable',
  error: 'stateError',
} as const;
