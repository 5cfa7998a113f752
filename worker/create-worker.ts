/**
 * Builds a Handover worker. Used by `npm start`, `npm run worker`, the tests and the benchmarks,
 * so every one of them runs the same workflows, activities and options.
 */
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { Logger } from 'pino';
import { createActivities, type ActivityDeps } from '../activities';

export interface CreateWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activityDeps: ActivityDeps;
  /** A prebundled workflow bundle (tests, production image); otherwise workflows are bundled at start. */
  workflowBundle?: { codePath: string };
  logger?: Logger;
  /** Fine-tuning for benchmarks (cache size, pollers, concurrency). */
  tuning?: Pick<
    WorkerOptions,
    | 'maxCachedWorkflows'
    | 'maxConcurrentWorkflowTaskExecutions'
    | 'maxConcurrentActivityTaskExecutions'
    | 'workflowTaskPollerBehavior'
    | 'activityTaskPollerBehavior'
  >;
  dataConverter?: WorkerOptions['dataConverter'];
}

export const WORKFLOWS_PATH = require.resolve('../workflows');

export async function createWorker(opts: CreateWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    ...(opts.workflowBundle ? { workflowBundle: opts.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    activities: createActivities(opts.activityDeps),
    dataConverter: opts.dataConverter,
    // Graceful shutdown: in-flight activities (notifications) get this long to finish.
    shutdownGraceTime: '10s',
    // After a worker dies, the cases it held wait this long on its sticky queue before another worker
    // may take them (the SDK's default is 10 s); a live worker answers its sticky tasks far sooner.
    stickyQueueScheduleToStartTimeout: '5s',
    ...opts.tuning,
  });
}
