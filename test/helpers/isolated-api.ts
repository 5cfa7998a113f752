/**
 * An API on a namespace of its own: counts and lists (summary, overdue, inbox, metrics) then see only
 * the cases this suite created, while other suites run beside it on the same dev server.
 */
import { randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import pino from 'pino';
import type { ActivityDeps } from '../../activities';
import { buildApp, type BuildAppOptions, type HandoverApp } from '../../api/app';
import type { ApiCall } from '../../scripts/demo-seed';
import { ensureSearchAttributes, waitForNamespace } from '../../temporal/server';
import { createWorker } from '../../worker/create-worker';
import { TEST_APP_TIMING, TEST_DAY_SECONDS, TEST_JWT_SECRET, testConfig } from './api';
import { testNotifications } from './case';
import { claimIsolatedGroup, checkConfigEnv, connectSpawnedEnv, RemoteApi, spawnedGroup, type SpawnedGroup } from './spawned';
import { connectTestEnv, testLogger } from './temporal';

const apiLogger = pino({ level: process.env.HANDOVER_TEST_API_LOG_LEVEL ?? 'error' });

export interface IsolatedApi {
  namespace: string;
  taskQueue: string;
  env: TestWorkflowEnvironment;
  client: Client;
  worker: Worker;
  /** An app on this namespace; `configEnv` sets e.g. HANDOVER_DAY_SECONDS for the cases it registers. */
  app(configEnv?: Record<string, string>, options?: Pick<BuildAppOptions, 'webRoot' | 'signIn'>): Promise<HandoverApp>;
  stop(): Promise<void>;
}

export async function startIsolatedApi(options: { activityDeps?: ActivityDeps; prefix?: string } = {}): Promise<IsolatedApi> {
  // In the cluster tier the suite may get the isolated group's processes instead (test/helpers/spawned.ts).
  const spawned = spawnedGroup('isolated');
  if (spawned) return spawnedIsolatedApi(spawned, options);
  const env = await connectTestEnv();
  const namespace = `${options.prefix ?? 'handover-iso'}-${randomUUID().slice(0, 8)}`;
  await env.connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('1 day') });
  await waitForNamespace(env.connection, namespace);
  await ensureSearchAttributes(env.connection, namespace);
  const client = new Client({ connection: env.connection, namespace });
  const taskQueue = `iso-${randomUUID().slice(0, 8)}`;
  const bundle = process.env.HANDOVER_TEST_WORKFLOW_BUNDLE;
  if (!bundle) throw new Error('HANDOVER_TEST_WORKFLOW_BUNDLE is not set: run the tests through jest');
  const worker = await createWorker({
    connection: env.nativeConnection,
    namespace,
    taskQueue,
    activityDeps: options.activityDeps ?? testNotifications().activityDeps,
    workflowBundle: { codePath: bundle },
    logger: testLogger,
  });
  const running = worker.run();
  const apps: HandoverApp[] = [];
  return {
    namespace,
    taskQueue,
    env,
    client,
    worker,
    app: async (configEnv = {}, options: Pick<BuildAppOptions, 'webRoot' | 'signIn'> = {}) => {
      const app = buildApp({
        ...options,
        config: testConfig(configEnv),
        client,
        logger: apiLogger,
        taskQueue,
        namespace,
        auth: { secret: TEST_JWT_SECRET },
        ...TEST_APP_TIMING,
      });
      await app.ready();
      apps.push(app);
      return app;
    },
    stop: async () => {
      for (const app of apps) await app.close();
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await env.teardown();
    },
  };
}

/** startIsolatedApi on the tier's isolated group: a namespace of its own, its API and worker processes. */
async function spawnedIsolatedApi(group: SpawnedGroup, options: { activityDeps?: ActivityDeps }): Promise<IsolatedApi> {
  if (options.activityDeps) throw new Error("the suite passes its own activity dependencies; the tier's worker processes run the production ones: run it in-process");
  claimIsolatedGroup(group);
  const env = await connectSpawnedEnv(group, testLogger);
  const remotes: RemoteApi[] = [];
  const iso = {
    namespace: group.namespace,
    taskQueue: group.taskQueue,
    env,
    client: env.client,
    app: async (configEnv: Record<string, string> = {}, appOptions: Pick<BuildAppOptions, 'webRoot' | 'signIn'> = {}) => {
      if (appOptions.webRoot || appOptions.signIn) throw new Error("buildApp options cannot reach the tier's API processes: run this suite in-process");
      checkConfigEnv(group, { HANDOVER_DAY_SECONDS: String(TEST_DAY_SECONDS), ...configEnv }, TEST_JWT_SECRET);
      const remote = new RemoteApi(group.apiUrls);
      remotes.push(remote);
      return remote.asApp();
    },
    stop: async () => {
      for (const remote of remotes) await remote.close();
      await env.teardown();
    },
  } as IsolatedApi;
  Object.defineProperty(iso, 'worker', {
    get() {
      throw new Error("the isolated group's workers are separate processes in the cluster tier; this suite needs an in-process worker");
    },
  });
  return iso;
}

/** An ApiCall over app.inject, for the demo walker in tests. */
export function injectApi(app: HandoverApp): ApiCall {
  return async (method, path, token, body, headers = {}) => {
    const res = await app.inject({
      method,
      url: path,
      headers: { authorization: `Bearer ${token}`, ...headers },
      ...(body !== undefined ? { payload: body as object } : {}),
    });
    return { status: res.statusCode, body: res.body ? (JSON.parse(res.body) as unknown) : undefined };
  };
}

/** Polls until `check` returns a value (visibility is eventually consistent). */
export async function eventually<T>(check: () => Promise<T | undefined | false>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
