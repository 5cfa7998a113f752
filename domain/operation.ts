/**
 * The operation contract: a planned mass transfer (manifest of cases, flights or convoys, one handover
 * point) run by one workflow. API, worker, workflows and tests import it; nobody repeats a string.
 *
 * The operation never holds personal data: its manifest lists case ids, its view counts outcomes.
 * Workflow code imports this module, so it holds no Node built-ins, zod or pino.
 */
import type { CustodyEventKind, Outcome, Stage, Transport } from './case';
import type { Actor, Country } from './people';

export const OPERATION_WORKFLOW_TYPE = 'operationWorkflow';

// ---------------------------------------------------------------------------------------------
// Ids: operation-<custodial>-<yyyymmdd>-<short>; the short part is a hash chosen by the API
// ---------------------------------------------------------------------------------------------

export const OPERATION_ID_PATTERN = /^operation-(CN|KH|LA|MM|TH|VN)-\d{8}-[A-Z0-9]{6,16}$/;

/** The operation id of a custodial country, the first day of the planned window and a short hash. */
export function makeOperationId(custodialCountry: Country, windowStart: string, short: string): string {
  const day = new Date(windowStart).toISOString().slice(0, 10).replace(/-/g, '');
  const id = `operation-${custodialCountry}-${day}-${short}`;
  if (!OPERATION_ID_PATTERN.test(id)) throw new Error('an operation id needs a short part of 6-16 upper-case letters or digits');
  return id;
}

export function isOperationId(value: string): boolean {
  return OPERATION_ID_PATTERN.test(value);
}

export function operationWorkflowId(id: string): string {
  return id;
}

export function operationIdFromWorkflowId(workflowId: string): string {
  return workflowId;
}

// ---------------------------------------------------------------------------------------------
// The operation's input
// ---------------------------------------------------------------------------------------------

/** What an operation plans: who goes where, through which handover point, how many per flight or convoy. */
export interface OperationDetails {
  /** A working name such as "Mae Sot airlift, round 2": never a person's name. */
  name: string;
  custodialCountry: Country;
  receivingCountry: Country;
  /** In the order they are crossed: the custody chain of every case on the operation follows it. */
  transitCountries: Country[];
  /** Border checkpoint or airport where the receiving country takes over. */
  handoverPoint: string;
  transport: Transport;
  escort: string;
  window: { start: string; end: string };
  /** People per flight or convoy (Feb 2025: 50 a charter flight). */
  capacity: number;
}

/** Tuning of batching and history, so tests and 10,000-case operations run the same code. */
export interface OperationSettings {
  /** Cases per activity (one activity reads, joins, schedules or records for this many cases). */
  batchSize: number;
  /** Activities running at once. */
  parallelBatches: number;
  /** Continue-as-new once the history has this many events (or when the server suggests it). */
  historyEventThreshold: number;
  /** Re-reads the open cases of the manifest this often (ms), so the roll-up follows clocks that close cases. */
  refreshEveryMs: number;
}

/** The largest manifest an operation holds (and the most cases one request may name). */
export const MAX_MANIFEST = 10_000;
export const MAX_DEPARTURES = 500;
/** Seats per flight or convoy. */
export const MAX_CAPACITY = 1_000;

export const DEFAULT_OPERATION_SETTINGS: OperationSettings = {
  batchSize: 100,
  parallelBatches: 4,
  historyEventThreshold: 10_000,
  refreshEveryMs: 6 * 3_600_000,
};

export interface OperationInput {
  operationId: string;
  details: OperationDetails;
  createdBy: Actor;
  createdAt: string;
  settings?: Partial<OperationSettings>;
  /** The state carried over by continue-as-new; absent on the first run. */
  carried?: CarriedOperationState;
}

// ---------------------------------------------------------------------------------------------
// Manifest entries: what the operation knows about each of its cases
// ---------------------------------------------------------------------------------------------

/**
 * - `blocked`: still in an earlier stage (`blockedOn` says on what);
 * - `ready`: approved by every country, waiting for a seat;
 * - `scheduled`: has a flight or convoy of this operation;
 * - `in-transfer`: released by the custodial country, not yet received;
 * - `closed`: has an outcome;
 * - `unknown`: not read yet.
 */
export const MANIFEST_STATUSES = ['unknown', 'blocked', 'ready', 'scheduled', 'in-transfer', 'closed'] as const;
export type ManifestStatus = (typeof MANIFEST_STATUSES)[number];

/** Per-case exceptions recorded with a flight-level custody event. */
export const CUSTODY_EXCEPTIONS = ['did-not-board', 'identity-mismatch'] as const;
export type CustodyException = (typeof CUSTODY_EXCEPTIONS)[number];

export interface ManifestEntryView {
  caseId: string;
  status: ManifestStatus;
  stage?: Stage;
  outcome?: Outcome;
  /** For blocked cases: stage and who it waits on, e.g. `approvals: supervisor:CN`. */
  blockedOn?: string;
  flightId?: string;
  /** The last exception recorded for this case at a flight-level custody event. */
  exception?: CustodyException;
  /** Why the last flight plan left this case out. */
  leftOut?: string;
}

// ---------------------------------------------------------------------------------------------
// Updates
// ---------------------------------------------------------------------------------------------

interface OperationActionBase {
  requestId: string;
  actor: Actor;
}

/** Cases join or leave the manifest; each case records it through its own joinOperation update. */
export interface ChangeManifest extends OperationActionBase {
  action: 'add' | 'remove';
  caseIds: string[];
  /** Why: written on each case's timeline with the operation it joined or left. */
  reason?: string;
}

export type ManifestCaseResult =
  | 'added'
  | 'already-in-manifest'
  | 'removed'
  | 'not-in-manifest'
  /** The case refused (its validator's reason) or does not fit the operation (countries, another operation). */
  | 'refused'
  /** No such case, or not one the actor's country may see. */
  | 'not-found';

export interface ManifestChangeResult {
  requestId: string;
  action: 'add' | 'remove';
  results: { caseId: string; result: ManifestCaseResult; reason?: string }[];
  manifestSize: number;
}

/**
 * Plans flights or convoys: at the cut-off the operation reads every case, gives the ready ones a seat
 * in departure order (capacity each) and schedules each case through its own scheduleHandover update.
 */
export interface PlanFlights extends OperationActionBase {
  cutOff: string;
  /** One departure (ISO date-time) per flight or convoy, in order. */
  departures: string[];
  /** Seats per flight or convoy; default: the operation's capacity. */
  capacity?: number;
}

export type PlanStatus = 'awaiting-cut-off' | 'done';

export interface FlightSummary {
  flightId: string;
  departure: string;
  seats: number;
}

export interface PlanResult {
  planId: string;
  status: PlanStatus;
  cutOff: string;
  /** Flights or convoys created by this plan (empty until the cut-off). */
  flights: FlightSummary[];
  scheduled: number;
  /** Cases left out, grouped by reason. */
  leftOut: { reason: string; caseIds: string[] }[];
}

/** A custody event for everyone on one flight or convoy, with per-case exceptions. */
export interface FlightCustodyEvent extends OperationActionBase {
  flightId: string;
  event: CustodyEventKind;
  country: Country;
  identityRechecked?: boolean;
  at?: string;
  reference?: string;
  /**
   * `did-not-board` (with released-by-custodial): the person stays in custody and leaves the flight;
   * `identity-mismatch` (with received-by-receiving): the receiving country does not take the person over.
   */
  exceptions?: { caseId: string; exception: CustodyException; note?: string }[];
}

export type FlightCaseResult = 'recorded' | 'exception' | 'refused';

export interface FlightEventResult {
  requestId: string;
  flightId: string;
  event: CustodyEventKind;
  recorded: number;
  exceptions: number;
  refused: number;
  /**
   * Per person. For an exception, `caseRecorded` says whether the person's case recorded it (its
   * recordCustodyException) and `caseRefusal` why not; both absent in results from before cases did.
   */
  results: { caseId: string; result: FlightCaseResult; reason?: string; outcome?: Outcome; caseRecorded?: boolean; caseRefusal?: string }[];
}

/** Re-reads every open case of the manifest now. */
export interface RefreshReadiness {
  requestId: string;
}


// ---------------------------------------------------------------------------------------------
// The view
// ---------------------------------------------------------------------------------------------

/**
 * - `open`: the manifest is being put together;
 * - `planned`: at least one flight or convoy is planned;
 * - `in-transfer`: the first custody event of a flight is recorded;
 * - `completed`: every case of the manifest is closed.
 */
export const OPERATION_STATUSES = ['open', 'planned', 'in-transfer', 'completed'] as const;
export type OperationStatus = (typeof OPERATION_STATUSES)[number];

export interface FlightEventRecord {
  event: CustodyEventKind;
  country: Country;
  at: string;
  by: string;
  requestId: string;
  recorded: number;
  exceptions: number;
  refused: number;
}

export interface FlightView {
  flightId: string;
  planId: string;
  departure: string;
  capacity: number;
  /** People on board now (did-not-board exceptions leave the flight). */
  seats: number;
  events: FlightEventRecord[];
}

export interface PlanView {
  planId: string;
  status: PlanStatus;
  cutOff: string;
  requestedBy: string;
  flightIds: string[];
  scheduled: number;
  leftOut: number;
}

/** Outcomes of the whole manifest; the counts add up to `total`. */
export interface OperationRollUp {
  total: number;
  handedOver: number;
  referredAsVictim: number;
  referredToEmbassy: number;
  /** Released because a legal clock ran out (custody expired, take-over deemed abandoned). */
  released: number;
  refused: number;
  withdrawn: number;
  /** No outcome yet. */
  pending: number;
}

export interface OperationReadiness {
  /** When the open cases were last read (absent before the first read). */
  asOf?: string;
  blocked: number;
  ready: number;
  scheduled: number;
  inTransfer: number;
  closed: number;
  unknown: number;
  /** What blocked cases wait on, most frequent first. */
  blockedOn: { reason: string; count: number }[];
}

export interface ManifestPage {
  offset?: number;
  limit?: number;
  status?: ManifestStatus;
  flightId?: string;
  /** Cases whose blockedOn is this text, or whose `<stage>: <who>` names this who (e.g. `supervisor:TH`). */
  waitingOn?: string;
}

/**
 * Whom a blocked manifest entry waits on: `approvals: supervisor:CN, supervisor:TH` waits on
 * `supervisor:CN` and on `supervisor:TH`; a sentence of its own (`the case cannot be read`) on itself.
 */
export function blockedOnWho(blockedOn: string): string[] {
  const at = blockedOn.indexOf(': ');
  return at >= 0 ? blockedOn.slice(at + 2).split(', ') : [blockedOn];
}

/** The manifest filter `waitingOn`: the entry's blockedOn is this text or names this who. */
export function waitsOn(blockedOn: string | undefined, who: string): boolean {
  return blockedOn !== undefined && (blockedOn === who || blockedOnWho(blockedOn).includes(who));
}

export interface OperationView {
  operationId: string;
  status: OperationStatus;
  details: OperationDetails;
  createdBy: string;
  createdAt: string;
  completedAt?: string;
  readiness: OperationReadiness;
  rollUp: OperationRollUp;
  plans: PlanView[];
  flights: FlightView[];
  /** One page of the manifest (filters and paging from the query's argument). */
  manifest: { total: number; offset: number; limit: number; entries: ManifestEntryView[] };
  /** How many times the workflow continued as new (history kept small). */
  runs: number;
}

export const MAX_MANIFEST_PAGE = 1000;
export const DEFAULT_MANIFEST_PAGE = 200;


// ---------------------------------------------------------------------------------------------
// Carried state (continue-as-new): compact, so 10,000 cases stay far below the payload limit
// ---------------------------------------------------------------------------------------------

/**
 * The manifest in columns: `caseIds[i]` with `rows[i] = [status, stage, outcome, blockedOn, flight,
 * exception, leftOut]` as indexes into `strings` (0 = none). Case ids are ~23 bytes, a row ~15, so
 * 10,000 cases carry in well under 1 MB.
 */
export interface CarriedOperationState {
  status: OperationStatus;
  completedAt?: string;
  readinessAsOf?: string;
  lastRefreshAt?: number;
  strings: string[];
  caseIds: string[];
  rows: number[][];
  plans: (PlanView & { departures: string[]; capacity: number; actor: Actor })[];
  flights: FlightView[];
  runs: number;
}
