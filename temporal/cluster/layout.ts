/**
 * Where the PostgreSQL-backed Temporal cluster lives and which loopback ports it takes. Everything sits in
 * the per-user cache outside the clone, like the Temporal CLI build; ports stay below 32768 because
 * Temporal stores membership ports as SMALLINT.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const TEMPORAL_SERVER_VERSION = 'v1.29.1';
export const CLUSTER_SERVICES = ['frontend', 'history', 'matching', 'worker'] as const;
export type ClusterService = (typeof CLUSTER_SERVICES)[number];
export const HISTORY_SHARDS = 8;
export const DEFAULT_BASE_PORT = 17233;

export interface ClusterPorts {
  grpc: Record<ClusterService, number>;
  membership: Record<ClusterService, number>;
  metrics: Record<ClusterService, number>;
  pprof: Record<ClusterService, number>;
  frontendHttp: number;
  postgres: number;
}

/** Frontend gRPC at `base`; the other services, their membership, metrics and pprof ports in tens above it. */
export function clusterPorts(base: number): ClusterPorts {
  if (!Number.isInteger(base) || base < 1024 || base + 50 >= 32768) {
    throw new Error(`cluster base port ${base} must be an integer from 1024 to 32717 (membership ports are SMALLINT)`);
  }
  const per = (offset: number) =>
    Object.fromEntries(CLUSTER_SERVICES.map((s, i) => [s, base + offset + i])) as Record<ClusterService, number>;
  return { grpc: per(0), membership: per(10), metrics: per(20), pprof: per(30), frontendHttp: base + 40, postgres: base + 50 };
}

export function allPorts(p: ClusterPorts): number[] {
  return [...Object.values(p.grpc), ...Object.values(p.membership), ...Object.values(p.metrics), ...Object.values(p.pprof), p.frontendHttp, p.postgres];
}

function cacheBase(env: NodeJS.ProcessEnv, home: string): string {
  return env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.trim() !== '' ? env.XDG_CACHE_HOME : path.join(home, '.cache');
}

/** The server and sql tool build, shared by every clone and CI run on this machine. */
export function serverBinDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(cacheBase(env, os.homedir()), 'handover', `temporal-server-${TEMPORAL_SERVER_VERSION}`);
}

/**
 * PostgreSQL refuses to run as root; then it runs as the `postgres` system user and its data directory is
 * in that user's cache (root's home is not readable by it). Otherwise everything is in the caller's cache.
 */
export interface PgUser {
  name?: string;
  home: string;
}

export function pgUser(): PgUser {
  if (process.getuid?.() !== 0) return { home: os.homedir() };
  const line = fs
    .readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  if (!line) throw new Error('running as root, PostgreSQL needs the `postgres` system user, which does not exist');
  return { name: 'postgres', home: line.split(':')[5] ?? '/var/lib/postgresql' };
}

export interface ClusterLayout {
  name: string;
  /** Config files, logs and the schema marker (the caller's cache). */
  dir: string;
  configDir: string;
  logDir: string;
  schemaMarker: string;
  /** PostgreSQL data directory (the PostgreSQL user's cache). */
  pgData: string;
  pgUser: PgUser;
}

export function clusterLayout(name: string, env: NodeJS.ProcessEnv = process.env): ClusterLayout {
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`cluster name ${name} may hold only a-z, 0-9 and -`);
  const dir = path.join(cacheBase(env, os.homedir()), 'handover', `temporal-cluster-${name}`);
  const user = pgUser();
  const pgBase = user.name ? path.join(user.home, '.cache') : cacheBase(env, user.home);
  return {
    name,
    dir,
    configDir: path.join(dir, 'config'),
    logDir: path.join(dir, 'logs'),
    schemaMarker: path.join(dir, `schema-${TEMPORAL_SERVER_VERSION}.done`),
    pgData: path.join(pgBase, 'handover', `temporal-cluster-${name}`, 'pgdata'),
    pgUser: user,
  };
}
