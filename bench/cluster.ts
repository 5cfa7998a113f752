/**
 * cluster: the production shape. Temporal server v1.29.1 on PostgreSQL with frontend, history, matching and
 * worker as separate processes (temporal/cluster, instance `bench`, ports from 29233), and Handover as it is
 * deployed: two API processes and two worker processes (`tsx api/server.ts`, `tsx worker/main.ts`,
 * configured through the environment with payload encryption on; scripts/test-cluster-processes.ts).
 * The driver plays every role over HTTP, its requests alternating between the two APIs. Two figures:
 *
 * 1. lifecycle (no goal): KH→CN cases/s from registration to handed-over on the cluster ÷ the same driver,
 *    the same four processes, on the dev server every other benchmark uses (SQLite file on disk). Rounds
 *    interleave the two sides; each side's processes stay up (idle) during the other's rounds.
 * 2. crash (goal ≥ 0.80, the benchmark's figure): on the cluster, completed cases/s while one of the two
 *    workers is SIGKILLed about every `--kill-every` seconds ÷ a steady phase of the same length. The kills
 *    alternate between the workers and each is started again at once, so one is always up. Between phases
 *    the lanes finish their cases (untimed). Every case must end handed-over with no failed workflow task
 *    in its history (a nondeterminism error on replay would show as one), or the figure is 0.
 *
 * The dev server's processes are stopped before the crash phases, so they do not share the two cores.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { CaseView } from '../domain/case';
import { createDataConverter } from '../security/data-converter';
import { parseKeys } from '../security/key-spec';
import { TEMPORAL_CLI_VERSION } from '../temporal/cli';
import { startCluster, type Cluster } from '../temporal/cluster';
import { TEMPORAL_SERVER_VERSION } from '../temporal/cluster/layout';
import { startHandoverProcesses, type RunningProcesses } from '../scripts/test-cluster-processes';
import { ApiDriver, KH_CN, allClosed, lifecycleSteps, registration } from './cases';
import {
  BENCH_JWT_SECRET,
  BENCH_NAMESPACE,
  HttpClient,
  Tokens,
  fmt,
  interleave,
  loadAverage,
  loadText,
  measureLoad,
  median,
  now,
  pool,
  ratios,
  say,
  sleep,
  startBenchEnv,
  type Bench,
  type BenchEnv,
  type HttpAnswer,
  type Load,
} from './lib';

const WORKFLOW_TASK_FAILED = temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED;
/** A case that has not closed this long after the last phase counts as lost. */
const CLOSE_TIMEOUT_MS = 180_000;
/**
 * A worker killed mid-task holds its cases until the workflow task timeout (10 s) and its sticky queue's
 * schedule-to-start timeout pass; the API answers 503 after its own 10 s deadline. A client following
 * Retry-After keeps trying: enough attempts to outlast several kills in a row on a busy machine.
 */
const CHAOS_ATTEMPTS = 60;

/** Sends each request to the next API in turn, as a load balancer in front of the replicas does. */
class AlternatingHttp extends HttpClient {
  private next = 0;

  constructor(private readonly targets: HttpClient[]) {
    super(0);
  }

  override request(method: 'GET' | 'POST', urlPath: string, token: string, body?: unknown): Promise<HttpAnswer> {
    const target = this.targets[this.next++ % this.targets.length];
    if (!target) throw new Error('no API to send to');
    return target.request(method, urlPath, token, body);
  }

  override close(): void {
    for (const target of this.targets) target.close();
    super.close();
  }
}

/** One deployment of Handover's processes on one Temporal, with a client holding their keys. */
interface Deployment {
  label: string;
  processes: RunningProcesses;
  connection: Connection;
  client: Client;
  http: AlternatingHttp;
  workers: string[];
  dir: string;
  stop(): Promise<void>;
}

async function deploy(label: string, address: string, dir: string, concurrency: number): Promise<Deployment> {
  fs.mkdirSync(dir, { recursive: true });
  const started = now();
  const processes = await startHandoverProcesses({
    address,
    groups: [{ name: 'shared', namespace: BENCH_NAMESPACE, configEnv: { HANDOVER_RATE_LIMIT: '100000000' } }],
    suites: [],
    jwtSecret: BENCH_JWT_SECRET,
    dir,
    say: (line) => say(`    ${label}: ${line}`),
  });
  const group = processes.description.shared;
  if (!group) {
    await processes.stop();
    throw new Error(`${label}: the processes describe no group`);
  }
  say(`  ${label}: 2 API and 2 worker processes ready in ${Math.round(now() - started)} ms; logs in ${processes.logDir}`);
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, namespace: BENCH_NAMESPACE, dataConverter: createDataConverter(parseKeys(group.keys)) });
  const http = new AlternatingHttp(group.apiUrls.map((url) => new HttpClient(Number(new URL(url).port), concurrency)));
  return {
    label,
    processes,
    connection,
    client,
    http,
    workers: processes.names().filter((n) => n.includes('-worker-')),
    dir,
    stop: async () => {
      http.close();
      await processes.stop();
      await connection.close().catch(() => undefined);
    },
  };
}

/** SIGKILL of one worker, as a crash would end it; resolves once it has exited. */
function crash(deployment: Deployment, name: string): Promise<void> {
  return deployment.processes.halt(name, 'SIGKILL');
}

/** Resolves with the case's final view, or undefined if it has not closed within `timeoutMs`. */
async function closedView(client: Client, caseId: string, timeoutMs: number): Promise<CaseView | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), timeoutMs);
  });
  try {
    return await Promise.race([client.workflow.getHandle(caseId).result() as Promise<CaseView>, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export const clusterBench: Bench = {
  name: 'cluster',
  measures:
    `production shape (Temporal ${TEMPORAL_SERVER_VERSION} on PostgreSQL, 4 service processes; 2 API + 2 worker processes): ` +
    'completed cases/s while a worker is SIGKILLed every few seconds ÷ steady, 0 lost; and lifecycle cluster ÷ dev server (no goal)',
  goal: { op: '>=', value: 0.8, unit: '×' },
  async run(flags) {
    const cases = flags.int('cases', 24);
    const concurrency = Math.max(1, flags.int('concurrency', 8));
    const rounds = Math.max(1, flags.int('rounds', 3));
    const warmup = flags.int('warmup', 1);
    const seconds = flags.num('seconds', 60);
    const killEvery = flags.num('kill-every', 8);
    const crashRounds = Math.max(1, flags.int('crash-rounds', 1));
    const basePort = flags.int('base-port', 29233);
    const keep = flags.bool('keep', false);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handover-bench-cluster-'));
    let cluster: Cluster | undefined;
    let devEnv: BenchEnv | undefined;
    let onCluster: Deployment | undefined;
    let onDev: Deployment | undefined;
    let failed = true;
    let cleaning: Promise<void> | undefined;
    const cleanup = () => {
      cleaning ??= (async () => {
        const stopped = [onDev, onCluster];
        onDev = undefined;
        onCluster = undefined;
        for (const d of stopped) await d?.stop().catch((err: unknown) => say(`  stopping ${d.label}: ${String(err)}`));
        await devEnv?.stop().catch((err: unknown) => say(`  stopping the dev server: ${String(err)}`));
        await cluster?.stop().catch((err: unknown) => say(`  stopping the cluster: ${String(err)}`));
        if (failed || keep) say(`  the processes' logs stay in ${dir}${cluster ? ` and ${cluster.layout.logDir}` : ''}`);
        else fs.rmSync(dir, { recursive: true, force: true });
      })();
      return cleaning;
    };
    // Ctrl-C or a kill of the runner still stops the cluster, PostgreSQL and the Handover processes.
    const onSignal = (signal: NodeJS.Signals) => {
      say(`  ${signal}: stopping everything the cluster benchmark started`);
      void cleanup().finally(() => process.exit(130));
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);

    try {
      const t0 = now();
      cluster = await startCluster({ name: 'bench', basePort, namespace: BENCH_NAMESPACE, fresh: true, say: (line) => say(`    cluster: ${line}`) });
      const t = cluster.timings;
      say(`  cluster at ${cluster.address} in ${Math.round(now() - t0)} ms (initdb ${t.initdb}, migrate ${t.migrate}, services ${t.services} ms)`);
      const pgVersion = (() => {
        try {
          return fs.readFileSync(path.join(cluster.layout.pgData, 'PG_VERSION'), 'utf8').trim();
        } catch {
          return '?';
        }
      })();
      onCluster = await deploy('cluster', cluster.address, path.join(dir, 'cluster'), concurrency);
      devEnv = await startBenchEnv('cluster-dev', { keep });
      onDev = await deploy('dev server', devEnv.address, path.join(dir, 'dev'), concurrency);

      // ---- 1. lifecycle: cluster ÷ dev server ----------------------------------------------------------
      const tokens = new Tokens();
      const drivers = new Map<Deployment, ApiDriver>([
        [onCluster, new ApiDriver(onCluster.http, tokens)],
        [onDev, new ApiDriver(onDev.http, tokens)],
      ]);
      const lifecycleRound = (d: Deployment) => async (): Promise<Load<string>> => {
        const driver = drivers.get(d)!;
        const load = await measureLoad(cases, concurrency, () => driver.lifecycle(KH_CN));
        // Untimed: every workflow closed before the next side's round.
        await allClosed(d.client, load.results);
        return load;
      };
      const [clusterLoads, devLoads] = (await interleave<Load<string>>({
        warmup,
        rounds,
        describe: (_label, load) => loadText(load),
        sides: [
          { label: 'cluster', run: lifecycleRound(onCluster) },
          { label: 'dev server', run: lifecycleRound(onDev) },
        ],
      })) as [Load<string>[], Load<string>[]];
      const clusterRates = clusterLoads.map((l) => l.throughput);
      const devRates = devLoads.map((l) => l.throughput);
      const lifecycleRatios = ratios(clusterRates, devRates);
      const lifecycleUnavailable = [...drivers.values()].map((d) => d.unavailable);
      say(`  lifecycle cluster ÷ dev server: ${fmt(median(lifecycleRatios))} (rounds ${lifecycleRatios.map((r) => fmt(r)).join(', ')})`);

      const devDone = onDev;
      onDev = undefined;
      await devDone.stop();
      await devEnv.stop();
      devEnv = undefined;

      // ---- 2. crash: one of two workers SIGKILLed ÷ steady, on the cluster ------------------------------
      const deployment = onCluster;
      const chaosDriver = new ApiDriver(deployment.http, tokens, CHAOS_ATTEMPTS);
      const started: string[] = [];
      const restartMs: number[] = [];
      let kills = 0;
      let victim = 0;

      const walk = async () => {
        const { caseId } = await chaosDriver.register(registration(KH_CN));
        started.push(caseId);
        let view: CaseView | undefined;
        for (const step of lifecycleSteps(KH_CN)) view = await chaosDriver.act(caseId, step);
        if (view?.outcome !== 'handed-over') throw new Error(`case ${caseId} ended ${view?.outcome ?? view?.stage ?? '?'}`);
      };

      /** Lanes walk cases until the phase ends; the cases completed by then count, the rest finish untimed. */
      const phase = async (chaos: boolean): Promise<number> => {
        const endAt = now() + seconds * 1000;
        let completed = 0;
        const killer = chaos
          ? (async () => {
              let lastKill = now();
              for (;;) {
                const at = lastKill + killEvery * 1000 * (0.5 + Math.random());
                if (at >= endAt) break;
                await sleep(Math.max(0, at - now()));
                const name = deployment.workers[victim++ % deployment.workers.length];
                lastKill = now();
                await crash(deployment, name);
                kills += 1;
                // Started again at once; the next kill, of the other worker, waits until this one polls.
                await deployment.processes.resume(name);
                restartMs.push(now() - lastKill);
              }
            })()
          : Promise.resolve();
        // A failing lane must not leave the killer running into the clean-up.
        const lanes = pool(concurrency, concurrency, async () => {
          while (now() < endAt) {
            await walk();
            if (now() <= endAt) completed += 1;
          }
        });
        const [lanesDone, killerDone] = await Promise.allSettled([lanes, killer]);
        if (lanesDone.status === 'rejected') throw lanesDone.reason;
        if (killerDone.status === 'rejected') throw killerDone.reason;
        return completed / seconds;
      };

      const steady: number[] = [];
      const chaotic: number[] = [];
      for (let r = 0; r < crashRounds; r++) {
        for (const chaos of r % 2 === 0 ? [false, true] : [true, false]) {
          const before = kills;
          const rate = await phase(chaos);
          (chaos ? chaotic : steady).push(rate);
          say(`    crash round ${r + 1}/${crashRounds} ${chaos ? `chaos (${kills - before} kills)` : 'steady'}: ${fmt(rate)} cases/s`);
        }
      }

      // Every case started in the phases: closed as handed-over, and no failed workflow task in its history.
      let lost = 0;
      let failedTasks = 0;
      const checkDeadline = now() + CLOSE_TIMEOUT_MS;
      await pool(started.length, 8, async (i) => {
        const caseId = started[i];
        const view = await closedView(deployment.client, caseId, Math.max(1000, checkDeadline - now()));
        if (view?.outcome !== 'handed-over') lost += 1;
        const history = await deployment.client.workflow.getHandle(caseId).fetchHistory();
        failedTasks += (history.events ?? []).filter((e) => e.eventType === WORKFLOW_TASK_FAILED).length;
      });
      const early = deployment.processes.exitedEarly();
      const crashRatios = ratios(chaotic, steady);
      const broken = lost > 0 || failedTasks > 0 || early.length > 0;
      failed = false;
      return {
        sides: [
          { label: 'cluster with kills', value: median(chaotic), unit: 'cases/s' },
          { label: 'cluster steady', value: median(steady), unit: 'cases/s' },
        ],
        figure: broken ? 0 : median(crashRatios),
        perRound: crashRatios,
        details: [
          `lifecycle on the cluster ÷ on the dev server: ${fmt(median(lifecycleRatios))} (no goal; per round ${lifecycleRatios.map((r) => fmt(r)).join(', ')}); ` +
            `cluster ${fmt(median(clusterRates))} cases/s (p50 case ${fmt(median(clusterLoads.map((l) => l.p50)))} ms), ` +
            `dev server ${fmt(median(devRates))} cases/s (p50 case ${fmt(median(devLoads.map((l) => l.p50)))} ms); ` +
            `${cases} KH→CN cases per side per round, ${concurrency} in flight, ${warmup} warm-up + ${rounds} rounds; ` +
            `503 answers retried: cluster ${lifecycleUnavailable[0]}, dev server ${lifecycleUnavailable[1]}`,
          `ran on: Temporal server ${TEMPORAL_SERVER_VERSION} on PostgreSQL ${pgVersion} (frontend, history, matching, worker as processes; ` +
            `instance bench at ${cluster.address}) vs the Temporal CLI ${TEMPORAL_CLI_VERSION} dev server (SQLite file); on each, 2 API processes ` +
            '(requests alternate) and 2 worker processes under tsx, payload encryption on, logs at info to files',
          `crash: ${concurrency} lanes, KH→CN through the APIs (1 registration + ${lifecycleSteps(KH_CN).length} actions), ${crashRounds} × (${seconds} s steady + ` +
            `${seconds} s with a worker SIGKILLed about every ${killEvery} s, alternating, restarted at once); ${kills} kills; ` +
            `restart (SIGKILL to polling again) p50 ${fmt(median(restartMs))} ms, max ${fmt(restartMs.length ? Math.max(...restartMs) : Number.NaN)} ms; ` +
            `503 answers retried ${chaosDriver.unavailable}`,
          `${started.length} cases started, ${started.length - lost} handed over, ${lost} lost; ${failedTasks} failed workflow tasks in their histories` +
            (early.length > 0 ? `; processes that stopped on their own: ${early.join(', ')}` : '') +
            (broken ? ' — the figure is set to 0' : ''),
          `load average at the end ${loadAverage()}`,
        ],
      };
    } finally {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
      await cleanup();
    }
  },
};
