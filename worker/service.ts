/**
 * The worker as a long-running service: connect, register search attributes if missing, poll until
 * asked to stop, then drain (in-flight workflow tasks and activities finish) and close the connection.
 */
import { NativeConnection } from '@temporalio/worker';
import type { Logger } from 'pino';
import type { Config } from '../config/env';
import path from 'node:path';
import { JsonlOutbox, LogAndOutboxNotifier, type ActivityDeps } from '../activities';
import { countNotifications, type NotificationCounter } from '../activities/notification-metrics';
import { webhookNotifierFromConfig } from '../activities/webhook-notifier';
import type { HandoverDataConverter } from '../security/data-converter';
import { findPrebuiltWorkflowBundle } from '../scripts/bundle-workflows';
import { createWorker } from './create-worker';
import { createWorkerMetrics, serveWorkerMetrics } from './metrics';

/**
 * Production default: every notification is logged (ids only) and appended to `<data>/outbox.jsonl`;
 * with HANDOVER_WEBHOOK_URL set, it is POSTed to that URL instead (signed, retried by Temporal). With a
 * counter, each delivery is counted by kind (the worker's /metrics).
 */
export function createDefaultActivityDeps(config: Config, logger: Logger, sent?: NotificationCounter): ActivityDeps {
  const log = logger.child({ component: 'notifications' });
  const notifier =
    webhookNotifierFromConfig(config, log) ?? new LogAndOutboxNotifier(new JsonlOutbox(path.join(config.dataDir, 'outbox.jsonl')), log);
  return { notifier: sent ? countNotifications(notifier, sent) : notifier, logger: log };
}

export interface RunningWorker {
  /** Resolves when the worker has stopped (after `stop()` or a fatal error). */
  done: Promise<void>;
  stop(): Promise<void>;
}

export async function startWorkerService(
  config: Config,
  logger: Logger,
  temporal: { address: string; namespace: string },
  dataConverter: HandoverDataConverter,
  /** The loopback port the runtime's SDK metrics exporter was installed on (installTemporalRuntime). */
  options: { sdkMetricsPort?: number } = {},
): Promise<RunningWorker> {
  const metrics = createWorkerMetrics({ sdkMetricsPort: options.sdkMetricsPort });
  const connection = await NativeConnection.connect({ address: temporal.address });
  const worker = await createWorker({
    connection,
    namespace: temporal.namespace,
    taskQueue: config.HANDOVER_TASK_QUEUE,
    dataConverter,
    // The image ships a bundle built with the encrypting failure converter; under tsx the worker
    // bundles the current sources with the converter's path at start.
    workflowBundle: findPrebuiltWorkflowBundle(),
    activityDeps: createDefaultActivityDeps(config, logger, metrics.notificationsSent),
    logger,
  });
  const log = logger.child({ component: 'worker' });
  const port = config.HANDOVER_WORKER_METRICS_PORT;
  const listener = port === undefined ? undefined : await serveWorkerMetrics(metrics, { host: config.HANDOVER_WORKER_METRICS_HOST, port }, log);
  log.info({ taskQueue: config.HANDOVER_TASK_QUEUE, namespace: temporal.namespace }, 'worker polling');
  const done = worker
    .run()
    .catch((err: unknown) => {
      log.error({ err }, 'worker stopped with an error');
      throw err;
    })
    .finally(async () => {
      await listener?.close();
      await connection.close();
    });
  return {
    done,
    stop: async () => {
      if (worker.getState() === 'RUNNING') {
        log.info('worker draining');
        worker.shutdown();
      }
      await done.catch(() => undefined);
    },
  };
}
