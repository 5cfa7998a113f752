/**
 * The case workflow's messages (Updates and Queries). Kept apart from domain/case.ts so the words and
 * types of a case can be imported by the browser without the Temporal workflow library.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor } from './people';
import type {
  ActionResult,
  AssignCase,
  CaseView,
  DecideApproval,
  DecideRefoulement,
  ExtendLegalClock,
  JoinOperation,
  PlaceLegalHold,
  RecordCustodyEvent,
  RecordCustodyException,
  RecordLegalReview,
  RecordScreening,
  RecordVerification,
  ResumeFromHold,
  ScheduleHandover,
  TimelineEvent,
  WithdrawCase,
} from './case';

export const recordScreeningUpdate = defineUpdate<ActionResult, [RecordScreening]>('recordScreening');
export const decideRefoulementUpdate = defineUpdate<ActionResult, [DecideRefoulement]>('decideRefoulement');
export const recordVerificationUpdate = defineUpdate<ActionResult, [RecordVerification]>('recordVerification');
export const recordLegalReviewUpdate = defineUpdate<ActionResult, [RecordLegalReview]>('recordLegalReview');
export const decideApprovalUpdate = defineUpdate<ActionResult, [DecideApproval]>('decideApproval');
export const scheduleHandoverUpdate = defineUpdate<ActionResult, [ScheduleHandover]>('scheduleHandover');
export const recordCustodyEventUpdate = defineUpdate<ActionResult, [RecordCustodyEvent]>('recordCustodyEvent');
export const recordCustodyExceptionUpdate = defineUpdate<ActionResult, [RecordCustodyException]>('recordCustodyException');
export const placeLegalHoldUpdate = defineUpdate<ActionResult, [PlaceLegalHold]>('placeLegalHold');
export const resumeFromHoldUpdate = defineUpdate<ActionResult, [ResumeFromHold]>('resumeFromHold');
export const withdrawCaseUpdate = defineUpdate<ActionResult, [WithdrawCase]>('withdrawCase');
export const extendLegalClockUpdate = defineUpdate<ActionResult, [ExtendLegalClock]>('extendLegalClock');
export const joinOperationUpdate = defineUpdate<ActionResult, [JoinOperation]>('joinOperation');
export const assignCaseUpdate = defineUpdate<ActionResult, [AssignCase]>('assignCase');
/** The case as `actor` sees it: its allowedActions are that actor's (none without an actor). */
export const caseViewQuery = defineQuery<CaseView, [Actor?]>('caseView');
export const timelineQuery = defineQuery<TimelineEvent[]>('timeline');
