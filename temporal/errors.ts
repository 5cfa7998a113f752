/**
 * Classifies what the Temporal client throws: Temporal unreachable or too slow, no worker polling,
 * a workflow validator's rejection. Used by the API (to answer problems) and by activities (to retry
 * or give up); it depends on the Temporal SDK and domain/ only, never on api/ or activities/.
 */
import { WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError, isGrpcServiceError } from '@temporalio/client';
import { TemporalFailure } from '@temporalio/common';
import { REJECTION_PREFIX, type RejectionKind } from '../domain/case';

/** The gRPC status codes this module looks at (numbers fixed by the gRPC spec). */
export const GrpcStatus = {
  CANCELLED: 1,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  FAILED_PRECONDITION: 9,
  RESOURCE_EXHAUSTED: 8,
  ABORTED: 10,
  UNAVAILABLE: 14,
} as const;

/** gRPC codes that mean the server (or the path to it) is not answering right now. */
const UNAVAILABLE_CODES = new Set<number>([
  GrpcStatus.UNAVAILABLE,
  GrpcStatus.DEADLINE_EXCEEDED,
  GrpcStatus.CANCELLED,
  GrpcStatus.RESOURCE_EXHAUSTED,
  GrpcStatus.ABORTED,
]);

const CONNECTION_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE']);

/** Walks an error and its causes (bounded, causes can be cyclic). */
function* causes(err: unknown): Generator<unknown> {
  let current: unknown = err;
  for (let depth = 0; current !== undefined && current !== null && depth < 8; depth++) {
    yield current;
    current = (current as { cause?: unknown }).cause;
  }
}

export function grpcCodeName(code: number): string {
  const name = Object.entries(GrpcStatus).find(([, value]) => value === code)?.[0];
  return name ?? `gRPC status ${code}`;
}

/** True when the error means Temporal is unreachable, overloaded or too slow; the request may be retried. */
export function isTemporalUnavailable(err: unknown): boolean {
  for (const e of causes(err)) {
    if (e instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
    if (isGrpcServiceError(e) && UNAVAILABLE_CODES.has(Number(e.code))) return true;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && CONNECTION_ERROR_CODES.has(code)) return true;
  }
  return false;
}

/**
 * True when Temporal answered that no worker can run the case right now: none polls the case task queue
 * (a query needs a worker to run it; the worker is down or not yet reconnected after a server restart), or
 * the case's last workflow task failed on a worker and Temporal is retrying it (an Update is refused
 * until a worker completes it). Nothing was recorded, so this is a 503 to retry, not a 500.
 */
export function isWorkerUnavailable(err: unknown): boolean {
  for (const e of causes(err)) {
    if (isGrpcServiceError(e) && Number(e.code) === GrpcStatus.FAILED_PRECONDITION && /poller/i.test(e.details ?? e.message)) return true;
  }
  return isWorkflowTaskFailing(err);
}

/**
 * True when Temporal refused an Update because the case's last workflow task failed on a worker. It may
 * clear by itself (a passing fault, a bad deployment rolled back) or never without an operator (a worker
 * that cannot decrypt or replay the case), so whoever answers it also tells the operators.
 */
export function isWorkflowTaskFailing(err: unknown): boolean {
  for (const e of causes(err)) {
    if (isGrpcServiceError(e) && Number(e.code) === GrpcStatus.FAILED_PRECONDITION && /workflow task in failed state/i.test(e.details ?? e.message)) return true;
  }
  return false;
}

/** A short reason naming what failed (gRPC code), never a payload. */
export function unavailableReason(err: unknown): string {
  for (const e of causes(err)) {
    if (isGrpcServiceError(e)) return grpcCodeName(Number(e.code));
    if (e instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return 'update timed out';
  }
  return 'no answer';
}

/** The rejection kind and reason of a workflow validator, if this error carries one. */
export function workflowRejection(err: unknown): { kind: RejectionKind | undefined; reason: string } | undefined {
  if (!(err instanceof WorkflowUpdateFailedError)) return undefined;
  for (const e of causes(err.cause)) {
    if (e instanceof TemporalFailure || e instanceof Error) {
      const message = e.message;
      for (const kind of Object.keys(REJECTION_PREFIX) as RejectionKind[]) {
        if (message.startsWith(REJECTION_PREFIX[kind])) return { kind, reason: message.slice(REJECTION_PREFIX[kind].length) };
      }
    }
  }
  return { kind: undefined, reason: 'the case refused the action' };
}
