/**
 * Where Handover's Temporal server comes from. One module for `npm start`, the worker, the API,
 * the tests and the benchmarks:
 * - TEMPORAL_ADDRESS set: use that cluster, start nothing, register missing search attributes;
 * - otherwise: start the Temporal CLI dev server (SQLite file in the data folder, Web UI on).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { TestWorkflowEnvironment, type LocalTestWorkflowEnvironmentOptions } from '@temporalio/testing';
import type { SearchAttributeType } from '@temporalio/common';
import type { SearchAttributeKey } from '@temporalio/common/lib/search-attributes';
import { temporal } from '@temporalio/proto';
import { ALL_SEARCH_ATTRIBUTES } from '../domain/search-attributes';
import { ensureTemporalCli, type TemporalCli } from './cli';

/**
 * SQLite settings for the dev server's file: WAL lets readers (visibility queries) run beside the
 * writer, and synchronous=NORMAL is durable across process crashes (only an OS crash may lose the
 * last transactions), which is what a development database needs.
 */
export const SQLITE_PRAGMAS = ['journal_mode=WAL', 'synchronous=NORMAL', 'busy_timeout=5000'];

export interface DevServerOptions {
  cli: TemporalCli;
  namespace: string;
  /** Omit for a free port. */
  port?: number;
  /** UI port; omit to run without the Web UI. */
  uiPort?: number;
  /** SQLite file; omit for an in-memory database that vanishes with the server. */
  dbFilename?: string;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
}

/** Options for TestWorkflowEnvironment.createLocal, shared by `npm start`, tests and benchmarks. */
export function devServerOptions(opts: DevServerOptions): LocalTestWorkflowEnvironmentOptions {
  const extraArgs: string[] = [];
  if (opts.dbFilename) for (const pragma of SQLITE_PRAGMAS) extraArgs.push('--sqlite-pragma', pragma);
  return {
    server: {
      executable: opts.cli.path ? { type: 'existing-path', path: opts.cli.path } : { type: 'cached-download' },
      namespace: opts.namespace,
      ip: '127.0.0.1',
      port: opts.port,
      ui: opts.uiPort !== undefined,
      uiPort: opts.uiPort,
      dbFilename: opts.dbFilename,
      searchAttributes: ALL_SEARCH_ATTRIBUTES,
      log: { format: 'json', level: opts.logLevel ?? 'error' },
      extraArgs,
    },
  };
}

export interface EmbeddedServer {
  env: TestWorkflowEnvironment;
  address: string;
  namespace: string;
  uiUrl?: string;
  stop(): Promise<void>;
}

/**
 * Starts the dev server and waits until its namespace answers. The start flags declare every search
 * attribute; a SQLite file from an older Handover may still lack the newer ones, so missing ones are
 * registered here as on an existing cluster.
 */
export async function startDevServer(opts: DevServerOptions): Promise<EmbeddedServer> {
  if (opts.dbFilename) fs.mkdirSync(path.dirname(opts.dbFilename), { recursive: true });
  const env = await TestWorkflowEnvironment.createLocal(devServerOptions(opts));
  try {
    await ensureSearchAttributes(env.connection, opts.namespace);
  } catch (err) {
    await env.teardown();
    throw err;
  }
  const address = env.address;
  return {
    env,
    address,
    namespace: opts.namespace,
    uiUrl: opts.uiPort !== undefined ? `http://127.0.0.1:${opts.uiPort}` : undefined,
    stop: () => env.teardown(),
  };
}

const SA_TYPE_TO_PROTO: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  TEXT: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  KEYWORD: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  INT: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_INT,
  DOUBLE: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  BOOL: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  DATETIME: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  KEYWORD_LIST: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};

/**
 * Registers Handover's custom search attributes on an existing cluster, adding only the missing ones
 * (re-adding an existing attribute is an error on some servers). Returns the names it added.
 */
export async function ensureSearchAttributes(
  connection: Connection,
  namespace: string,
  keys: SearchAttributeKey<SearchAttributeType>[] = ALL_SEARCH_ATTRIBUTES,
): Promise<string[]> {
  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  const have = new Set(Object.keys(existing.customAttributes ?? {}));
  const missing = keys.filter((k) => !have.has(k.name));
  if (missing.length === 0) return [];
  const searchAttributes: Record<string, temporal.api.enums.v1.IndexedValueType> = {};
  for (const key of missing) {
    const type = SA_TYPE_TO_PROTO[key.type];
    if (type === undefined) throw new Error(`Unknown search attribute type ${key.type}`);
    searchAttributes[key.name] = type;
  }
  await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
  return missing.map((k) => k.name);
}

/** Waits until the namespace answers (a freshly started or restarted server takes a moment). */
export async function waitForNamespace(connection: Connection, namespace: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      await connection.workflowService.describeNamespace({ namespace });
      return;
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`Temporal namespace ${namespace} did not answer within ${timeoutMs} ms: ${String(lastError)}`);
}

export interface TemporalTarget {
  address: string;
  namespace: string;
  uiUrl?: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export interface TemporalTargetConfig {
  TEMPORAL_ADDRESS?: string;
  TEMPORAL_NAMESPACE: string;
  HANDOVER_TEMPORAL_PORT: number;
  HANDOVER_TEMPORAL_UI_PORT: number;
  dataDir: string;
}

/**
 * The one decision every entry point makes: connect to TEMPORAL_ADDRESS, or start the embedded
 * dev server with its SQLite file in the data folder, so a restart keeps every case.
 */
export async function resolveTemporal(config: TemporalTargetConfig, say: (line: string) => void): Promise<TemporalTarget> {
  if (config.TEMPORAL_ADDRESS) {
    const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
    try {
      await waitForNamespace(connection, config.TEMPORAL_NAMESPACE);
      const added = await ensureSearchAttributes(connection, config.TEMPORAL_NAMESPACE);
      if (added.length > 0) say(`Registered search attributes: ${added.join(', ')}`);
    } finally {
      await connection.close();
    }
    return { address: config.TEMPORAL_ADDRESS, namespace: config.TEMPORAL_NAMESPACE, embedded: false, stop: async () => {} };
  }
  const cli = await ensureTemporalCli(say);
  const server = await startDevServer({
    cli,
    namespace: config.TEMPORAL_NAMESPACE,
    port: config.HANDOVER_TEMPORAL_PORT,
    uiPort: config.HANDOVER_TEMPORAL_UI_PORT,
    dbFilename: path.join(config.dataDir, 'temporal.sqlite'),
  });
  return { address: server.address, namespace: server.namespace, uiUrl: server.uiUrl, embedded: true, stop: () => server.stop() };
}
