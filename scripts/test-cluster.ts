/**
 * `npm run test:cluster`: a fresh PostgreSQL-backed Temporal cluster (temporal/cluster, instance `test`),
 * then the chosen jest suites against it through HANDOVER_TEST_TEMPORAL_ADDRESS: case paths (transit,
 * extradition), clocks, an operation of 200 people, the authorization matrix and the PII canaries.
 */
import { spawn } from 'node:child_process';
import { startCluster } from '../temporal/cluster';

const SUITES = ['test/case-paths.test.ts', 'test/case-clocks.test.ts', 'test/operation.test.ts', 'test/authz-matrix.test.ts', 'test/security-pii.test.ts'];
const NAMESPACE = 'handover-test';

async function main(): Promise<number> {
  const say = (line: string) => process.stderr.write(`[test:cluster] ${line}\n`);
  const started = Date.now();
  const basePort = process.env.HANDOVER_CLUSTER_PORT ? Number(process.env.HANDOVER_CLUSTER_PORT) : 27233;
  const cluster = await startCluster({ name: 'test', basePort, namespace: NAMESPACE, fresh: true, say });
  const t = cluster.timings;
  say(`cluster at ${cluster.address} in ${Date.now() - started} ms (build ${t.build}, initdb ${t.initdb}, migrate ${t.migrate}, services ${t.services})`);
  const suites = process.argv.slice(2).length > 0 ? process.argv.slice(2) : SUITES;
  const jestStarted = Date.now();
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, ['node_modules/jest/bin/jest.js', '--runTestsByPath', ...suites], {
      stdio: 'inherit',
      env: { ...process.env, HANDOVER_TEST_TEMPORAL_ADDRESS: cluster.address, HANDOVER_TEST_NAMESPACE: NAMESPACE },
    });
    child.on('exit', (c) => resolve(c ?? 1));
  });
  say(`jest took ${Math.round((Date.now() - jestStarted) / 1000)} s; stopping the cluster`);
  await cluster.stop();
  say(`tier took ${Math.round((Date.now() - started) / 1000)} s in all`);
  return code;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`[test:cluster] ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
