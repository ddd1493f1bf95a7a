import { PANEL_TAG, mountOnce } from './mount';
import { renderStatusPanel } from './status-panel';
import { watchApprovalPages } from './approval';

// On Busy's web app: a small panel (in a shadow root) showing whether the integration is
// connected, with the sync panel; on the approval pages, the "send hours" control (R23).
// Plain DOM, not Preact (issue 6: the content script runs on every Busy page and must stay small).
export default defineContentScript({
  // The simulator's host is added in wxt.config.ts (the one place the sim build differs).
  matches: ['https://app.busy.no/*'],
  runAt: 'document_idle',
  main() {
    mountOnce(document, PANEL_TAG, renderStatusPanel);
    watchApprovalPages(document);
  },
});
