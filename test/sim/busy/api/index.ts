// Every REST route the simulator serves under /v2.
import { clientRoutes } from './clients.js';
import { hourEntryRoutes } from './hourEntries.js';
import { invoiceRoutes } from './invoices.js';
import { projectRoutes } from './projects.js';
import type { Route } from './router.js';
import { tagRoutes } from './tags.js';
import { taskAssigneeRoutes, taskRoutes } from './tasks.js';
import { userRoutes } from './users.js';

export const apiRoutes: Route[] = [
  ...userRoutes,
  ...clientRoutes,
  ...projectRoutes,
  ...tagRoutes,
  ...taskRoutes,
  ...taskAssigneeRoutes,
  ...hourEntryRoutes,
  ...invoiceRoutes,
];
