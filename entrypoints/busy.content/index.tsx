import { render } from 'preact';
import { StatusPanel } from './StatusPanel';
import { PANEL_TAG, mountOnce } from './mount';
import { watchApprovalPages } from './approval';

// On Busy's web app: a small panel (in a shadow root) showing whether the integration is
// connected. Later issues grow it into the "send hours" control of the approval pages.
export default defineContentScript({
  // The simulator's host is added in wxt.config.ts (the one place the sim build differs).
  matches: ['https://app.busy.no/*'],
  runAt: 'document_idle',
  main() {
    mountOnce(document, PANEL_TAG, (root) => render(<StatusPanel />, root));
    watchApprovalPages(document);
  },
});
