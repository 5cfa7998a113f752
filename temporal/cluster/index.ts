/**
 * The production shape on one machine: Temporal's server on PostgreSQL, frontend, history, matching and
 * worker as separate processes. Builds what is missing, initialises and migrates once, registers
 * Handover's namespace and search attributes, and stops everything (PostgreSQL last) on stop().
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { ensureSearchAttributes, waitForNamespace } from '../server';
import { ensureServerBinaries, type ServerBinaries } from './build';
import { writeClusterConfig } from './config';
import { ClusterError } from './errors';
import { allPorts, CLUSTER_SERVICES, clusterLayout, clusterPorts, DEFAULT_BASE_PORT, type ClusterLayout, type ClusterService } from './layout';
import { ensurePgData, PG_USER, startPostgres, type Postgres } from './postgres';

export { ClusterError } from './errors';

export interface ClusterOptions {
  /** Instance name: its data and config live in the cache under temporal-cluster-<name>. */
  name?: string;
  basePort?: number;
  namespace: string;
  /** Drop this instance's data first (the test tier starts from an empty database). */
  fresh?: boolean;
  say?: (line: string) => void;
}

export interface Cluster {
  address: string;
  namespace: string;
  layout: ClusterLayout;
  timings: Record<string, number>;
  /** The service processes, for fault tests (kill one, then restartService). */
  processes: Map<ClusterService, ChildProcess>;
  restartService(service: ClusterService): Promise<void>;
  /** Stops PostgreSQL (fast shutdown: every connection dropped) and starts it again after `downMs`. */
  restartPostgres(downMs: number): Promise<void>;
  stop(): Promise<void>;
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** Resolves once something accepts connections on the loopback port; fails if `child` exits first. */
async function waitForListening(port: number, child: ChildProcess, log: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new ClusterError(`Temporal history stopped during start-up; see ${log}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new ClusterError(`Temporal history did not listen on ${port} within ${timeoutMs / 1000} s; see ${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function runSql(sql: string, args: string[]): Promise<{ ok: boolean; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(sql, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', (err) => resolve({ ok: false, out: String(err) }));
    child.on('exit', (code) => resolve({ ok: code === 0, out }));
  });
}

/** Creates and migrates both databases; the marker is written only once both are at the latest schema. */
async function migrate(bins: ServerBinaries, layout: ClusterLayout, port: number, say: (line: string) => void): Promise<void> {
  const fresh = !fs.existsSync(layout.schemaMarker);
  for (const db of ['temporal', 'temporal_visibility']) {
    const common = ['--endpoint', '127.0.0.1', '--port', String(port), '--user', PG_USER, '--plugin', 'postgres12', '--database', db];
    const schema = db === 'temporal' ? 'postgresql/v12/temporal' : 'postgresql/v12/visibility';
    const steps: string[][] = fresh
      ? [
          // An earlier run may have stopped half-way: start this database again from nothing.
          ['drop-database', '--force'],
          ['create-database'],
          ['setup-schema', '-v', '0.0'],
          ['update-schema', '--schema-name', schema],
        ]
      : [['update-schema', '--schema-name', schema]];
    for (const step of steps) {
      const res = await runSql(bins.sql, [...common, ...step]);
      if (!res.ok && step[0] !== 'drop-database') {
        const last = res.out.trim().split('\n').slice(-1)[0] ?? '';
        throw new ClusterError(`temporal sql tool ${step[0]} on ${db} failed: ${last.slice(0, 300)}`);
      }
    }
  }
  if (fresh) {
    fs.writeFileSync(layout.schemaMarker, `${new Date().toISOString()}\n`);
    say('Databases temporal and temporal_visibility created and migrated');
  }
}

/** Registers `namespace` (if missing) and Handover's search attributes on it; the names added. */
export async function registerNamespace(address: string, namespace: string): Promise<string[]> {
  const deadline = Date.now() + 60_000;
  let connection: Connection | undefined;
  let lastError: unknown;
  while (!connection && Date.now() < deadline) {
    try {
      connection = await Connection.connect({ address, connectTimeout: 2000 });
      await connection.workflowService.getSystemInfo({});
    } catch (err) {
      lastError = err;
      await connection?.close().catch(() => undefined);
      connection = undefined;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  if (!connection) throw new ClusterError(`the Temporal frontend at ${address} did not answer within 60 s: ${String(lastError)}`);
  try {
    for (;;) {
      try {
        await connection.workflowService.describeNamespace({ namespace });
        break;
      } catch (err) {
        if ((err as { code?: number }).code !== 5 /* NOT_FOUND */) {
          if (Date.now() > deadline) throw err;
          await new Promise((r) => setTimeout(r, 500));
          continue;
        }
        await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('7 days') });
      }
    }
    await waitForNamespace(connection, namespace, 30_000);
    // The new namespace reaches the other services' caches within the refresh interval (1 s here).
    for (;;) {
      try {
        return await ensureSearchAttributes(connection, namespace);
      } catch (err) {
        if (Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  } finally {
    await connection.close();
  }
}

export async function startCluster(opts: ClusterOptions): Promise<Cluster> {
  const say = opts.say ?? ((line: string) => process.stderr.write(`${line}\n`));
  const layout = clusterLayout(opts.name ?? 'default');
  const ports = clusterPorts(opts.basePort ?? DEFAULT_BASE_PORT);
  const timings: Record<string, number> = {};
  let t = Date.now();
  const lap = (name: string) => {
    timings[name] = Date.now() - t;
    t = Date.now();
  };

  for (const port of allPorts(ports)) {
    if (!(await portFree(port))) throw new ClusterError(`port ${port} on 127.0.0.1 is in use (the cluster takes ${ports.grpc.frontend} to ${ports.postgres}; choose another base port)`);
  }
  const bins = await ensureServerBinaries(say);
  lap('build');
  if (opts.fresh) {
    fs.rmSync(layout.dir, { recursive: true, force: true });
    fs.rmSync(path.dirname(layout.pgData), { recursive: true, force: true });
  }
  fs.mkdirSync(layout.logDir, { recursive: true });
  if (await ensurePgData(layout, say)) fs.rmSync(layout.schemaMarker, { force: true });
  lap('initdb');

  const processes = new Map<ClusterService, ChildProcess>();
  let pg: Postgres | undefined;
  let stopping = false;
  const stopServices = async () => {
    // Frontend first (no new requests), then matching, history and the internal worker.
    for (const service of ['frontend', 'matching', 'history', 'worker'] as ClusterService[]) {
      const child = processes.get(service);
      if (!child || child.exitCode !== null || child.signalCode !== null) continue;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    }
  };
  const stop = async () => {
    stopping = true;
    await stopServices();
    await pg?.stop();
  };

  const startService = (service: ClusterService) => {
    const log = fs.openSync(path.join(layout.logDir, `${service}.log`), 'a');
    const child = spawn(bins.server, ['--root', layout.dir, '--config', 'config', '--env', service, '--allow-no-auth', 'start', '--service', service], {
      stdio: ['ignore', log, log],
    });
    fs.closeSync(log);
    processes.set(service, child);
    child.on('exit', (code, signal) => {
      if (!stopping && processes.get(service) === child) say(`Temporal ${service} exited (${signal ?? code}); see ${path.join(layout.logDir, `${service}.log`)}`);
    });
  };

  try {
    pg = await startPostgres(layout, ports.postgres);
    await migrate(bins, layout, ports.postgres, say);
    lap('migrate');
    writeClusterConfig(layout, ports);
    // Each service writes the cluster's metadata record at start when it is missing, and on a fresh
    // database two doing it at once fail one of them on the record's unique key: history writes it first,
    // the others start once it listens.
    startService('history');
    await waitForListening(ports.grpc.history, processes.get('history')!, path.join(layout.logDir, 'history.log'));
    for (const service of ['matching', 'frontend', 'worker'] as ClusterService[]) startService(service);
    const address = `127.0.0.1:${ports.grpc.frontend}`;
    const earlyExit = new Promise<never>((_, reject) => {
      for (const [service, child] of processes) {
        child.once('exit', () => reject(new ClusterError(`Temporal ${service} stopped during start-up; see ${path.join(layout.logDir, `${service}.log`)}`)));
      }
    });
    earlyExit.catch(() => undefined);
    const added = await Promise.race([registerNamespace(address, opts.namespace), earlyExit]);
    if (added.length > 0) say(`Registered search attributes: ${added.join(', ')}`);
    lap('services');
    return {
      address,
      namespace: opts.namespace,
      layout,
      timings,
      processes,
      restartService: async (service) => startService(service),
      restartPostgres: async (downMs) => {
        await pg?.stop();
        await new Promise((r) => setTimeout(r, downMs));
        pg = await startPostgres(layout, ports.postgres);
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

export { CLUSTER_SERVICES };
