/**
 * `npm run test:cluster`: a fresh PostgreSQL-backed Temporal cluster (temporal/cluster, instance `test`),
 * two Handover API processes and two worker processes on it per namespace (scripts/test-cluster-processes.ts),
 * then the chosen jest suites against them through HANDOVER_TEST_TEMPORAL_ADDRESS and
 * HANDOVER_TEST_PROCESSES: case paths (transit, extradition), clocks, an operation of 200 people and the
 * authorization matrix send their requests to the two APIs in turn and run their cases on the two workers;
 * the PII canaries keep their in-process worker (their own keys and a notifier that fails on purpose).
 * The suites run in three jest runs (PHASES). Arguments name suites to run instead, in one jest run; those
 * not in ON_PROCESSES run in-process.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { registerNamespace, startCluster } from '../temporal/cluster';
import { startHandoverProcesses, type GroupSpec } from './test-cluster-processes';

/** Suites on the API and worker processes; the authorization matrix needs a namespace of its own. */
const ON_PROCESSES = ['test/case-paths.test.ts', 'test/case-clocks.test.ts', 'test/operation.test.ts', 'test/authz-matrix.test.ts'];
/**
 * Three jest runs, one after the other. Beside the 200-person operation the shared workers took up to 5 s
 * per workflow task: the clock suite's clocks last a second or two and each test must act before one runs
 * out; the operation's own reads of its 200 cases (queries) expired when the matrix's processes competed
 * for the two cores as well; and the PII suite's in-process worker missed its first workflow tasks. So the
 * operation runs alone, then the matrix (its own namespace and workers) beside the PII suite, then the
 * clocks and paths.
 */
const PHASES = [
  ['test/operation.test.ts'],
  ['test/authz-matrix.test.ts', 'test/security-pii.test.ts'],
  ['test/case-clocks.test.ts', 'test/case-paths.test.ts'],
];
const NAMESPACE = 'handover-test';
const ISOLATED_NAMESPACE = 'handover-test-isolated';
/**
 * What the suites' helpers sign tokens with and ask of their API (test/helpers/api.ts: TEST_JWT_SECRET,
 * TEST_DAY_SECONDS; operation.test.ts and authz-matrix.test.ts: their rate limits and day). The helpers
 * check these against the processes' and refuse to run a suite on processes configured otherwise.
 */
const TEST_JWT_SECRET = 'handover-test-secret-0123456789abcdefghijklmnopqrstuvwxyz';
const GROUPS: GroupSpec[] = [
  { name: 'shared', namespace: NAMESPACE, configEnv: { HANDOVER_DAY_SECONDS: '60', HANDOVER_RATE_LIMIT: '100000' } },
  { name: 'isolated', namespace: ISOLATED_NAMESPACE, configEnv: { HANDOVER_DAY_SECONDS: '86400', HANDOVER_RATE_LIMIT: '1000000' } },
];

async function main(): Promise<number> {
  const say = (line: string) => process.stderr.write(`[test:cluster] ${line}\n`);
  const started = Date.now();
  const basePort = process.env.HANDOVER_CLUSTER_PORT ? Number(process.env.HANDOVER_CLUSTER_PORT) : 27233;
  const cluster = await startCluster({ name: 'test', basePort, namespace: NAMESPACE, fresh: true, say });
  const t = cluster.timings;
  say(`cluster at ${cluster.address} in ${Date.now() - started} ms (build ${t.build}, initdb ${t.initdb}, migrate ${t.migrate}, services ${t.services})`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handover-cluster-tier-'));
  let processes: Awaited<ReturnType<typeof startHandoverProcesses>> | undefined;
  let code = 1;
  try {
    await registerNamespace(cluster.address, ISOLATED_NAMESPACE);
    const phases = process.argv.slice(2).length > 0 ? [process.argv.slice(2)] : PHASES;
    const suites = phases.flat();
    const processesStarted = Date.now();
    processes = await startHandoverProcesses({
      address: cluster.address,
      groups: GROUPS,
      suites: suites.filter((s) => ON_PROCESSES.includes(s)),
      jwtSecret: TEST_JWT_SECRET,
      dir,
      say,
    });
    say(`2 API and 2 worker processes per namespace (${NAMESPACE}, ${ISOLATED_NAMESPACE}) ready in ${Date.now() - processesStarted} ms; logs in ${processes.logDir}`);
    const processesFile = processes.file;
    const failed: string[] = [];
    for (const phase of phases) {
      const jestStarted = Date.now();
      const phaseCode = await new Promise<number>((resolve) => {
        const child = spawn(process.execPath, ['node_modules/jest/bin/jest.js', '--runTestsByPath', ...phase], {
          stdio: 'inherit',
          env: { ...process.env, HANDOVER_TEST_TEMPORAL_ADDRESS: cluster.address, HANDOVER_TEST_NAMESPACE: NAMESPACE, HANDOVER_TEST_PROCESSES: processesFile },
        });
        child.on('exit', (c) => resolve(c ?? 1));
      });
      say(`jest on ${phase.join(', ')} took ${Math.round((Date.now() - jestStarted) / 1000)} s${phaseCode === 0 ? '' : ` and failed (exit ${phaseCode})`}`);
      if (phaseCode !== 0) failed.push(...phase);
    }
    code = failed.length === 0 ? 0 : 1;
    if (failed.length > 0) say(`failed: ${failed.join(', ')}`);
    const early = processes.exitedEarly();
    if (early.length > 0) {
      say(`Handover processes stopped during the run: ${early.join(', ')}`);
      code = code || 1;
    }
  } finally {
    say('stopping the Handover processes and the cluster');
    await processes?.stop();
    await cluster.stop();
  }
  if (code === 0) fs.rmSync(dir, { recursive: true, force: true });
  else say(`the processes' logs stay in ${dir}`);
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
