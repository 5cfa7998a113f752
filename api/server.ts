/**
 * `npm run api`: the API alone, the production shape. Connects to TEMPORAL_ADDRESS, listens, and on
 * SIGINT/SIGTERM stops accepting, drains in-flight requests and closes the Temporal connection.
 * If Temporal is not reachable at start-up the API still starts: /readyz answers 503 until it is.
 */
import { Client, Connection } from '@temporalio/client';
import { loadConfigOrExit } from '../config/env';
import { createLogger } from '../logging/logger';
import { onShutdownSignal } from '../scripts/shutdown';
import { buildApp } from './app';
import { authOptionsFromConfig } from './auth/config';
import { signInFromConfig } from './auth/sign-in-config';
import { payloadCodecOf } from '../security/data-converter';
import { describeKeys, encryptionFromConfig } from '../security/from-config';

/** How long a drain may take before the process gives up on the stragglers. */
const DRAIN_TIMEOUT_MS = 15_000;

async function connect(address: string, logger: ReturnType<typeof createLogger>): Promise<Connection> {
  try {
    return await Connection.connect({ address, connectTimeout: '5 seconds' });
  } catch (err) {
    logger.warn({ address, reason: err instanceof Error ? err.message : String(err) }, 'Temporal is not reachable yet; /readyz answers 503 until it is');
    // A lazy connection dials on first use and the gRPC channel keeps reconnecting afterwards.
    return Connection.lazy({ address });
  }
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  if (!config.TEMPORAL_ADDRESS) {
    process.stderr.write('npm run api needs TEMPORAL_ADDRESS (host:port of a Temporal frontend); npm start runs everything locally\n');
    process.exit(2);
  }
  const logger = createLogger(config, 'handover-api');
  const connection = await connect(config.TEMPORAL_ADDRESS, logger);
  // The same keys as the worker: the client encrypts what it sends and decrypts what it reads.
  const encryption = encryptionFromConfig(config);
  logger.info(describeKeys(encryption.keys), 'payload encryption keys');
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: encryption.dataConverter });
  const auth = authOptionsFromConfig(config);
  const signIn = signInFromConfig(config);
  if (auth.devSecret) {
    logger.warn({ file: auth.devSecret.path }, 'no HANDOVER_JWT_SECRET or HANDOVER_JWKS_URL: using the development secret of the data folder');
  }

  const app = buildApp({
    config,
    client,
    logger,
    auth: auth.options,
    signIn,
    codec: { codec: payloadCodecOf(encryption.dataConverter), allowedOrigin: config.HANDOVER_CODEC_CORS_ORIGIN },
  });
  onShutdownSignal(logger, async () => {
    const timer = setTimeout(() => {
      logger.error('drain took too long; exiting');
      process.exit(1);
    }, DRAIN_TIMEOUT_MS);
    timer.unref();
    await app.close();
    logger.info('HTTP server closed; closing the Temporal connection');
    await connection.close();
    clearTimeout(timer);
  });

  await app.listen({ host: config.HANDOVER_API_HOST, port: config.HANDOVER_API_PORT });
  const base = `http://${config.HANDOVER_API_HOST}:${config.HANDOVER_API_PORT}`;
  logger.info({ api: `${base}/api/v1`, docs: `${base}/docs`, temporal: config.TEMPORAL_ADDRESS, namespace: config.TEMPORAL_NAMESPACE }, 'API listening');
}

main().catch((err: unknown) => {
  process.stderr.write(`api failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
