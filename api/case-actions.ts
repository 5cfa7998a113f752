/**
 * The case actions the API exposes: route segment, workflow update, body schema, who may ask, and how
 * the body plus the caller becomes the update's payload. One table, so routes, OpenAPI and the role
 * checks cannot disagree.
 *
 * Roles here are the API's fast, case-independent check and mirror workflows/case/rules.ts; the
 * workflow's validators remain the authority (country, stage, four eyes) and re-check the role.
 */
import type { z } from 'zod';
import type { WorkflowHandle } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import {
  segmentOfAction,
  type ActionResult,
  type CaseActionSegment,
  type DecideApproval,
} from '../domain/case';
import { assignCaseUpdate, decideApprovalUpdate, decideRefoulementUpdate, extendLegalClockUpdate, placeLegalHoldUpdate, recordCustodyEventUpdate, recordCustodyExceptionUpdate, recordLegalReviewUpdate, recordScreeningUpdate, recordVerificationUpdate, resumeFromHoldUpdate, scheduleHandoverUpdate, withdrawCaseUpdate } from '../domain/case-messages';
import type { Actor, Role } from '../domain/people';
import {
  ApprovalBodySchema,
  AssignmentBodySchema,
  ClockExtensionBodySchema,
  CustodyEventBodySchema,
  CustodyExceptionBodySchema,
  HoldBodySchema,
  LegalReviewBodySchema,
  RefoulementReviewBodySchema,
  ResumeBodySchema,
  ScheduleBodySchema,
  ScreeningBodySchema,
  VerificationBodySchema,
  WithdrawBodySchema,
} from '../contracts/actions';

interface ActionDefinition<S extends z.ZodType, P> {
  summary: string;
  body: S;
  update: UpdateDefinition<ActionResult, [P]>;
  roles: readonly Role[];
  toPayload(body: z.output<S>, actor: Actor): P;
}

/** An action with its types resolved, so routes of different payloads fit in one list. */
export interface CaseActionRoute {
  /** Path segment under /cases/{caseId}/, the update's (domain/case.ts ACTION_OF_SEGMENT). */
  segment: CaseActionSegment;
  summary: string;
  body: z.ZodType;
  /** The workflow update's name (for logs). */
  updateName: string;
  roles: readonly Role[];
  /** Sends the update; `body` has been validated against `body` by the route. */
  execute(handle: WorkflowHandle, body: unknown, actor: Actor, updateId: string): Promise<ActionResult>;
}

function action<S extends z.ZodType, P>(def: ActionDefinition<S, P>): CaseActionRoute {
  const segment = segmentOfAction(def.update.name);
  if (!segment) throw new Error(`${def.update.name} has no route segment in domain/case.ts`);
  return {
    segment,
    summary: def.summary,
    body: def.body,
    updateName: def.update.name,
    roles: def.roles,
    execute: (handle, body, actor, updateId) =>
      handle.executeUpdate(def.update, { args: [def.toPayload(body as z.output<S>, actor)], updateId }),
  };
}

/** Most payloads are the body plus the actor. */
function withActor<B extends object>(body: B, actor: Actor): B & { actor: Actor } {
  return { ...body, actor };
}

export const CASE_ACTION_ROUTES: readonly CaseActionRoute[] = [
  action({
    summary: 'Record the screening result (custodial officer): cleared, victim or refoulement risk',
    body: ScreeningBodySchema,
    update: recordScreeningUpdate,
    roles: ['officer', 'supervisor'],
    toPayload: withActor,
  }),
  action({
    summary: 'Decide a refoulement-risk review (legal officer of the custodial country): proceed or refuse',
    body: RefoulementReviewBodySchema,
    update: decideRefoulementUpdate,
    roles: ['legal'],
    toPayload: withActor,
  }),
  action({
    summary: 'Record identity and nationality verification (receiving country)',
    body: VerificationBodySchema,
    update: recordVerificationUpdate,
    roles: ['officer', 'supervisor'],
    toPayload: withActor,
  }),
  action({
    summary: 'Record an extradition legal step: formal request, court decision, executive decision',
    body: LegalReviewBodySchema,
    update: recordLegalReviewUpdate,
    roles: ['legal'],
    toPayload: withActor,
  }),
  action({
    summary: "Approve or reject the caller's country slot (release, accept or transit consent)",
    body: ApprovalBodySchema,
    update: decideApprovalUpdate,
    roles: ['supervisor'],
    toPayload: (body, actor): DecideApproval => {
      if (body.decision === 'approve') return { requestId: body.requestId, actor, decision: 'approve', notes: body.notes };
      if (body.close === true) return { requestId: body.requestId, actor, decision: 'reject', reason: body.reason, close: true };
      // The schema guarantees returnTo when close is absent.
      return { requestId: body.requestId, actor, decision: 'reject', reason: body.reason, returnTo: body.returnTo ?? 'screening' };
    },
  }),
  action({
    summary: 'Schedule or reschedule the handover: agreed date, handover point, transport, escort',
    body: ScheduleBodySchema,
    update: scheduleHandoverUpdate,
    roles: ['officer', 'supervisor'],
    toPayload: withActor,
  }),
  action({
    summary: 'Record a chain-of-custody event at a hop (officer of the country where it happens)',
    body: CustodyEventBodySchema,
    update: recordCustodyEventUpdate,
    roles: ['officer', 'supervisor'],
    toPayload: withActor,
  }),
  action({
    summary:
      'Record a custody exception: did-not-board (custodial officer, before its release: the schedule is void) or ' +
      'identity-mismatch (receiving officer, on arrival: the person returns to the custodial country, the case to identity verification)',
    body: CustodyExceptionBodySchema,
    update: recordCustodyExceptionUpdate,
    roles: ['officer', 'supervisor'],
    toPayload: withActor,
  }),
  action({
    summary: 'Place a legal hold (pauses working SLAs, never legal clocks)',
    body: HoldBodySchema,
    update: placeLegalHoldUpdate,
    roles: ['supervisor', 'legal'],
    toPayload: withActor,
  }),
  action({
    summary: 'Resume from a legal hold',
    body: ResumeBodySchema,
    update: resumeFromHoldUpdate,
    roles: ['supervisor', 'legal'],
    toPayload: withActor,
  }),
  action({
    summary: 'Withdraw the case (requesting, i.e. receiving, country)',
    body: WithdrawBodySchema,
    update: withdrawCaseUpdate,
    roles: ['supervisor', 'legal'],
    toPayload: withActor,
  }),
  action({
    summary: "Extend a legal clock within the treaty profile's maximum, citing the legal decision",
    body: ClockExtensionBodySchema,
    update: extendLegalClockUpdate,
    roles: ['legal'],
    toPayload: withActor,
  }),
  action({
    summary:
      'Claim (your own user id), hand over (a colleague of your country) or release (null) the step the case waits on, ' +
      'for whoever the case waits on; changing what someone else holds needs a supervisor of their country',
    body: AssignmentBodySchema,
    update: assignCaseUpdate,
    roles: ['officer', 'supervisor', 'legal'],
    toPayload: withActor,
  }),
];
