// Capabilities (issue 14): what the real services offer beyond their public specs, detected from
// the live specs and from what calls show at run time. See registry.ts for the list.
export * from './registry';
export * from './record';
export * from './handle';
export * from './refusals';
export { detectCapabilities, busySpecCandidates, TFSO_CALLS, type Detection, type DocumentResult } from './detect';
export { readWsdl, WsdlError, type WsdlSummary } from './wsdl';
export { readOpenApi, OpenApiError, offers, type OpenApiSummary } from './openapi';
export { checkCapabilities, checkDue, basesOfCheck } from './check';
