/**
 * How the API classifies what the Temporal client throws. The errors are built in the shape grpc-js
 * gives them (code, details, metadata), as the client passes them on; the live cases (outage, restart)
 * are in api-edge.test.ts and server-restart.test.ts.
 */
import { ServiceError } from '@temporalio/client';
import { problemFromTemporalError } from '../api/temporal-errors';

function grpcError(code: number, details: string): Error {
  return Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} });
}

describe('problemFromTemporalError', () => {
  it('answers a query that found no poller (worker down or not yet reconnected) with 503 worker-unavailable', () => {
    const err = new ServiceError('Failed to query Workflow', {
      cause: grpcError(9, 'no poller seen for task queue recently, worker may be down'),
    });
    const problem = problemFromTemporalError(err);
    expect(problem).toMatchObject({ kind: 'worker-unavailable', status: 503, retryAfterSeconds: 5 });
    expect(problem?.detail).toMatch(/retry later/);
  });

  it('answers an Update refused while the case\'s workflow task is failing on a worker with 503 worker-unavailable', () => {
    const err = new ServiceError('Workflow Update failed', {
      cause: grpcError(9, 'Unable to perform workflow execution update due to Workflow Task in failed state.'),
    });
    expect(problemFromTemporalError(err)).toMatchObject({ kind: 'worker-unavailable', status: 503, retryAfterSeconds: 5 });
  });

  it('leaves any other FAILED_PRECONDITION to the 500 path (it is not known to be retryable)', () => {
    expect(problemFromTemporalError(new ServiceError('x', { cause: grpcError(9, 'namespace is not active') }))).toBeUndefined();
  });

  it('answers UNAVAILABLE and DEADLINE_EXCEEDED with 503 temporal-unavailable naming the code', () => {
    for (const [code, name] of [[14, 'UNAVAILABLE'], [4, 'DEADLINE_EXCEEDED']] as const) {
      const problem = problemFromTemporalError(new ServiceError('x', { cause: grpcError(code, 'down') }));
      expect(problem).toMatchObject({ kind: 'temporal-unavailable', status: 503 });
      expect(problem?.detail).toContain(name);
    }
  });
});
