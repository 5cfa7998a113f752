/**
 * Server configuration, one file per service (each with its own metrics and pprof port), from the
 * module's config/development-postgres12.yaml: PostgreSQL 12+ persistence and SQL visibility, 8 history
 * shards (fixed when the database is first used), every port on loopback.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CLUSTER_SERVICES, HISTORY_SHARDS, type ClusterLayout, type ClusterPorts, type ClusterService } from './layout';
import { PG_USER } from './postgres';

function datastore(db: string, port: number, maxConns: number): string {
  return `      sql:
        pluginName: "postgres12"
        databaseName: "${db}"
        connectAddr: "127.0.0.1:${port}"
        connectProtocol: "tcp"
        user: "${PG_USER}"
        password: "${PG_USER}"
        maxConns: ${maxConns}
        maxIdleConns: ${maxConns}
        maxConnLifetime: "1h"`;
}

export function serviceConfig(service: ClusterService, ports: ClusterPorts, dynamicConfigFile: string): string {
  const services = CLUSTER_SERVICES.map(
    (s) => `  ${s}:
    rpc:
      grpcPort: ${ports.grpc[s]}
      membershipPort: ${ports.membership[s]}
      bindOnLocalHost: true${s === 'frontend' ? `\n      httpPort: ${ports.frontendHttp}` : ''}`,
  ).join('\n');
  return `log:
  stdout: true
  level: warn

persistence:
  defaultStore: postgres-default
  visibilityStore: postgres-visibility
  numHistoryShards: ${HISTORY_SHARDS}
  datastores:
    postgres-default:
${datastore('temporal', ports.postgres, 20)}
    postgres-visibility:
${datastore('temporal_visibility', ports.postgres, 10)}

global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: "127.0.0.1"
  pprof:
    port: ${ports.pprof[service]}
  metrics:
    prometheus:
      framework: "tally"
      timerType: "histogram"
      listenAddress: "127.0.0.1:${ports.metrics[service]}"

services:
${services}

clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: "active"
  currentClusterName: "active"
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: "frontend"
      rpcAddress: "127.0.0.1:${ports.grpc.frontend}"

dcRedirectionPolicy:
  policy: "noop"

dynamicConfigClient:
  filepath: "${dynamicConfigFile}"
  pollInterval: "10s"
`;
}

/** No internet here: no version check. Namespaces reach every service within a second of registration. */
export const DYNAMIC_CONFIG = `frontend.enableServerVersionCheck:
  - value: false
system.namespaceCacheRefreshInterval:
  - value: 1s
`;

/** Writes the config files (every start: ports may have changed); returns the config dir. */
export function writeClusterConfig(layout: ClusterLayout, ports: ClusterPorts): string {
  fs.mkdirSync(layout.configDir, { recursive: true });
  const dynamic = path.join(layout.configDir, 'dynamicconfig.yaml');
  fs.writeFileSync(dynamic, DYNAMIC_CONFIG);
  for (const s of CLUSTER_SERVICES) fs.writeFileSync(path.join(layout.configDir, `${s}.yaml`), serviceConfig(s, ports, dynamic));
  return layout.configDir;
}
