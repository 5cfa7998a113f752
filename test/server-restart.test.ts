/**
 * The dev server with its SQLite file is stopped and started again under a running API and worker,
 * while cases wait on approvals and on legal clocks: no case is lost, every timer fires, the API answers
 * 503 with Retry-After while Temporal is down, and /readyz recovers without restarting anything.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import pino from 'pino';
import { buildApp, type HandoverApp } from '../api/app';
import { TEST_NAMESPACE } from './setup/global-setup';
import { startDevServer, type EmbeddedServer } from '../temporal/server';
import { createWorker } from '../worker/create-worker';
import { call, json, registrationBody, requestId, testConfig, tokenFor, TEST_JWT_SECRET } from './helpers/api';
import { testNotifications } from './helpers/case';
import { freePort, waitFor } from './helpers/ports';
import { testLogger, uniqueTaskQueue } from './helpers/temporal';
import { installTemporalRuntime } from '../worker/runtime';

const logger = pino({ level: 'silent' });

describe('Temporal server restart', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'handover-restart-'));
  const dbFilename = path.join(dataDir, 'temporal.sqlite');
  let port: number;
  let server: EmbeddedServer | undefined;
  const cli = { source: 'TEMPORAL_CLI' as const, path: process.env.HANDOVER_TEST_CLI ?? '' };

  const start = async () => {
    server = await startDevServer({ cli, namespace: TEST_NAMESPACE, port, dbFilename });
  };

  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every case and timer, answers 503 while down and recovers by itself', async () => {
    installTemporalRuntime(testLogger);
    port = await freePort();
    await start();
    const taskQueue = uniqueTaskQueue('restart');
    const nativeConnection = await NativeConnection.connect({ address: `127.0.0.1:${port}` });
    const worker = await createWorker({
      connection: nativeConnection,
      namespace: TEST_NAMESPACE,
      taskQueue,
      activityDeps: testNotifications().activityDeps,
      workflowBundle: { codePath: process.env.HANDOVER_TEST_WORKFLOW_BUNDLE ?? '' },
    });
    const workerRun = worker.run();
    const connection = await Connection.connect({ address: `127.0.0.1:${port}` });
    const client = new Client({ connection, namespace: TEST_NAMESPACE });
    const appFor = (daySeconds: string): HandoverApp =>
      buildApp({
        config: testConfig({ HANDOVER_DAY_SECONDS: daySeconds }),
        client,
        logger,
        taskQueue,
        namespace: TEST_NAMESPACE,
        auth: { secret: TEST_JWT_SECRET },
        temporalDeadlineMs: 1_500,
        readinessDeadlineMs: 1_000,
      });
    // Timer cases: a clock day of 0.4 s puts immigration detention (60 days) at 24 s.
    const timerApp = appFor('0.4');
    // Approval cases: a day of a minute, so nothing expires during the test.
    const app = appFor('60');
    await Promise.all([timerApp.ready(), app.ready()]);

    try {
      const khOfficer = await tokenFor('officer', 'KH');
      const cnOfficer = await tokenFor('officer', 'CN');
      const khSupervisor = await tokenFor('supervisor', 'KH');

      const timerCases: string[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await call(timerApp, 'POST', '/api/v1/cases', { token: khOfficer, body: registrationBody() });
        expect(res.statusCode).toBe(201);
        timerCases.push(json(res).caseId);
      }
      const approvalCases: string[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await call(app, 'POST', '/api/v1/cases', { token: khOfficer, body: registrationBody() });
        expect(res.statusCode).toBe(201);
        const caseId = json(res).caseId as string;
        approvalCases.push(caseId);
        const screened = await call(app, 'POST', `/api/v1/cases/${caseId}/screening`, {
          token: khOfficer,
          body: { requestId: requestId(), result: 'cleared' },
        });
        expect(screened.statusCode).toBe(200);
        const verified = await call(app, 'POST', `/api/v1/cases/${caseId}/verification`, {
          token: cnOfficer,
          body: { requestId: requestId(), result: 'confirmed', reference: 'CONSULAR-1' },
        });
        expect(verified.statusCode).toBe(200);
        expect(json(verified).stage).toBe('approvals');
      }

      // Down.
      await server!.stop();
      server = undefined;
      const down = await call(app, 'GET', `/api/v1/cases/${approvalCases[0]}`, { token: khOfficer });
      expect(down.statusCode).toBe(503);
      expect(down.headers['retry-after']).toBeDefined();
      expect(down.headers['content-type']).toContain('application/problem+json');
      const notReady = await call(app, 'GET', '/readyz');
      expect(notReady.statusCode).toBe(503);
      expect(json(notReady).detail).toEqual(expect.any(String));
      expect((await call(app, 'GET', '/healthz')).statusCode).toBe(200);

      // Up again, same port and database file; nothing else is restarted.
      await start();
      await waitFor(async () => ((await call(app, 'GET', '/readyz')).statusCode === 200 ? true : undefined), {
        timeoutMs: 30_000,
        what: '/readyz 200 after the restart',
      });

      // Approval cases are still waiting and can be approved. Until the worker's pollers have reconnected,
      // a read (a query runs on a worker) answers 503 worker-unavailable: retryable, never a 500.
      const whileReconnecting = new Set<string>();
      for (const caseId of approvalCases) {
        const view = await waitFor(
          async () => {
            const res = await call(app, 'GET', `/api/v1/cases/${caseId}`, { token: khSupervisor });
            if (res.statusCode === 503) {
              expect(res.headers['retry-after']).toBeDefined();
              whileReconnecting.add(json(res).type as string);
              return undefined;
            }
            return res;
          },
          { timeoutMs: 30_000, intervalMs: 250, what: `the view of ${caseId} after the restart` },
        );
        expect(view.statusCode).toBe(200);
        expect(json(view).stage).toBe('approvals');
        const approved = await call(app, 'POST', `/api/v1/cases/${caseId}/approvals`, {
          token: khSupervisor,
          body: { requestId: requestId(), decision: 'approve' },
        });
        expect(approved.statusCode).toBe(200);
        expect(json(approved).approvals).toEqual(
          expect.arrayContaining([expect.objectContaining({ country: 'KH', status: 'approved' })]),
        );
      }

      for (const type of whileReconnecting) expect(['/problems/worker-unavailable', '/problems/temporal-unavailable']).toContain(type);
      process.stdout.write(`server restart: 503 types while the worker reconnected: ${[...whileReconnecting].join(', ') || 'none'}\n`);

      // Every legal clock that was running across the restart fires.
      for (const caseId of timerCases) {
        const closed = await waitFor(
          async () => {
            const res = await call(timerApp, 'GET', `/api/v1/cases/${caseId}`, { token: khOfficer });
            const view = res.statusCode === 200 ? json(res) : undefined;
            return view?.outcome ? view : undefined;
          },
          { timeoutMs: 60_000, intervalMs: 500, what: `the legal clock of ${caseId}` },
        );
        expect(closed.outcome).toBe('released-custody-expired');
      }
    } finally {
      await timerApp.close();
      await app.close();
      worker.shutdown();
      await workerRun.catch(() => undefined);
      await nativeConnection.close();
      await connection.close();
    }
  });
});
