// The simulated 24SO tenant: identities, sessions and one data partition per client (identity).
// Plain data, JSON-dumpable (Dates as ISO strings), mutable by tests.
import type { SeedCompany, SeedTfso, SeedTfsoUser } from '../seeds/types.js';
import type { RateTable } from './rate.js';

export interface TfsoCompany {
  id: number;
  name: string;
  organizationNumber: string | null;
  email: string | null;
  dateCreated: string;
  dateChanged: string;
  active: boolean;
}
export interface TfsoStatus {
  id: number;
  name: string;
  active: boolean;
}
export interface TfsoProject {
  id: number;
  name: string;
  customerId: number | null;
  statusId: number;
  /** Project leader (contact id); read-only through the API. */
  owner: number;
  dateStart: string;
  dateStop: string | null;
  dateRegistered: string;
  dateChanged: string;
  description: string;
  participants: number[];
  participantsChangedAt: string;
}
export interface TfsoTask {
  id: number;
  projectId: number;
  name: string;
  description: string;
  dateStart: string;
  dateStop: string;
  status: number | null;
  workTypeId: number | null;
  participants: number[];
  dateChanged: string;
}
export interface TfsoWorkType {
  id: number;
  name: string;
  description: string;
  invoiceable: boolean;
  price: number;
  productId: number | null;
  active: boolean;
}
export type TriState = 'none' | 'True' | 'False';
export interface TfsoHour {
  id: number;
  contactId: number;
  projectId: number;
  typeOfWorkId: number;
  projectTaskId: number | null;
  startTime: string;
  stopTime: string;
  totalHours: number;
  totalHoursInvoice: number;
  description: string;
  needApproval: boolean;
  approved: TriState;
  locked: TriState;
  approvedBy: number | null;
  customerId: number | null;
  dateChanged: string;
  /** Served only by a server with `hourInternalNote`; kept when the switch goes off and on again. */
  internalNote?: string;
}
export interface TfsoInvoiceRow {
  productId: number;
  name: string;
  quantity: number;
  price: number;
  projectId: number | null;
}
export interface TfsoInvoice {
  orderId: number;
  customerId: number;
  projectId: number | null;
  orderStatus: string;
  dateOrdered: string;
  rows: TfsoInvoiceRow[];
  /** InvoiceOrder.ReferenceNumber (free text; the extension's order marker) and the change stamp. */
  referenceNumber?: string;
  dateChanged?: string;
}

/** One 24SO client (company account); each identity points at one. */
export interface TfsoClientData {
  clientId: number;
  clientName: string;
  users: SeedTfsoUser[];
  companies: TfsoCompany[];
  statuses: TfsoStatus[];
  projects: TfsoProject[];
  tasks: TfsoTask[];
  workTypes: TfsoWorkType[];
  hours: TfsoHour[];
  invoices: TfsoInvoice[];
  nextId: { company: number; project: number; task: number; workType: number; hour: number; order: number };
}

export interface TfsoSession {
  id: string;
  applicationId: string;
  identityId: string;
  createdAt: string;
  lastSeen: string;
  /** Where it came from: the SOAP Login or the login web page. */
  via: 'Login' | 'web';
}

export interface TfsoState {
  seedName: string;
  applicationId: string;
  username: string;
  password: string;
  integrationUser: SeedTfsoUser;
  identities: SeedTfso['identities'];
  clients: Record<number, TfsoClientData>;
  sessions: Record<string, TfsoSession>;
  /** The request budget per applicationId: the clock hour counted, requests used, requests refused. */
  rate: RateTable;
}

const maxId = (xs: { id: number }[], floor: number) => xs.reduce((m, x) => Math.max(m, x.id), floor) + 1;

function emptyClient(clientId: number, clientName: string, statuses: TfsoStatus[], users: SeedTfsoUser[]): TfsoClientData {
  return {
    clientId,
    clientName,
    users,
    companies: [],
    statuses,
    projects: [],
    tasks: [],
    workTypes: [],
    hours: [],
    invoices: [],
    nextId: { company: 10001, project: 1000, task: 1, workType: 1, hour: 1, order: 10001 },
  };
}

/** Builds the state from a seed's `tfso` part. Only the default identity's client gets the seed's data. */
export function stateFromSeed(seed: SeedCompany, seedName = seed.name): TfsoState {
  const t = seed.tfso;
  const clients: Record<number, TfsoClientData> = {};
  const statuses = t.projectStatuses.map((s) => ({ ...s }));
  for (const ident of t.identities) {
    if (clients[ident.clientId]) continue;
    // Other clients start empty except for the integration user and the standard statuses (configuration, not data).
    clients[ident.clientId] = emptyClient(
      ident.clientId,
      ident.clientName,
      statuses.map((s) => ({ ...s })),
      [{ ...t.integrationUser }],
    );
  }
  const def = t.identities.find((i) => i.isDefault) ?? t.identities[0];
  const c = clients[def.clientId];
  c.users = t.users.map((u) => ({ ...u }));
  c.companies = t.companies.map((x) => ({
    id: x.id,
    name: x.name,
    organizationNumber: x.organizationNumber,
    email: x.email ?? null,
    dateCreated: x.dateChanged,
    dateChanged: x.dateChanged,
    active: x.active,
  }));
  c.projects = t.projects.map((p) => ({
    id: p.id,
    name: p.name,
    customerId: p.customerId,
    statusId: p.statusId,
    owner: p.projectLeaderId,
    dateStart: p.dateStart,
    dateStop: null,
    dateRegistered: p.dateStart,
    dateChanged: p.dateChanged,
    description: '',
    participants: [...p.participants],
    participantsChangedAt: p.dateChanged,
  }));
  c.tasks = t.tasks.map((k) => ({
    id: k.id,
    projectId: k.projectId,
    name: k.name,
    description: '',
    dateStart: k.dateStart,
    dateStop: k.dateStop,
    status: null,
    workTypeId: null,
    participants: [...k.participants],
    dateChanged: seed.now,
  }));
  c.workTypes = t.workTypes.map((w) => ({ ...w, description: '' }));
  c.nextId = {
    company: maxId(c.companies, 10000),
    project: maxId(c.projects, 999),
    task: maxId(c.tasks, 0),
    workType: maxId(c.workTypes, 0),
    hour: 1,
    order: 10001,
  };
  return {
    seedName,
    applicationId: t.applicationId,
    username: t.username,
    password: t.password,
    integrationUser: { ...t.integrationUser },
    identities: t.identities.map((i) => ({ ...i })),
    clients,
    sessions: {},
    rate: {},
  };
}

/** ASP.NET session ids: 24 characters of [a-z0-5]. */
export function newSessionId(): string {
  const abc = 'abcdefghijklmnopqrstuvwxyz012345';
  let s = '';
  for (let i = 0; i < 24; i++) s += abc[Math.floor(Math.random() * abc.length)];
  return s;
}
