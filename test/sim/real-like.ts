// `--real-like` in one place: for each simulator, the switches that make it answer as the real
// service does where the project assumed (issue 14). Not part of it: the 24SO `hourInternalNote`
// variant (a server newer than its WSDL), delays and token scopes — each is set on its own.
import { BUSY_REAL_LIKE } from './busy/settings.js';
import { TFSO_REAL_LIKE } from './tfso/settings.js';

export const REAL_LIKE = { tfso: TFSO_REAL_LIKE, busy: BUSY_REAL_LIKE } as const;
