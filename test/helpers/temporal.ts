/**
 * Test helpers: connect to the shared dev server started by the global setup and run real workers.
 */
import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import pino from 'pino';
import { createActivities, type ActivityDeps } from '../../activities';
import { createWorker, type CreateWorkerOptions } from '../../worker/create-worker';
import { installTemporalRuntime } from '../../worker/runtime';
import { connectSpawnedEnv, spawnedGroup, spawnedOutboxDeps, spawnedWorker } from './spawned';

export const testLogger = pino({ level: process.env.HANDOVER_TEST_LOG_LEVEL ?? 'error' });

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests through jest (npm test), whose global setup starts Temporal`);
  return value;
}

export function testNamespace(): string {
  return requiredEnv('HANDOVER_TEST_NAMESPACE');
}

export function testAddress(): string {
  return requiredEnv('HANDOVER_TEST_TEMPORAL_ADDRESS');
}

export async function connectTestEnv(): Promise<TestWorkflowEnvironment> {
  installTemporalRuntime(testLogger);
  return TestWorkflowEnvironment.createFromExistingServer({ address: testAddress(), namespace: testNamespace() });
}

export function uniqueTaskQueue(prefix = 'test'): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export interface TestWorker {
  worker: Worker;
  taskQueue: string;
  stop(): Promise<void>;
}

/**
 * Starts a real worker on a unique task queue with the prebundled workflows; `stop()` drains it.
 * `dataConverter` (e.g. the encrypting one of security/data-converter.ts) and `workflowBundle` (a bundle
 * built with that converter's failure converter) pass through to the worker.
 */
export async function startTestWorker(
  env: TestWorkflowEnvironment,
  options: {
    activityDeps: ActivityDeps;
    taskQueue?: string;
    dataConverter?: CreateWorkerOptions['dataConverter'];
    workflowBundle?: { codePath: string };
  },
): Promise<TestWorker> {
  const taskQueue = options.taskQueue ?? uniqueTaskQueue();
  const worker = await createWorker({
    connection: env.nativeConnection,
    namespace: testNamespace(),
    taskQueue,
    activityDeps: options.activityDeps,
    workflowBundle: options.workflowBundle ?? { codePath: requiredEnv('HANDOVER_TEST_WORKFLOW_BUNDLE') },
    logger: testLogger,
    dataConverter: options.dataConverter,
  });
  const running = worker.run();
  return {
    worker,
    taskQueue,
    stop: async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
    },
  };
}

/**
 * The usual suite set-up: a connection to the shared dev server and one real worker for the whole
 * file, stopped after it. Read `suite.env` and `suite.worker` inside tests (they are set in beforeAll).
 */
export function withSuiteWorker(activityDeps: ActivityDeps): { env: TestWorkflowEnvironment; worker: TestWorker } {
  const suite = {} as { env: TestWorkflowEnvironment; worker: TestWorker };
  // In the cluster tier the suite may run on the worker processes instead (test/helpers/spawned.ts).
  const spawned = spawnedGroup('shared');
  beforeAll(async () => {
    if (spawned) {
      if (!spawnedOutboxDeps.has(activityDeps)) {
        throw new Error("the suite passes its own activity dependencies; the tier's worker processes run the production ones: run it in-process");
      }
      suite.env = await connectSpawnedEnv(spawned, testLogger);
      suite.worker = spawnedWorker(spawned);
      return;
    }
    suite.env = await connectTestEnv();
    suite.worker = await startTestWorker(suite.env, { activityDeps });
  });
  afterAll(async () => {
    await suite.worker?.stop();
    await suite.env?.teardown();
  });
  return suite;
}

export { createActivities };
