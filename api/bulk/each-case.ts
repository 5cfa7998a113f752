/**
 * One case action applied to many cases, each through the same CaseService.act path (and workflow
 * update, validators and audit) as its single-case route, with the same requestId in every case: the
 * update id is per case workflow, so a repeated request repeats nothing and is answered from what each
 * case recorded. A case that cannot be reached is `failed` (repeat the request), a case the caller may
 * not see is `not-found`, and a refusal carries the case's problem.
 */
import type { Caller } from '../auth/claims';
import type { CaseActionRoute } from '../case-actions';
import type { CaseService } from '../case-service';
import { mapWithConcurrency } from '../../domain/concurrency';
import type { CaseView } from '../../domain/case';
import { HttpProblem, isHttpProblem } from '../problem';
import { isTemporalUnavailable, problemFromTemporalError } from '../temporal-errors';

export const BULK_ACTION_CONCURRENCY = 16;

export interface CaseProblem {
  type: string;
  status: number;
  detail?: string;
}

export type EachCaseResult<T> =
  | ({ caseId: string } & T)
  | { caseId: string; status: 'refused'; problem: CaseProblem }
  | { caseId: string; status: 'not-found' }
  | { caseId: string; status: 'failed'; problem: CaseProblem };

export function actionRoute(segment: string, routes: readonly CaseActionRoute[]): CaseActionRoute {
  const route = routes.find((r) => r.segment === segment);
  if (!route) throw new Error(`the ${segment} action is not defined`);
  return route;
}

/** The single action's fast role check, for the whole request: a caller who may never act gets one 403. */
export function assertRole(route: CaseActionRoute, caller: Caller, what: string): void {
  if (!route.roles.includes(caller.role)) throw new HttpProblem('forbidden', `${what} need the ${route.roles.join(' or ')} role`);
}

export async function actOnEach<T extends { status: string }>(
  service: CaseService,
  caller: Caller,
  route: CaseActionRoute,
  caseIds: readonly string[],
  body: { requestId: string },
  answered: (view: CaseView) => T,
): Promise<EachCaseResult<T>[]> {
  return mapWithConcurrency([...new Set(caseIds)], BULK_ACTION_CONCURRENCY, async (caseId): Promise<EachCaseResult<T>> => {
    try {
      const view = await service.act(caller, caseId, route, body);
      return { caseId, ...answered(view) };
    } catch (err) {
      if (isTemporalUnavailable(err)) {
        return { caseId, status: 'failed', problem: { type: '/problems/temporal-unavailable', status: 503, detail: 'no answer for this case; repeat the request' } };
      }
      const problem = isHttpProblem(err) ? err : problemFromTemporalError(err);
      if (problem?.kind === 'not-found') return { caseId, status: 'not-found' };
      if (!problem) return { caseId, status: 'failed', problem: { type: '/problems/internal', status: 500, detail: 'this case could not be changed; repeat the request' } };
      const p = problem.toProblem('', '');
      return { caseId, status: 'refused', problem: { type: p.type, status: p.status, ...(p.detail ? { detail: p.detail } : {}) } };
    }
  });
}

/** How many results have each status. */
export function countOf<R extends { status: string }>(results: readonly R[]) {
  return (status: R['status']) => results.filter((r) => r.status === status).length;
}
