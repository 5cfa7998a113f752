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
  /**
   * Loopback port for the SDK's Prometheus exporter (task latencies, slots, polls); omit to export nothing.
   * The worker's /metrics (worker/metrics.ts) reads it from there, so it is never published itself.
   */
  sdkMetricsPort?: number;
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
      // Seconds and `_total` counters, as Prometheus names them (and as the Grafana dashboard queries them).
      metrics: options.sdkMetricsPort
        ? { prometheus: { bindAddress: `127.0.0.1:${options.sdkMetricsPort}`, useSecondsForDurations: true, countersTotalSuffix: true } }
        : undefined,
    },
  });
  installed = true;
}
