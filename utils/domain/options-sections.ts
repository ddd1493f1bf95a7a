/** The options page's sections (their element ids), which a page or an item's action may open. */
export const OPTIONS_SECTIONS = [
  'step-tfso',
  'step-busy',
  'step-plan',
  'step-mode',
  'users',
  'transfer-log',
  'addresses',
  'compatibility',
] as const;
export type OptionsSection = (typeof OPTIONS_SECTIONS)[number];
