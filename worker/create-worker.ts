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
    // may take them (the SDK's default is 10 s). Shorter fails over faster (crash bench: 0.34 at 5 s,
    // 0.45 at 2 s), but a live worker too busy to take a sticky task in time then replays the case
    // from its full history; 3 s keeps a margin on a loaded machine.
    stickyQueueScheduleToStartTimeout: '3s',
    ...opts.tuning,
  });
}
