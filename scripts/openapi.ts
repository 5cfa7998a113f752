/**
 * `npm run openapi`: writes docs/openapi.json, the document the API serves at /openapi.json, built from
 * the app in the shape `npm run api` runs in production (codec endpoint and sign-in with an identity
 * provider included, no development identities, CORS off; the workbench's routes are hidden). Nothing listens and Temporal is never dialled: the document
 * depends on the routes and their schemas only, never on configuration values.
 *
 * It then regenerates the TypeScript client's types from it (scripts/client.ts, also `npm run client`).
 *
 * `npm run openapi -- --check` exits 1 when the committed document differs from the served one, or the
 * client's committed types from the document.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import pino from 'pino';
import { buildApp } from '../api/app';
import { signInFromConfig } from '../api/auth/sign-in-config';
import { loadConfig } from '../config/env';
import { payloadCodecOf } from '../security/data-converter';
import { encryptionFromConfig } from '../security/from-config';

export const OPENAPI_FILE = path.resolve(__dirname, '../docs/openapi.json');

/** The document exactly as GET /openapi.json serves it in production, pretty-printed with a final newline. */
export async function servedOpenApiText(): Promise<string> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'handover-openapi-'));
  const config = loadConfig({
    HANDOVER_DATA_DIR: dataDir,
    HANDOVER_LOG_LEVEL: 'silent',
    // A placeholder of the right length: tokens are never checked while the document is built.
    HANDOVER_JWT_SECRET: 'openapi-document-secret-0123456789abcdef',
    // Sign-in as in production: an identity provider (discovered on first use, so never dialled here).
    HANDOVER_PUBLIC_URL: 'https://handover.internal',
    HANDOVER_SESSION_SECRET: 'openapi-document-session-secret-0123456789',
    HANDOVER_OIDC_ISSUER: 'https://idp.handover.internal',
    HANDOVER_OIDC_CLIENT_ID: 'handover',
    HANDOVER_OIDC_CLIENT_SECRET: 'openapi-document-client-secret',
  });
  const connection = Connection.lazy({ address: '127.0.0.1:1' });
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const encryption = encryptionFromConfig(config);
  const app = buildApp({
    config,
    client,
    logger: pino({ level: 'silent' }),
    auth: { secret: config.HANDOVER_JWT_SECRET ?? '' },
    // The production image runs with NODE_ENV=production: no development identities.
    signIn: signInFromConfig(config, { NODE_ENV: 'production' }),
    codec: { codec: payloadCodecOf(encryption.dataConverter), allowedOrigin: config.HANDOVER_CODEC_CORS_ORIGIN },
  });
  try {
    const res = await app.inject({ method: 'GET', url: '/openapi.json' });
    if (res.statusCode !== 200) throw new Error(`GET /openapi.json answered ${res.statusCode}`);
    return `${JSON.stringify(JSON.parse(res.body), null, 2)}\n`;
  } finally {
    await app.close();
    await connection.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const text = await servedOpenApiText();
  // Loaded here only: the tests that import servedOpenApiText need no code generator.
  const client = await import('./client');
  if (process.argv.includes('--check')) {
    const committed = fs.existsSync(OPENAPI_FILE) ? fs.readFileSync(OPENAPI_FILE, 'utf8') : '';
    if (committed !== text) {
      process.stderr.write('docs/openapi.json differs from the served document: run `npm run openapi`\n');
      process.exit(1);
    }
    if (!(await client.clientSchemaIsCurrent(text))) {
      process.stderr.write('clients/typescript/schema.d.ts differs from docs/openapi.json: run `npm run openapi`\n');
      process.exit(1);
    }
    return;
  }
  fs.writeFileSync(OPENAPI_FILE, text);
  process.stdout.write(`wrote ${path.relative(process.cwd(), OPENAPI_FILE)} (${Object.keys((JSON.parse(text) as { paths: object }).paths).length} paths)\n`);
  const schemaFile = await client.writeClientSchema(client.CLIENT_DIR, text);
  process.stdout.write(`wrote ${path.relative(process.cwd(), schemaFile)}\n`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`openapi failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
