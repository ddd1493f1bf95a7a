// One company, described once for both simulators, so that seeds agree on who is who.
// Each simulator loads its own side and fills the remaining wire fields with defaults.

export interface SeedTfsoIdentity {
  id: string;
  clientId: number;
  clientName: string;
  isDefault: boolean;
}
export interface SeedTfsoUser {
  contactId: number;
  userId: number;
  name: string;
  email: string;
  employeeId: number;
}
export interface SeedTfsoCompany {
  id: number;
  name: string;
  organizationNumber: string | null;
  email: string | null;
  dateChanged: string;
  active: boolean;
}
export interface SeedTfsoProjectStatus {
  id: number;
  name: string;
  active: boolean;
}
export interface SeedTfsoProject {
  id: number;
  name: string;
  customerId: number | null;
  statusId: number;
  projectLeaderId: number;
  dateStart: string;
  dateChanged: string;
  participants: number[];
}
export interface SeedTfsoTask {
  id: number;
  projectId: number;
  name: string;
  dateStart: string;
  dateStop: string;
  participants: number[];
}
export interface SeedTfsoWorkType {
  id: number;
  name: string;
  invoiceable: boolean;
  price: number;
  productId: number | null;
  active: boolean;
}

export interface SeedTfso {
  applicationId: string;
  username: string;
  password: string;
  identities: SeedTfsoIdentity[];
  integrationUser: SeedTfsoUser;
  /** Every 24SO user, the integration user included. */
  users: SeedTfsoUser[];
  companies: SeedTfsoCompany[];
  projectStatuses: SeedTfsoProjectStatus[];
  projects: SeedTfsoProject[];
  tasks: SeedTfsoTask[];
  workTypes: SeedTfsoWorkType[];
  /** Only the default identity's client holds data; other identities' clients start empty. */
}

export interface SeedBusyUser {
  id: string;
  email: string;
  displayName: string;
  isAdmin: boolean;
  isActive: boolean;
  externalId: string | null;
  employeeCode: string | null;
  /** Ground truth for tests only (which 24SO user this person is); never served by the API. */
  tfsoContactId: number | null;
  /**
   * Has no e-mail address in the real Busy: with the Busy sim's `emptyEmails` switch it is served
   * with `"email": ""` (as the real server does); otherwise with `email`.
   */
  emailless?: boolean;
}
export interface SeedBusyClient {
  id: string;
  name: string;
  organizationNumber: string | null;
  externalId: string | null;
  isActive: boolean;
  updatedAt: string;
}
export interface SeedBusyProject {
  id: string;
  number: string | null;
  name: string;
  clientId: string | null;
  externalId: string | null;
  isActive: boolean;
  isTaskBased: boolean;
  isBillable: boolean;
  updatedAt: string;
  /** Members: Busy user ids; the first is the project manager. */
  userIds: string[];
  /** Work types enabled on the project: Busy tag ids. */
  tagIds: string[];
}
export interface SeedBusyTag {
  id: string;
  name: string;
  externalId: string | null;
  isActive: boolean;
  updatedAt: string;
}
export interface SeedBusyTask {
  id: string;
  projectId: string;
  name: string;
  state: 'todo' | 'in-progress' | 'complete' | 'canceled';
  externalId: string | null;
  isActive: boolean;
  assigneeIds: string[];
  updatedAt: string;
}
export interface SeedBusyHourEntry {
  id: string;
  userId: string;
  projectId: string;
  tagId: string | null;
  taskId: string | null;
  startTime: string;
  stopTime: string;
  totalMinutes: number;
  billableMinutes: number;
  description: string | null;
  approvalStatus: 'none' | 'submitted' | 'approved';
  isActive: boolean;
  externalId: string | null;
  updatedAt: string;
}

export interface SeedBusy {
  token: string;
  email: string;
  password: string;
  users: SeedBusyUser[];
  clients: SeedBusyClient[];
  projects: SeedBusyProject[];
  tags: SeedBusyTag[];
  tasks: SeedBusyTask[];
  hourEntries: SeedBusyHourEntry[];
}

export interface SeedCompany {
  name: string;
  /** The instant the seed was drawn at; simulators start their clocks here unless told otherwise. */
  now: string;
  tfso: SeedTfso;
  busy: SeedBusy;
}

export type SeedName = 'empty' | 'demo' | 'overlap' | `large:${number}`;
