/**
 * Turns what the Temporal client throws into the caller's problem: a validator's rejection keeps its
 * reason (403/409/422), a missing workflow is 404, and anything that means "Temporal did not answer"
 * is 503 with Retry-After, never a 500 with a stack. The classification itself is temporal/errors.ts.
 */
import { ServiceError, isGrpcServiceError } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { RejectionKind } from '../domain/case';
import type { ProblemKind } from '../contracts/problem';
import { GrpcStatus, isTemporalUnavailable, isWorkerUnavailable, unavailableReason, workflowRejection } from '../temporal/errors';
import { HttpProblem } from './problem';

export { grpcCodeName, isTemporalUnavailable, isWorkerUnavailable, isWorkflowTaskFailing, unavailableReason, workflowRejection } from '../temporal/errors';

const REJECTION_TO_PROBLEM: Record<RejectionKind, ProblemKind> = {
  forbidden: 'forbidden',
  conflict: 'conflict',
  invalid: 'unprocessable-action',
};

/**
 * Maps a Temporal client error to a problem, or returns undefined when the error is not Temporal's
 * (the error handler then answers 500).
 */
export function problemFromTemporalError(err: unknown): HttpProblem | undefined {
  const rejection = workflowRejection(err);
  if (rejection) {
    return new HttpProblem(rejection.kind ? REJECTION_TO_PROBLEM[rejection.kind] : 'conflict', rejection.reason);
  }
  if (isWorkerUnavailable(err)) {
    return new HttpProblem('worker-unavailable', 'No worker can run the case right now (none polling, or its last workflow task failed and is being retried); the case is safe, retry later');
  }
  if (isTemporalUnavailable(err)) {
    return new HttpProblem('temporal-unavailable', `Temporal did not answer (${unavailableReason(err)}); retry later`);
  }
  if (err instanceof WorkflowNotFoundError) return new HttpProblem('not-found', 'No such case');
  if (err instanceof ServiceError && isGrpcServiceError(err.cause) && Number(err.cause.code) === GrpcStatus.NOT_FOUND) {
    return new HttpProblem('not-found', 'No such case');
  }
  return undefined;
}
