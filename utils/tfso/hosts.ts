// Which 24SO host serves which service, and under which path (CONTRACT.md "Hosts").
// Only the two base URLs are settings; paths are the same in production and in the simulator.

export type TfsoHost = 'api' | 'webservices';

export type TfsoService =
  | 'Authenticate'
  | 'ClientService'
  | 'CompanyService'
  | 'InvoiceService'
  | 'ProjectService'
  | 'TimeService'
  | 'PersonService';

export interface TfsoBases {
  /** e.g. https://api.24sevenoffice.com (no trailing slash needed) */
  api: string;
  /** e.g. https://webservices.24sevenoffice.com */
  webservices: string;
}

export const TFSO_PRODUCTION_BASES: TfsoBases = {
  api: 'https://api.24sevenoffice.com',
  webservices: 'https://webservices.24sevenoffice.com',
};

export const TFSO_SERVICES: Readonly<Record<TfsoService, { host: TfsoHost; path: string }>> = {
  Authenticate: { host: 'api', path: '/authenticate/v001/authenticate.asmx' },
  ClientService: { host: 'api', path: '/Client/V001/ClientService.asmx' },
  CompanyService: { host: 'api', path: '/CRM/Company/V001/CompanyService.asmx' },
  InvoiceService: { host: 'api', path: '/Economy/InvoiceOrder/V001/InvoiceService.asmx' },
  ProjectService: { host: 'webservices', path: '/Project/V001/ProjectService.asmx' },
  TimeService: { host: 'webservices', path: '/timesheet/v001/timeservice.asmx' },
  PersonService: { host: 'webservices', path: '/CRM/Contact/PersonService.asmx' },
};

export function baseFor(bases: TfsoBases, host: TfsoHost): string {
  return bases[host].replace(/\/+$/, '');
}

export function serviceLocation(bases: TfsoBases, service: TfsoService): { baseUrl: string; path: string } {
  const s = TFSO_SERVICES[service];
  return { baseUrl: baseFor(bases, s.host), path: s.path };
}
