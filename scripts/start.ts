/**
 * `npm start`: the embedded default. One command runs the Temporal dev server (unless TEMPORAL_ADDRESS
 * is set), the worker and the API, prints where everything is, and stops all of it on Ctrl-C.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { loadConfigOrExit, type Config } from '../config/env';
import { COUNTRIES, ROLES } from '../domain/people';
import { createLogger, type Logger } from '../logging/logger';
import { buildApp } from '../api/app';
import { authOptionsFromConfig } from '../api/auth/config';
import { signInFromConfig } from '../api/auth/sign-in-config';
import { mintToken } from '../api/auth/tokens';
import { resolveTemporal } from '../temporal/server';
import { freeLoopbackPort } from '../worker/metrics';
import { installTemporalRuntime } from '../worker/runtime';
import { startWorkerService } from '../worker/service';
import { describeKeys, encryptionFromConfig } from '../security/from-config';
import { payloadCodecOf } from '../security/data-converter';
import { seedDemo } from './demo-seed';
import { onShutdownSignal } from './shutdown';

/** Writes one demo token per role and country next to the dev secret; returns the file path. */
async function writeDemoTokens(config: Config, secret: string): Promise<string> {
  const lines: string[] = [];
  for (const country of COUNTRIES) {
    for (const role of ROLES) {
      const sub = `${country.toLowerCase()}-${role}-1`;
      const token = await mintToken({ sub, name: `Demo ${role} ${country}`, role, country }, secret, {
        expiresInSeconds: 7 * 24 * 3600,
        issuer: config.HANDOVER_JWT_ISSUER,
        audience: config.HANDOVER_JWT_AUDIENCE,
      });
      lines.push(`${role.padEnd(10)} ${country}  ${sub.padEnd(16)} ${token}`);
    }
  }
  const file = path.join(config.dataDir, 'demo-tokens.txt');
  fs.writeFileSync(file, `${lines.join('\n')}\n`, { mode: 0o600 });
  return file;
}

/** The demo compresses every clock to minutes unless the day length was chosen explicitly. */
const DEMO_DAY_SECONDS = 60;

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  if (config.HANDOVER_DEMO && !process.env.HANDOVER_DAY_SECONDS) config.HANDOVER_DAY_SECONDS = DEMO_DAY_SECONDS;
  const logger: Logger = createLogger(config);
  fs.mkdirSync(config.dataDir, { recursive: true });
  // The SDK's exporter binds a loopback port of its own; the worker's /metrics passes it through.
  const sdkMetricsPort = config.HANDOVER_WORKER_METRICS_PORT === undefined ? undefined : await freeLoopbackPort();
  installTemporalRuntime(logger, { sdkMetricsPort });
  const encryption = encryptionFromConfig(config);
  logger.info(describeKeys(encryption.keys), 'payload encryption keys');

  const say = (line: string) => logger.info(line);
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    // Reverse order: API stops accepting first, the worker drains, the server goes last.
    for (const stop of stops.reverse()) {
      await stop().catch((err: unknown) => logger.error({ err }, 'error while stopping'));
    }
  };
  onShutdownSignal(logger, stopAll);

  try {
    const temporal = await resolveTemporal(config, say);
    stops.push(() => temporal.stop());

    const worker = await startWorkerService(config, logger, temporal, encryption.dataConverter, { sdkMetricsPort });
    stops.push(() => worker.stop());

    const connection = await Connection.connect({ address: temporal.address });
    stops.push(() => connection.close());
    const client = new Client({ connection, namespace: temporal.namespace, dataConverter: encryption.dataConverter });

    const auth = authOptionsFromConfig(config);
    const signIn = signInFromConfig(config);
    const app = buildApp({
      config,
      client,
      logger,
      auth: auth.options,
      signIn,
      codec: { codec: payloadCodecOf(encryption.dataConverter), allowedOrigin: config.HANDOVER_CODEC_CORS_ORIGIN ?? temporal.uiUrl },
    });
    await app.listen({ host: config.HANDOVER_API_HOST, port: config.HANDOVER_API_PORT });
    stops.push(() => app.close());

    const api = `http://${config.HANDOVER_API_HOST}:${config.HANDOVER_API_PORT}`;
    const lines = [
      '',
      'Handover is running',
      `  API            ${api}`,
      `  OpenAPI docs   ${api}/docs   (document: ${api}/openapi.json)`,
      `  Workbench      ${api}/`,
      temporal.uiUrl ? `  Temporal UI    ${temporal.uiUrl}` : `  Temporal       ${temporal.address} (namespace ${temporal.namespace})`,
    ];
    if (auth.devSecret) {
      const file = await writeDemoTokens(config, auth.devSecret.secret);
      lines.push(`  Demo tokens    ${file}  (one per role and country)`);
      if (auth.devSecret.created) lines.push(`  Dev JWT secret generated into ${auth.devSecret.path}`);
    }
    if (config.HANDOVER_DEMO) {
      const secret = auth.devSecret?.secret ?? config.HANDOVER_JWT_SECRET;
      if (!secret) throw new Error('HANDOVER_DEMO needs the development secret or HANDOVER_JWT_SECRET to mint demo tokens');
      const demo = await seedDemo(api, (role, country) =>
        mintToken({ sub: `${country.toLowerCase()}-${role}-1`, name: `Demo ${role} ${country}`, role, country }, secret, {
          issuer: config.HANDOVER_JWT_ISSUER,
          audience: config.HANDOVER_JWT_AUDIENCE,
        }),
      );
      lines.push(`  Demo           ${demo.cases.length} cases seeded, one clock day = ${config.HANDOVER_DAY_SECONDS} s`);
    }
    lines.push('  Stop           Ctrl-C', '');
    process.stdout.write(`${lines.join('\n')}\n`);
    await worker.done;
  } catch (err) {
    logger.error({ err }, 'start-up failed');
    await stopAll();
    process.exit(1);
  }
}

void main();
