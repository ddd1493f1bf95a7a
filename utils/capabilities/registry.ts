// Every assumption the product makes about the real services that no public spec promises, in one
// list: its id, what depends on it, how it is detected, and what the product does without it.
// Plain data (no zod, no browser): the engine, the background, the options page and the README's
// table read the same entries. The words are i18n keys (public/_locales), `cap<Id>…`.

import type { TfsoService } from '../tfso/hosts';

export const CAPABILITY_IDS = [
  'tfso.saveWorkType',
  'tfso.hourInternalNote',
  'tfso.hourChangedAfter',
  'busy.taskAssigneeWrite',
  'busy.liveSpec',
  'busy.webSessionApi',
  'tfso.webLogin',
  'tfso.hourLocalTime',
  'tfso.hourSearchAnyProject',
] as const;
export type CapabilityId = (typeof CAPABILITY_IDS)[number];

export type Detection =
  /** The live WSDL (`<service>?WSDL`) declares the operation. */
  | { kind: 'wsdlOperation'; service: TfsoService; operation: string }
  /** The live WSDL's complex type has the element. */
  | { kind: 'wsdlElement'; service: TfsoService; type: string; element: string }
  /** Busy's live OpenAPI document has every one of these operations (paths relative to …/v2). */
  | { kind: 'openapi'; operations: readonly { method: string; path: string }[] }
  /** One of the candidate addresses answers an OpenAPI document (detect.ts BUSY_SPEC_CANDIDATES). */
  | { kind: 'liveSpec' }
  /** No document says it; only what happens at run time tells. */
  | { kind: 'runtime' }
  /** Cannot be detected at all; `why` is an i18n key saying why. */
  | { kind: 'none'; why: string };

export interface CapabilityDef {
  id: CapabilityId;
  system: 'tfso' | 'busy';
  /** The assumption, in words (i18n key). */
  title: string;
  /** What depends on it (i18n key). */
  feature: string;
  /** What the product does when it does not hold (i18n key). */
  whenAbsent: string;
  detection: Detection;
  /** Which run-time refusal turns it off at once (refusals.ts). */
  refusal?: 'soapAction' | 'busyRoute';
  /** README rule numbers it serves. */
  rules: readonly string[];
}

export const CAPABILITIES: readonly CapabilityDef[] = [
  {
    id: 'tfso.saveWorkType',
    system: 'tfso',
    rules: ['R13'],
    title: 'capSaveWorkTypeTitle',
    feature: 'capSaveWorkTypeFeature',
    whenAbsent: 'capSaveWorkTypeAbsent',
    detection: { kind: 'wsdlOperation', service: 'TimeService', operation: 'SaveWorkType' },
    refusal: 'soapAction',
  },
  {
    id: 'tfso.hourInternalNote',
    system: 'tfso',
    rules: ['R22'],
    title: 'capHourInternalNoteTitle',
    feature: 'capHourInternalNoteFeature',
    whenAbsent: 'capHourInternalNoteAbsent',
    detection: { kind: 'wsdlElement', service: 'TimeService', type: 'Hour', element: 'InternalNote' },
  },
  {
    id: 'tfso.hourChangedAfter',
    system: 'tfso',
    rules: ['R22'],
    title: 'capHourChangedAfterTitle',
    feature: 'capHourChangedAfterFeature',
    whenAbsent: 'capHourChangedAfterAbsent',
    detection: { kind: 'wsdlElement', service: 'TimeService', type: 'HourSearch', element: 'ChangedAfter' },
  },
  {
    id: 'busy.taskAssigneeWrite',
    system: 'busy',
    rules: ['R15'],
    title: 'capTaskAssigneeWriteTitle',
    feature: 'capTaskAssigneeWriteFeature',
    whenAbsent: 'capTaskAssigneeWriteAbsent',
    detection: {
      kind: 'openapi',
      operations: [
        { method: 'POST', path: '/tasks/{taskId}/users' },
        { method: 'DELETE', path: '/tasks/{taskId}/users/{userId}' },
      ],
    },
    refusal: 'busyRoute',
  },
  {
    id: 'busy.liveSpec',
    system: 'busy',
    rules: [],
    title: 'capLiveSpecTitle',
    feature: 'capLiveSpecFeature',
    whenAbsent: 'capLiveSpecAbsent',
    detection: { kind: 'liveSpec' },
  },
  {
    id: 'busy.webSessionApi',
    system: 'busy',
    rules: ['R2'],
    title: 'capWebSessionApiTitle',
    feature: 'capWebSessionApiFeature',
    whenAbsent: 'capWebSessionApiAbsent',
    detection: { kind: 'runtime' },
  },
  {
    id: 'tfso.webLogin',
    system: 'tfso',
    rules: ['R1', 'R2'],
    title: 'capWebLoginTitle',
    feature: 'capWebLoginFeature',
    whenAbsent: 'capWebLoginAbsent',
    detection: { kind: 'none', why: 'capWebLoginWhy' },
  },
  {
    // HourSearch.ProjectId is required by the WSDL; whether 0 means "every project" is not said.
    // One search per person and date range (instead of per person, project and range) keeps the
    // hour transfer near one 24SO request per hour sent (issue 15): used once a send shows it.
    id: 'tfso.hourSearchAnyProject',
    system: 'tfso',
    rules: ['R22'],
    title: 'capHourSearchAnyProjectTitle',
    feature: 'capHourSearchAnyProjectFeature',
    whenAbsent: 'capHourSearchAnyProjectAbsent',
    detection: { kind: 'runtime' },
  },
  {
    id: 'tfso.hourLocalTime',
    system: 'tfso',
    rules: ['R22'],
    title: 'capHourLocalTimeTitle',
    feature: 'capHourLocalTimeFeature',
    whenAbsent: 'capHourLocalTimeAbsent',
    detection: { kind: 'none', why: 'capHourLocalTimeWhy' },
  },
];

export function capability(id: CapabilityId): CapabilityDef {
  return CAPABILITIES.find((c) => c.id === id)!;
}

/** i18n keys the registry uses (the _locales files must define each). */
export const CAPABILITY_MESSAGE_KEYS: readonly string[] = CAPABILITIES.flatMap((c) => [
  c.title,
  c.feature,
  c.whenAbsent,
  ...(c.detection.kind === 'none' ? [c.detection.why] : []),
]);
