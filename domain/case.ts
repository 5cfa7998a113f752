/**
 * The case contract: the one place that names what a case is, how its workflow is found and which
 * messages it answers. API, worker, workflows and tests import it; nobody repeats a string.
 *
 * Workflow code imports this module, so it holds no Node built-ins, zod or pino.
 */
import type { Actor, Country } from './people';
import type { CaseClocks, LegalClockName } from './clocks';

export const CASE_WORKFLOW_TYPE = 'caseWorkflow';
export const DEFAULT_TASK_QUEUE = 'handover-cases';

// ---------------------------------------------------------------------------------------------
// Words of the domain
// ---------------------------------------------------------------------------------------------

export const TRACKS = ['deportation', 'extradition'] as const;
export type Track = (typeof TRACKS)[number];

export const STAGES = [
  'registered',
  'screening',
  'identity-verification',
  'legal-review',
  'approvals',
  'scheduling',
  'in-transfer',
  'closed',
] as const;
export type Stage = (typeof STAGES)[number];

/** Stages a rejection may send a case back to. */
export const RETURNABLE_STAGES = ['screening', 'identity-verification', 'legal-review'] as const;
export type ReturnableStage = (typeof RETURNABLE_STAGES)[number];

export const OUTCOMES = [
  'handed-over',
  'referred-as-victim',
  'referred-to-embassy',
  'refused',
  'released-custody-expired',
  'deemed-abandoned',
  'withdrawn',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const CUSTODY_STATUSES = ['detention', 'arrest', 'residential-surveillance'] as const;
export type CustodyStatus = (typeof CUSTODY_STATUSES)[number];

export const SEXES = ['female', 'male', 'other', 'unknown'] as const;
export type Sex = (typeof SEXES)[number];

export const TRANSPORTS = ['air', 'land', 'river', 'sea'] as const;
export type Transport = (typeof TRANSPORTS)[number];

// ---------------------------------------------------------------------------------------------
// Workflow ids: derived from a case id that carries no personal data
// ---------------------------------------------------------------------------------------------

export const CASE_ID_PATTERN = /^case-(CN|KH|LA|MM|TH|VN)-\d{4}-[A-Z0-9]{6,16}$/;

export function caseWorkflowId(caseId: string): string {
  return caseId;
}

export function caseIdFromWorkflowId(workflowId: string): string {
  return workflowId;
}

export function isCaseId(value: string): boolean {
  return CASE_ID_PATTERN.test(value);
}

// ---------------------------------------------------------------------------------------------
// Registration (the workflow's input)
// ---------------------------------------------------------------------------------------------

export interface IdentityDocument {
  type: 'passport' | 'national-id' | 'travel-document' | 'other';
  number: string;
  issuingCountry: string;
}

/** Personal data. It lives only in the (encrypted) workflow input and the case view. */
export interface PersonRecord {
  fullName: string;
  otherNames: string[];
  birthDate?: string;
  sex: Sex;
  claimedNationality: string;
  documents: IdentityDocument[];
  biometricReference?: string;
}

export interface ArrestRecord {
  time: string;
  place: string;
  agency: string;
  operation?: string;
}

export interface CaseRegistration {
  track: Track;
  person: PersonRecord;
  custodialCountry: Country;
  receivingCountry: Country;
  transitCountries: Country[];
  arrest: ArrestRecord;
  custodyStatus: CustodyStatus;
  charges: string[];
  externalReference: string;
}

export interface CaseInput {
  caseId: string;
  registration: CaseRegistration;
  registeredBy: Actor;
  registeredAt: string;
  /** Durations resolved from the treaty profile when the case was registered. */
  clocks: CaseClocks;
  /** Which treaty profile produced the clocks (for the timeline's legal basis). */
  profileId: string;
  operationId?: string;
  /** Hash of the registration body, to tell a repeated request from a conflicting one. */
  requestHash?: string;
}

// ---------------------------------------------------------------------------------------------
// Actions (Workflow Updates). Every action names its actor and a request id for idempotency.
// ---------------------------------------------------------------------------------------------

interface ActionBase {
  requestId: string;
  actor: Actor;
}

export type ScreeningResult = 'cleared' | 'victim' | 'refoulement-risk';
export interface RecordScreening extends ActionBase {
  result: ScreeningResult;
  /** Minors and other vulnerable persons are flagged, not screened out by themselves. */
  vulnerable?: boolean;
  notes?: string;
}

export interface DecideRefoulement extends ActionBase {
  decision: 'proceed' | 'refuse';
  reference: string;
  notes?: string;
}

export type VerificationResult = 'confirmed' | 'not-a-national' | 'inconclusive';
export interface RecordVerification extends ActionBase {
  result: VerificationResult;
  /** Consular confirmation, biometric match or INTERPOL notice reference. */
  reference?: string;
  /** For not-a-national: which country's embassy the person is referred to. */
  referredTo?: string;
  /** For inconclusive: what more information is requested. */
  moreInformation?: string;
}

export type LegalReviewStep =
  | { step: 'formal-request'; documents: { name: string; received: boolean }[]; reference: string }
  | { step: 'court-decision'; decision: 'extraditable' | 'not-extraditable'; reference: string }
  | { step: 'executive-decision'; decision: 'granted' | 'refused'; reference: string };
export type RecordLegalReview = ActionBase & LegalReviewStep;

export type ApprovalDecision =
  | { decision: 'approve'; notes?: string }
  | { decision: 'reject'; reason: string; returnTo: ReturnableStage }
  | { decision: 'reject'; reason: string; close: true };
export type DecideApproval = ActionBase & ApprovalDecision;

export interface ScheduleHandover extends ActionBase {
  agreedDate: string;
  handoverPoint: string;
  transport: Transport;
  escort: string;
  flight?: string;
}

export const CUSTODY_EVENTS = ['released-by-custodial', 'entered-transit', 'left-transit', 'received-by-receiving'] as const;
export type CustodyEventKind = (typeof CUSTODY_EVENTS)[number];
export interface RecordCustodyEvent extends ActionBase {
  event: CustodyEventKind;
  /** The country where the event happens (custodial, a transit country, or receiving). */
  country: Country;
  /** Required true on arrival: identity re-checked by the receiving country. */
  identityRechecked?: boolean;
  at?: string;
  reference?: string;
}

/**
 * A transfer that did not go through, as a fact of the person's case. `did-not-board`: the custodial
 * country keeps the person (before its release); `identity-mismatch`: the receiving country refuses the
 * take-over on arrival and the person returns to the custodial country.
 */
export const CUSTODY_EXCEPTION_KINDS = ['did-not-board', 'identity-mismatch'] as const;
export type CustodyExceptionKind = (typeof CUSTODY_EXCEPTION_KINDS)[number];
export interface RecordCustodyException extends ActionBase {
  exception: CustodyExceptionKind;
  /** What happened, in the officer's words. */
  note: string;
  at?: string;
  reference?: string;
}

export interface PlaceLegalHold extends ActionBase {
  reason: string;
}
export type ResumeFromHold = ActionBase;
export interface WithdrawCase extends ActionBase {
  reason: string;
}
export interface ExtendLegalClock extends ActionBase {
  clock: LegalClockName;
  /** In clock days (the configured day length). */
  days: number;
  /** Reference of the legal decision that grants the extension. */
  decisionReference: string;
}

export interface JoinOperation extends ActionBase {
  operationId: string | null;
  /** Why the case joins or leaves, as the operation's officer gave it; on the timeline. */
  reason?: string;
}

/**
 * Claims, hands over or releases the step the case waits on, so two officers do not work the same case.
 * `assignee`: the actor's own id claims it, a colleague's id (same country) hands it over, null releases it.
 */
export interface AssignCase extends ActionBase {
  assignee: string | null;
}

/**
 * What every accepted action returns; repeated request ids return the first result unchanged, with
 * the case as it is now.
 */
export interface ActionResult {
  requestId: string;
  action: CaseActionName;
  accepted: true;
  stage: Stage;
  outcome?: Outcome;
  timelineSeq: number;
  /**
   * The case right after the action, so a caller answers with it without a second round trip (a query).
   * Absent from results recorded before it was added.
   */
  view?: CaseView;
}


export const CASE_ACTIONS = [
  'recordScreening',
  'decideRefoulement',
  'recordVerification',
  'recordLegalReview',
  'decideApproval',
  'scheduleHandover',
  'recordCustodyEvent',
  'recordCustodyException',
  'placeLegalHold',
  'resumeFromHold',
  'withdrawCase',
  'extendLegalClock',
  'joinOperation',
  'assignCase',
] as const;
export type CaseActionName = (typeof CASE_ACTIONS)[number];

/**
 * The API's route segment of each case action (POST /cases/{caseId}/<segment>), the names the case view's
 * `allowedActions` uses. joinOperation has none: operations drive it.
 */
export const CASE_ACTION_SEGMENTS = [
  'screening',
  'refoulement-review',
  'verification',
  'legal-review',
  'approvals',
  'schedule',
  'custody-events',
  'custody-exceptions',
  'hold',
  'resume',
  'withdraw',
  'clock-extensions',
  'assignment',
] as const;
export type CaseActionSegment = (typeof CASE_ACTION_SEGMENTS)[number];

/** The workflow update behind each route segment. */
export const ACTION_OF_SEGMENT = {
  screening: 'recordScreening',
  'refoulement-review': 'decideRefoulement',
  verification: 'recordVerification',
  'legal-review': 'recordLegalReview',
  approvals: 'decideApproval',
  schedule: 'scheduleHandover',
  'custody-events': 'recordCustodyEvent',
  'custody-exceptions': 'recordCustodyException',
  hold: 'placeLegalHold',
  resume: 'resumeFromHold',
  withdraw: 'withdrawCase',
  'clock-extensions': 'extendLegalClock',
  assignment: 'assignCase',
} as const satisfies Record<CaseActionSegment, CaseActionName>;

/** An update name's route segment, or undefined for an action the API does not expose per case. */
export function segmentOfAction(action: string): CaseActionSegment | undefined {
  return CASE_ACTION_SEGMENTS.find((segment) => ACTION_OF_SEGMENT[segment] === action);
}

/**
 * Why a validator refused an action. The API maps `forbidden` to 403 and `conflict` to 409.
 * Messages name the rule, never a person.
 */
export type RejectionKind = 'forbidden' | 'conflict' | 'invalid';
export const REJECTION_PREFIX: Record<RejectionKind, string> = {
  forbidden: 'FORBIDDEN: ',
  conflict: 'CONFLICT: ',
  invalid: 'INVALID: ',
};

// ---------------------------------------------------------------------------------------------
// Queries: the case view and the timeline
// ---------------------------------------------------------------------------------------------

export type ApprovalSlot = 'release' | 'accept' | 'transit-consent';
export interface ApprovalState {
  country: Country;
  slot: ApprovalSlot;
  status: 'pending' | 'approved' | 'rejected';
  by?: string;
  at?: string;
  reason?: string;
}

export type ClockKind = 'legal' | 'working';
export type ClockStatus = 'not-started' | 'running' | 'paused' | 'stopped' | 'expired' | 'overdue';
export interface ClockView {
  name: string;
  kind: ClockKind;
  status: ClockStatus;
  startedAt?: string;
  /** When it runs out (for a paused working SLA: if it were resumed now). */
  deadline?: string;
  remainingMs?: number;
  /** What happens on expiry, in the domain's words. */
  consequence: string;
  legalBasis?: string;
  extendedByDays?: number;
  remindersSent?: number;
}

/** Who or what the case waits on. `timer` means no person needs to act now. */
export type WaitingOn =
  | { kind: 'person'; role: Actor['role']; country: Country; action: CaseActionName }
  | { kind: 'timer'; clock: string }
  /** A notification the sink refused a few times; Temporal goes on retrying it with backoff. */
  | { kind: 'activity'; activity: 'notify' };

/** The HandoverWaitingOn keyword of a wait: `supervisor:TH`, `timer:take-over`, `activity:notify`. */
export function waitingOnKeyword(w: WaitingOn): string {
  switch (w.kind) {
    case 'person':
      return `${w.role}:${w.country}`;
    case 'timer':
      return `timer:${w.clock}`;
    case 'activity':
      return `activity:${w.activity}`;
  }
}

export interface CustodyEventRecord {
  event: CustodyEventKind;
  country: Country;
  at: string;
  by: string;
  identityRechecked?: boolean;
  reference?: string;
}

export interface CustodyExceptionRecord {
  exception: CustodyExceptionKind;
  /** The country whose officer recorded it (custodial for did-not-board, receiving for identity-mismatch). */
  country: Country;
  at: string;
  by: string;
  note: string;
  reference?: string;
}

/** A transfer attempt that ended with an exception: its custody events and the exception. */
export interface CustodyAttempt {
  events: CustodyEventRecord[];
  exception: CustodyExceptionRecord;
}

/** Who works the step the case waits on now (actor ids only). It ends when that step is done. */
export interface CaseAssignment {
  assignee: string;
  by: string;
  at: string;
}

export interface CaseView {
  caseId: string;
  track: Track;
  stage: Stage;
  outcome?: Outcome;
  custodialCountry: Country;
  receivingCountry: Country;
  transitCountries: Country[];
  operationId?: string;
  externalReference: string;
  custodyStatus: CustodyStatus;
  profileId: string;
  registeredAt: string;
  registeredBy: string;
  closedAt?: string;
  person: PersonRecord;
  arrest: ArrestRecord;
  charges: string[];
  screening?: { result: ScreeningResult; vulnerable: boolean; by: string; at: string };
  refoulementReview?: { status: 'pending' | 'proceed' | 'refuse'; by?: string; reference?: string };
  verification?: { result: VerificationResult; by: string; at: string; reference?: string; moreInformation?: string; referredTo?: string };
  legalReview?: {
    formalRequest?: { reference: string; documents: { name: string; received: boolean }[]; at: string };
    courtDecision?: { decision: 'extraditable' | 'not-extraditable'; reference: string; at: string };
    executiveDecision?: { decision: 'granted' | 'refused'; reference: string; at: string };
  };
  approvals: ApprovalState[];
  schedule?: { agreedDate: string; handoverPoint: string; transport: Transport; escort: string; flight?: string; version: number };
  /** The custody events of the current transfer attempt. */
  custodyEvents: CustodyEventRecord[];
  /** Earlier attempts that ended with an exception, oldest first (absent when there were none). */
  custodyAttempts?: CustodyAttempt[];
  expectedCustodyEvent?: { event: CustodyEventKind; country: Country };
  hold?: { reason: string; since: string; by: string };
  assignment?: CaseAssignment;
  clocks: ClockView[];
  waitingOn: WaitingOn[];
  overdue: boolean;
  nextDeadline?: string;
  requestHash?: string;
  timelineLength: number;
  /**
   * The actions the reader of this view may take on the case now, as route segments: the gates of the
   * workflow's validators (role, country, stage, hold, state), not the body checks. Empty for monitors,
   * admins, closed cases and a view read without an actor.
   */
  allowedActions: CaseActionSegment[];
}

export interface TimelineEvent {
  seq: number;
  at: string;
  /** Actor id, or `system` for clocks and automatic transitions. */
  actor: string;
  actorRole?: Actor['role'];
  actorCountry?: Country;
  action: string;
  stage: Stage;
  detail?: string;
  legalBasis?: string;
  requestId?: string;
}

