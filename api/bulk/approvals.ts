/**
 * Bulk approvals: a supervisor approves (or rejects) a list of cases in one request. Each case still
 * gets its own validated, audited approval: the same CaseService.act path and workflow update as
 * POST /cases/{caseId}/approvals, with the same request id, so a repeated request repeats nothing.
 */
import type { Caller } from '../auth/claims';
import { CASE_ACTION_ROUTES } from '../case-actions';
import type { CaseService } from '../case-service';
import type { BulkApprovalBody, BulkApprovalResult } from '../../contracts/bulk';
import type { CaseView } from '../../domain/case';
import { actionRoute, actOnEach, assertRole, countOf } from './each-case';

const APPROVALS = actionRoute('approvals', CASE_ACTION_ROUTES);

/**
 * What the case recorded for the caller's country, not what this request asked: a repeated request id is
 * answered with the first request's result, so a repeat of an approval sent as a rejection reports the
 * approval. A rejection that returned the case clears every country's approval (they decide again on the
 * reworked case), so no approval of the caller's country left on the view is a rejection. Only a view
 * read later than the decision (a closed case's, one recorded before results carried views) may show it
 * pending again; that one says nothing, and the request's own decision is reported.
 */
export function recordedDecision(view: Pick<CaseView, 'approvals'>, caller: Pick<Caller, 'country'>, asked: 'approve' | 'reject'): 'approved' | 'rejected' {
  const mine = view.approvals.find((a) => a.country === caller.country);
  if (!mine) return 'rejected';
  if (mine.status === 'pending') return asked === 'approve' ? 'approved' : 'rejected';
  return mine.status;
}

export async function bulkApprove(service: CaseService, caller: Caller, body: BulkApprovalBody): Promise<BulkApprovalResult> {
  assertRole(APPROVALS, caller, 'approvals');
  const results = await actOnEach(service, caller, APPROVALS, body.caseIds, body.approval, (view) => ({
    status: recordedDecision(view, caller, body.approval.decision),
    stage: view.stage,
    ...(view.outcome ? { outcome: view.outcome } : {}),
  }));
  const count = countOf(results);
  return {
    requested: results.length,
    approved: count('approved'),
    rejected: count('rejected'),
    refused: count('refused'),
    notFound: count('not-found'),
    failed: count('failed'),
    results,
  };
}
