/**
 * Bulk approvals: a supervisor approves (or rejects) a list of cases in one request. Each case still
 * gets its own validated, audited approval: the same CaseService.act path and workflow update as
 * POST /cases/{caseId}/approvals, with the same request id, so a repeated request repeats nothing.
 */
import type { Caller } from '../auth/claims';
import { CASE_ACTION_ROUTES } from '../case-actions';
import type { CaseService } from '../case-service';
import { mapWithConcurrency } from '../../domain/concurrency';
import { HttpProblem, isHttpProblem } from '../problem';
import type { BulkApprovalBody, BulkApprovalResult } from '../../contracts/bulk';
import type { CaseView } from '../../domain/case';
import { isTemporalUnavailable, problemFromTemporalError } from '../temporal-errors';

export const BULK_APPROVAL_CONCURRENCY = 16;

type CaseResult = BulkApprovalResult['results'][number];

const APPROVALS = CASE_ACTION_ROUTES.find((r) => r.segment === 'approvals');

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
  if (!APPROVALS) throw new Error('the approvals action is not defined');
  if (!APPROVALS.roles.includes(caller.role)) throw new HttpProblem('forbidden', `approvals need the ${APPROVALS.roles.join(' or ')} role`);
  const caseIds = [...new Set(body.caseIds)];
  const results = await mapWithConcurrency(caseIds, BULK_APPROVAL_CONCURRENCY, async (caseId): Promise<CaseResult> => {
    try {
      const view = await service.act(caller, caseId, APPROVALS, body.approval);
      return { caseId, status: recordedDecision(view, caller, body.approval.decision), stage: view.stage, ...(view.outcome ? { outcome: view.outcome } : {}) };
    } catch (err) {
      if (isTemporalUnavailable(err)) {
        return { caseId, status: 'failed', problem: { type: '/problems/temporal-unavailable', status: 503, detail: 'no answer for this case; repeat the request' } };
      }
      const problem = isHttpProblem(err) ? err : problemFromTemporalError(err);
      if (problem?.kind === 'not-found') return { caseId, status: 'not-found' };
      if (!problem) return { caseId, status: 'failed', problem: { type: '/problems/internal', status: 500, detail: 'this case could not be decided; repeat the request' } };
      const p = problem.toProblem('', '');
      return { caseId, status: 'refused', problem: { type: p.type, status: p.status, ...(p.detail ? { detail: p.detail } : {}) } };
    }
  });
  const count = (status: CaseResult['status']) => results.filter((r) => r.status === status).length;
  return {
    requested: caseIds.length,
    approved: count('approved'),
    rejected: count('rejected'),
    refused: count('refused'),
    notFound: count('not-found'),
    failed: count('failed'),
    results,
  };
}
