/**
 * `npm run cluster`: Temporal's server on PostgreSQL, as in production, on this machine. Prints
 * TEMPORAL_ADDRESS and stays in the foreground; Ctrl-C or SIGTERM stops the services and PostgreSQL.
 * HANDOVER_CLUSTER_PORT moves the ports (frontend gRPC at it, everything else within 50 above).
 */
import { loadConfigOrExit } from '../config/env';
import { ClusterError, startCluster, type Cluster } from '../temporal/cluster';
import { DEFAULT_BASE_PORT } from '../temporal/cluster/layout';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const say = (line: string) => process.stderr.write(`[cluster] ${line}\n`);
  const basePort = process.env.HANDOVER_CLUSTER_PORT ? Number(process.env.HANDOVER_CLUSTER_PORT) : DEFAULT_BASE_PORT;
  let cluster: Cluster | undefined;
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      say('stopping the Temporal services and PostgreSQL...');
      await cluster?.stop();
      process.exit(0);
    })();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    cluster = await startCluster({ namespace: config.TEMPORAL_NAMESPACE, basePort, say });
  } catch (err) {
    process.stderr.write(`[cluster] ${err instanceof ClusterError ? err.message : err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
  const t = cluster.timings;
  say(`ready (build ${t.build} ms, initdb ${t.initdb} ms, migrate ${t.migrate} ms, services ${t.services} ms); data in ${cluster.layout.pgData}, logs in ${cluster.layout.logDir}`);
  process.stdout.write(`TEMPORAL_ADDRESS=${cluster.address}\nTEMPORAL_NAMESPACE=${cluster.namespace}\n`);
  for (const [service, child] of cluster.processes) {
    child.on('exit', () => {
      if (!stopping) {
        say(`Temporal ${service} stopped; stopping the cluster`);
        stop();
      }
    });
  }
}

void main();
