/**
 * `npm run worker`: the worker alone, the production shape. Connects to TEMPORAL_ADDRESS (or the
 * embedded dev server of a running `npm start` on HANDOVER_TEMPORAL_PORT) and starts nothing else.
 */
import { loadConfigOrExit } from '../config/env';
import { createLogger } from '../logging/logger';
import { resolveTemporal } from '../temporal/server';
import { freeLoopbackPort } from './metrics';
import { installTemporalRuntime } from './runtime';
import { startWorkerService } from './service';
import { onShutdownSignal } from '../scripts/shutdown';
import { describeKeys, encryptionFromConfig } from '../security/from-config';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config, 'handover-worker');
  // The SDK's exporter binds a loopback port of its own; the worker's /metrics passes it through.
  const sdkMetricsPort = config.HANDOVER_WORKER_METRICS_PORT === undefined ? undefined : await freeLoopbackPort();
  installTemporalRuntime(logger, { sdkMetricsPort });
  const encryption = encryptionFromConfig(config);
  logger.info(describeKeys(encryption.keys), 'payload encryption keys');
  const address = config.TEMPORAL_ADDRESS ?? `127.0.0.1:${config.HANDOVER_TEMPORAL_PORT}`;
  if (!config.TEMPORAL_ADDRESS) logger.info({ address }, 'TEMPORAL_ADDRESS is not set; using the local dev server port');
  const temporal = await resolveTemporal({ ...config, TEMPORAL_ADDRESS: address }, (line) => logger.info(line));
  const worker = await startWorkerService(config, logger, temporal, encryption.dataConverter, { sdkMetricsPort });
  onShutdownSignal(logger, () => worker.stop());
  await worker.done;
}

main().catch((err: unknown) => {
  process.stderr.write(`worker failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
