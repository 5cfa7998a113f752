/**
 * The Temporal SDK's process-wide runtime, installed once per process with Handover's pino logger,
 * so core and worker logs land in the same stream as everything else.
 */
import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import type { Logger } from 'pino';

let installed = false;

const PINO_LEVEL: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

export interface RuntimeOptions {
  /** Port for the SDK's Prometheus exporter (worker metrics); omit to export nothing. */
  metricsPort?: number;
}

export function installTemporalRuntime(logger: Logger, options: RuntimeOptions = {}): void {
  if (installed) return;
  const sdkLogger = logger.child({ component: 'temporal-sdk' });
  const level: LogLevel = logger.isLevelEnabled('debug') ? 'DEBUG' : 'INFO';
  Runtime.install({
    logger: new DefaultLogger(level, (entry) => {
      // Workflow and activity log lines carry ids (workflowId = case id, no personal data) in meta.
      sdkLogger[PINO_LEVEL[entry.level]](entry.meta ?? {}, entry.message);
    }),
    telemetryOptions: {
      logging: { forward: {}, filter: { core: 'WARN', other: 'ERROR' } },
      metrics: options.metricsPort ? { prometheus: { bindAddress: `127.0.0.1:${options.metricsPort}` } } : undefined,
    },
  });
  installed = true;
}
