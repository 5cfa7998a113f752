/**
 * The in-memory state of one operation, and its compact form for continue-as-new. Only the workflow
 * mutates it; the pure modules next to this file read it or say what should change.
 */
import type { Outcome, Stage } from '../../domain/case';
import {
  DEFAULT_OPERATION_SETTINGS,
  MANIFEST_STATUSES,
  type CarriedOperationState,
  type CustodyException,
  type FlightView,
  type ManifestStatus,
  type OperationDetails,
  type OperationInput,
  type OperationSettings,
  type OperationStatus,
  type PlanView,
} from '../../domain/operation';
import type { Actor } from '../../domain/people';

export interface ManifestEntry {
  caseId: string;
  status: ManifestStatus;
  stage?: Stage;
  outcome?: Outcome;
  blockedOn?: string;
  flightId?: string;
  exception?: CustodyException;
  leftOut?: string;
}

export type PlanState = CarriedOperationState['plans'][number];

export interface OperationState {
  operationId: string;
  details: OperationDetails;
  settings: OperationSettings;
  createdBy: Actor;
  createdAt: string;
  status: OperationStatus;
  completedAt?: string;
  /** Insertion order is manifest order (and seat order when flights are planned). */
  manifest: Map<string, ManifestEntry>;
  plans: PlanState[];
  flights: FlightView[];
  readinessAsOf?: string;
  /** Workflow time of the last read of the open cases. */
  lastRefreshAt?: number;
  runs: number;
}

export function initialState(input: OperationInput): OperationState {
  const state: OperationState = {
    operationId: input.operationId,
    details: input.details,
    settings: { ...DEFAULT_OPERATION_SETTINGS, ...input.settings },
    createdBy: input.createdBy,
    createdAt: input.createdAt,
    status: 'open',
    manifest: new Map(),
    plans: [],
    flights: [],
    runs: 0,
  };
  if (input.carried) unpack(state, input.carried);
  return state;
}

export function isCompleted(state: OperationState): boolean {
  return state.status === 'completed';
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function entriesOnFlight(state: OperationState, flightId: string): ManifestEntry[] {
  return [...state.manifest.values()].filter((e) => e.flightId === flightId);
}

// ---------------------------------------------------------------------------------------------
// Continue-as-new: the manifest in columns, strings interned
// ---------------------------------------------------------------------------------------------

const ROW_FIELDS = ['status', 'stage', 'outcome', 'blockedOn', 'flightId', 'exception', 'leftOut'] as const;

export function pack(state: OperationState): CarriedOperationState {
  const strings = [''];
  const index = new Map<string, number>([['', 0]]);
  const intern = (value: string | undefined): number => {
    if (value === undefined) return 0;
    let i = index.get(value);
    if (i === undefined) {
      i = strings.length;
      strings.push(value);
      index.set(value, i);
    }
    return i;
  };
  const caseIds: string[] = [];
  const rows: number[][] = [];
  for (const entry of state.manifest.values()) {
    caseIds.push(entry.caseId);
    rows.push(ROW_FIELDS.map((field) => intern(entry[field])));
  }
  return {
    status: state.status,
    completedAt: state.completedAt,
    readinessAsOf: state.readinessAsOf,
    lastRefreshAt: state.lastRefreshAt,
    strings,
    caseIds,
    rows,
    plans: state.plans,
    flights: state.flights,
    runs: state.runs + 1,
  };
}

function unpack(state: OperationState, carried: CarriedOperationState): void {
  const str = (i: number | undefined): string | undefined => (i ? carried.strings[i] : undefined);
  carried.caseIds.forEach((caseId, i) => {
    const row = carried.rows[i] ?? [];
    const status = str(row[0]) as ManifestStatus | undefined;
    const entry: ManifestEntry = { caseId, status: status && MANIFEST_STATUSES.includes(status) ? status : 'unknown' };
    ROW_FIELDS.forEach((field, f) => {
      const value = str(row[f]);
      if (f > 0 && value !== undefined) (entry as unknown as Record<string, string>)[field] = value;
    });
    state.manifest.set(caseId, entry);
  });
  state.status = carried.status;
  state.completedAt = carried.completedAt;
  state.readinessAsOf = carried.readinessAsOf;
  state.lastRefreshAt = carried.lastRefreshAt;
  state.plans = carried.plans;
  state.flights = carried.flights;
  state.runs = carried.runs;
}

export type { PlanView };
