/**
 * The in-memory state of one case. Only the workflow mutates it; the pure modules next to this file
 * (rules, actions, clocks, status, view) read it or return what should change.
 *
 * Instants are epoch milliseconds of workflow time; the view turns them into ISO strings.
 */
import type {
  ActionResult,
  ApprovalState,
  CaseActionName,
  CaseInput,
  CaseView,
  CustodyAttempt,
  CustodyEventRecord,
  Outcome,
  Stage,
  TimelineEvent,
} from '../../domain/case';
import type { LegalClockName, SlaStage } from '../../domain/clocks';
import type { Country } from '../../domain/people';

export type LegalClockStatus = 'not-started' | 'running' | 'stopped' | 'expired';

export interface LegalClockState {
  name: LegalClockName;
  status: LegalClockStatus;
  startedAt?: number;
  deadline?: number;
  /** Total extension granted by recorded legal decisions. */
  extendedMs: number;
  /** The transit-stop clock runs for one transit country at a time. */
  country?: Country;
}

/** The working SLA of the current stage. Leaving the stage drops it. */
export interface SlaState {
  stage: SlaStage;
  startedAt: number;
  durationMs: number;
  /** Time spent on legal hold, added to every due instant. */
  pausedMs: number;
  pausedSince?: number;
  /** How many reminder fractions have been sent. */
  remindersSent: number;
  overdue: boolean;
  /** The SLA's work is done while the stage goes on (scheduling, once a date is agreed). */
  completed: boolean;
}

export interface StoredResult {
  action: CaseActionName;
  actorId: string;
  result: ActionResult;
}

export interface CaseState {
  input: CaseInput;
  stage: Stage;
  outcome?: Outcome;
  closedAt?: number;
  operationId?: string;
  screening?: CaseView['screening'];
  refoulementReview?: CaseView['refoulementReview'];
  verification?: CaseView['verification'];
  legalReview: NonNullable<CaseView['legalReview']>;
  approvals: ApprovalState[];
  schedule?: CaseView['schedule'];
  /** The custody events of the current transfer attempt. */
  custodyEvents: CustodyEventRecord[];
  /** Earlier attempts, each ended by a custody exception (absent in cases that never had one). */
  custodyAttempts?: CustodyAttempt[];
  hold?: CaseView['hold'] & { country: Country; role: 'supervisor' | 'legal' };
  /**
   * Who works the waiting step. `country`: the assigner's, so the assignee's (a colleague of the same
   * country); `wait`: the personWaitKey of the wait it is for. It ends when that wait does.
   */
  assignment?: NonNullable<CaseView['assignment']> & { country: Country; wait: string };
  /** Set once a case is first assigned: from then on its status function publishes HandoverAssignee. */
  assignmentTouched: boolean;
  /** Ids of everyone who prepared a step of this case (four eyes: they cannot approve it). */
  preparers: string[];
  legalClocks: Partial<Record<LegalClockName, LegalClockState>>;
  sla?: SlaState;
  timeline: TimelineEvent[];
  /** requestId → the first result, so a repeated request returns it unchanged. */
  results: Map<string, StoredResult>;
  /** Counts notifications, for their deterministic event ids. */
  notificationSeq: number;
  /** Notifications the sink refused on their first attempts and that are still being retried. */
  notificationsRetrying: number;
}

export function initialState(input: CaseInput): CaseState {
  const legalClocks: CaseState['legalClocks'] = {};
  for (const name of Object.keys(input.clocks.legal) as LegalClockName[]) {
    legalClocks[name] = { name, status: 'not-started', extendedMs: 0 };
  }
  return {
    input,
    stage: 'registered',
    operationId: input.operationId,
    legalReview: {},
    approvals: [],
    custodyEvents: [],
    preparers: [input.registeredBy.id],
    assignmentTouched: false,
    legalClocks,
    timeline: [],
    results: new Map(),
    notificationSeq: 0,
    notificationsRetrying: 0,
  };
}

export function isClosed(state: CaseState): boolean {
  return state.stage === 'closed';
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
