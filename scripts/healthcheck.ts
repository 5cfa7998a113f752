/**
 * Container health checks of the production image (docker-compose.yml), one line and an exit code:
 *
 *   node dist/scripts/healthcheck.js api     GET /readyz on this container's API port answers 200
 *   node dist/scripts/healthcheck.js worker  this container's worker polled its task queue in the last 2 min
 *
 * The worker check asks Temporal which pollers it has seen: a worker that is alive but stuck (or lost its
 * connection) stops polling and turns unhealthy, which a bare "process exists" check would miss.
 */
import os from 'node:os';
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { loadConfig, type Config } from '../config/env';

const TIMEOUT_MS = 8_000;
const POLL_FRESH_MS = 2 * 60_000;

async function checkApi(config: Config): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${config.HANDOVER_API_PORT}/readyz`, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  if (res.status !== 200) throw new Error(`/readyz answered ${res.status}`);
  return 'api ready';
}

async function checkWorker(config: Config): Promise<string> {
  if (!config.TEMPORAL_ADDRESS) throw new Error('TEMPORAL_ADDRESS is not set');
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS, connectTimeout: TIMEOUT_MS });
  try {
    const res = await connection.workflowService.describeTaskQueue({
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: { name: config.HANDOVER_TASK_QUEUE, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
      taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
    });
    // The SDK's default worker identity is `<pid>@<hostname>`; a container's hostname is its own.
    const host = os.hostname();
    const mine = (res.pollers ?? []).filter((p) => p.identity?.endsWith(`@${host}`));
    const newest = Math.max(0, ...mine.map((p) => Number(p.lastAccessTime?.seconds ?? 0) * 1000));
    if (mine.length === 0) throw new Error(`no poller from ${host} on task queue ${config.HANDOVER_TASK_QUEUE}`);
    if (Date.now() - newest > POLL_FRESH_MS) throw new Error(`last poll from ${host} was ${Math.round((Date.now() - newest) / 1000)} s ago`);
    return `worker polling ${config.HANDOVER_TASK_QUEUE}`;
  } finally {
    await connection.close();
  }
}

async function main(): Promise<void> {
  const role = process.argv[2];
  const config = loadConfig();
  const check = role === 'api' ? checkApi : role === 'worker' ? checkWorker : undefined;
  if (!check) throw new Error('usage: healthcheck.js api|worker');
  const timer = setTimeout(() => {
    process.stderr.write(`unhealthy: no answer within ${TIMEOUT_MS} ms\n`);
    process.exit(1);
  }, TIMEOUT_MS + 1_000);
  process.stdout.write(`healthy: ${await check(config)}\n`);
  clearTimeout(timer);
}

main().catch((err: unknown) => {
  process.stderr.write(`unhealthy: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
