/**
 * API test helpers: a configured app on the shared dev server with a real worker, tokens for any
 * role and country, and registration bodies that carry no real person.
 */
import type { SignInOptions } from '../../api/auth/sign-in-config';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp, type BuildAppOptions, type HandoverApp } from '../../api/app';
import { mintToken, type MintOptions } from '../../api/auth/tokens';
import { loadConfig, type Config } from '../../config/env';
import type { Country, Role } from '../../domain/people';
import { testNotifications } from './case';
import pino from 'pino';
import { connectTestEnv, startTestWorker, testNamespace, type TestWorker } from './temporal';
import { checkConfigEnv, connectSpawnedEnv, RemoteApi, spawnedGroup, spawnedWorker, type SpawnedGroup } from './spawned';

/** The API's own log lines in tests: errors only (HANDOVER_TEST_API_LOG_LEVEL=info to see every request). */
const apiLogger = pino({ level: process.env.HANDOVER_TEST_API_LOG_LEVEL ?? 'error' });

export const TEST_JWT_SECRET = 'handover-test-secret-0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * Suites share two cores with a dev server and other suites' workers: load shedding (tested on its own
 * with a tiny threshold) and the 10 s production deadline for Temporal calls would turn a slow moment
 * into a 503 that no test is about.
 */
export const TEST_APP_TIMING = { maxEventLoopDelayMs: 60_000, temporalDeadlineMs: 30_000 } as const;

/** One clock day in tests: a minute, so no clock expires while a test walks a case. */
export const TEST_DAY_SECONDS = 60;

export function testConfig(env: Record<string, string> = {}): Config {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'handover-api-'));
  return loadConfig({
    HANDOVER_DATA_DIR: dataDir,
    HANDOVER_DAY_SECONDS: String(TEST_DAY_SECONDS),
    HANDOVER_LOG_LEVEL: 'silent',
    HANDOVER_JWT_SECRET: TEST_JWT_SECRET,
    TEMPORAL_NAMESPACE: process.env.HANDOVER_TEST_NAMESPACE ?? 'handover-test',
    ...env,
  });
}

/** The workbench's sign-in as the embedded default offers it: sealed cookies on plain http, demo identities. */
export const TEST_SESSION_SECRET = 'handover-test-session-secret-0123456789abcdef';
export function testSignIn(overrides: Partial<SignInOptions> = {}): SignInOptions {
  return {
    session: { secrets: [TEST_SESSION_SECRET], secure: false, idleSeconds: 3600, absoluteSeconds: 12 * 3600 },
    publicUrl: 'http://127.0.0.1',
    demoIdentities: true,
    ...overrides,
  };
}

/** Subject of a test user: `kh-officer-1`. */
export function subjectOf(role: Role, country: Country, n = 1): string {
  return `${country.toLowerCase()}-${role}-${n}`;
}

export function tokenFor(role: Role, country: Country, n = 1, options: MintOptions = {}): Promise<string> {
  return mintToken({ sub: subjectOf(role, country, n), name: `Test ${role} ${n}`, role, country }, TEST_JWT_SECRET, options);
}

export interface RegistrationOptions {
  track?: 'deportation' | 'extradition';
  custodial?: Country;
  receiving?: Country;
  transit?: Country[];
  externalReference?: string;
}

/** A registration body, loosely typed so tests can break it on purpose. */
export interface RegistrationFixture {
  person: Record<string, unknown>;
  arrest: Record<string, unknown>;
  [field: string]: unknown;
}

/** A registration body with a fresh external reference (so a fresh case id) unless one is given. */
export function registrationBody(opts: RegistrationOptions = {}): RegistrationFixture {
  return {
    track: opts.track ?? 'deportation',
    person: {
      fullName: 'Test Person',
      otherNames: ['T. P.'],
      birthDate: '1990-04-17',
      sex: 'male',
      claimedNationality: opts.receiving ?? 'CN',
      documents: [{ type: 'passport', number: 'E00000000', issuingCountry: opts.receiving ?? 'CN' }],
    },
    custodialCountry: opts.custodial ?? 'KH',
    receivingCountry: opts.receiving ?? 'CN',
    transitCountries: opts.transit ?? [],
    arrest: {
      time: new Date(Date.now() - 3_600_000).toISOString(),
      place: 'Test compound',
      agency: 'Test police',
      operation: 'op-test',
    },
    custodyStatus: 'detention',
    charges: ['telecom fraud'],
    externalReference: opts.externalReference ?? `REF-${randomUUID()}`,
  };
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export function call(app: HandoverApp, method: 'GET' | 'POST', url: string, opts: CallOptions = {}): Promise<LightMyRequestResponse> {
  const request: InjectOptions = {
    method,
    url,
    headers: {
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...opts.headers,
    },
    ...(opts.body !== undefined ? { payload: opts.body as InjectOptions['payload'] } : {}),
  };
  return app.inject(request);
}

export function requestId(): string {
  return `req-${randomUUID()}`;
}

/** One answered request, as the route recorder saw it. */
export interface AnsweredRoute {
  method: string;
  route: string | undefined;
  status: number;
}

export interface ApiEnv {
  /** Every request the app answered, for the test that proves each documented route answers. */
  answered: AnsweredRoute[];
  env: TestWorkflowEnvironment;
  worker: TestWorker;
  client: Client;
  app: HandoverApp;
  config: Config;
  stop(): Promise<void>;
}

/** The app on the shared dev server with a real worker running the real case workflow. */
export async function startApiEnv(options: { configEnv?: Record<string, string>; app?: Partial<BuildAppOptions> } = {}): Promise<ApiEnv> {
  // In the cluster tier the suite may use the API and worker processes instead (test/helpers/spawned.ts).
  const spawned = spawnedGroup('shared');
  if (spawned) return spawnedApiEnv(spawned, options);
  const env = await connectTestEnv();
  const { activityDeps } = testNotifications();
  const worker = await startTestWorker(env, { activityDeps });
  const config = testConfig(options.configEnv);
  const app = buildApp({
    config,
    client: env.client,
    logger: apiLogger,
    taskQueue: worker.taskQueue,
    namespace: testNamespace(),
    auth: { secret: TEST_JWT_SECRET },
    ...TEST_APP_TIMING,
    ...options.app,
  });
  const answered: AnsweredRoute[] = [];
  app.addHook('onResponse', async (request, reply) => {
    answered.push({ method: request.method, route: request.routeOptions.url, status: reply.statusCode });
  });
  await app.ready();
  return {
    answered,
    env,
    worker,
    client: env.client,
    app,
    config,
    stop: async () => {
      await app.close();
      await worker.stop();
      await env.teardown();
    },
  };
}

/** startApiEnv on the tier's API and worker processes: requests go over HTTP to its APIs in turn. */
async function spawnedApiEnv(group: SpawnedGroup, options: { configEnv?: Record<string, string>; app?: Partial<BuildAppOptions> }): Promise<ApiEnv> {
  if (options.app) throw new Error("buildApp options cannot reach the tier's API processes: run this suite in-process");
  const configEnv = { HANDOVER_DAY_SECONDS: String(TEST_DAY_SECONDS), ...options.configEnv };
  checkConfigEnv(group, configEnv, TEST_JWT_SECRET);
  const env = await connectSpawnedEnv(group, apiLogger);
  const remote = new RemoteApi(group.apiUrls);
  return {
    // The processes answer; this process sees no route.
    answered: [],
    env,
    worker: spawnedWorker(group),
    client: env.client,
    app: remote.asApp(),
    config: testConfig({ ...configEnv, TEMPORAL_NAMESPACE: group.namespace, HANDOVER_TASK_QUEUE: group.taskQueue }),
    stop: async () => {
      await remote.close();
      await env.teardown();
    },
  };
}

/** An app whose Temporal client points at a closed port: every Temporal call fails as in an outage. */
export async function startAppWithoutTemporal(
  configEnv: Record<string, string> = {},
  appOptions: Partial<BuildAppOptions> = {},
): Promise<{ app: HandoverApp; stop(): Promise<void> }> {
  const connection = Connection.lazy({ address: '127.0.0.1:1' });
  const client = new Client({ connection, namespace: 'handover-test' });
  const app = buildApp({
    config: testConfig(configEnv),
    client,
    logger: apiLogger,
    auth: { secret: TEST_JWT_SECRET },
    temporalDeadlineMs: 1_500,
    readinessDeadlineMs: 1_000,
    ...appOptions,
  });
  await app.ready();
  return {
    app,
    stop: async () => {
      await app.close();
      await connection.close();
    },
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read answers loosely
export function json<T = any>(response: LightMyRequestResponse): T {
  return JSON.parse(response.body) as T;
}
