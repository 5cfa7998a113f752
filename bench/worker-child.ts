/**
 * A Handover worker in a process of its own, started by bench/lib.ts (`ChildWorker`): its RSS is the
 * worker's alone (cache benchmark) and it can be SIGKILLed (crash benchmark). It runs the product's
 * `createWorker` with production activities; the parent asks for its memory and cache over IPC.
 */
import { NativeConnection } from '@temporalio/worker';
import pino from 'pino';
import os from 'node:os';
import { loadConfig } from '../config/env';
import { createDataConverter } from '../security/data-converter';
import { parseKeys } from '../security/key-spec';
import { createWorker } from '../worker/create-worker';
import { installTemporalRuntime } from '../worker/runtime';
import { createDefaultActivityDeps } from '../worker/service';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: the worker child is started by bench/lib.ts`);
  return value;
}

async function main(): Promise<void> {
  // Time from process start to here: Node start-up plus loading (and transpiling) the modules.
  const loadedMs = process.uptime() * 1000;
  const address = required('BENCH_CHILD_ADDRESS');
  const namespace = required('BENCH_CHILD_NAMESPACE');
  const taskQueue = required('BENCH_CHILD_TASK_QUEUE');
  const codePath = required('BENCH_CHILD_BUNDLE');
  const keys = process.env.BENCH_CHILD_KEYS;
  const maxCached = process.env.BENCH_CHILD_MAX_CACHED;

  installTemporalRuntime(pino({ level: process.env.HANDOVER_BENCH_LOG_LEVEL ?? 'warn' }, pino.destination(2)));
  const logger = pino({ level: 'info' }, pino.destination({ dest: os.devNull, sync: false }));
  const config = loadConfig({ HANDOVER_DATA_DIR: required('BENCH_CHILD_DATA_DIR'), TEMPORAL_NAMESPACE: namespace });
  const connection = await NativeConnection.connect({ address });
  const connectedMs = process.uptime() * 1000;
  const worker = await createWorker({
    connection,
    namespace,
    taskQueue,
    activityDeps: createDefaultActivityDeps(config, logger),
    workflowBundle: { codePath },
    logger,
    dataConverter: keys ? createDataConverter(parseKeys(keys)) : undefined,
    tuning: maxCached ? { maxCachedWorkflows: Number(maxCached) } : undefined,
  });

  process.on('message', (m: { type: string; id: number }) => {
    if (m.type !== 'status') return;
    const memory = process.memoryUsage();
    const status = worker.getStatus();
    process.send?.({
      type: 'status',
      id: m.id,
      rss: memory.rss,
      heapUsed: memory.heapUsed,
      external: memory.external,
      cachedWorkflows: status.numCachedWorkflows,
      workflowActivations: status.numInFlightWorkflowActivations,
    });
  });
  process.once('SIGTERM', () => worker.shutdown());
  // The parent going away (a benchmark interrupted) must not leave a worker polling.
  process.once('disconnect', () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
  });

  const running = worker.run();
  const createdMs = process.uptime() * 1000;
  process.send?.({ type: 'ready', timings: { loadedMs, connectMs: connectedMs - loadedMs, createMs: createdMs - connectedMs } });
  await running;
  await connection.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`bench worker child failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
