/**
 * Bulk intake: the Oct 2023 batch of 2,349 people through one POST /api/v1/cases/bulk, against
 * starting the same case workflows (same input, same start options) with the raw Temporal client, at
 * the same concurrency, on the same dev server (SQLite file on disk, as `npm start` runs it).
 *
 *   npm run bench -- bulk-intake            (through bench/run.ts)
 *   npx tsx bench/intake.ts [--people 2349] [--rounds 3] [--warmup 1] [--concurrency 32] [--keep]
 *
 * Sides alternate order every round; after each side the worker runs every first workflow task
 * (untimed), so neither side pays for the other's backlog. Prints both throughputs, their ratio
 * (median of the per-round ratios; goal: at least 0.9) and the machine.
 */
import { BULK_START_CONCURRENCY } from '../api/bulk/intake';
import {
  type CaseRegistration,
} from '../domain/case';
import { caseViewQuery } from '../domain/case-messages';
import { mapWithConcurrency } from '../domain/concurrency';
import { MM_TH_CN, caseInputFor, registration, startOptions } from './cases';
import {
  ChildWorker,
  CpuMeter,
  Flags,
  HttpClient,
  Tokens,
  expectOk,
  fmt,
  interleave,
  loadAverage,
  machineInfo,
  machineLine,
  median,
  now,
  parseArgs,
  ratios,
  say,
  startApi,
  startBenchEnv,
  type BenchEnv,
  type Cpu,
} from './lib';

const TASK_QUEUE = 'bench-bulk-intake';
const GOAL = 0.9;

interface Round {
  seconds: number;
  throughput: number;
  caseIds: string[];
  /** CPU ms per case in the timed window, by process: dev server, worker, this process (API + driver). */
  cpu: Cpu;
}

function cpuPerCase(before: Cpu, after: Cpu, people: number): Cpu {
  return {
    server: (after.server - before.server) / people,
    worker: (after.worker - before.worker) / people,
    driver: (after.driver - before.driver) / people,
  };
}

const cpuTotal = (c: Cpu) => c.server + c.worker + c.driver;
const cpuLine = (c: Cpu) => `${fmt(cpuTotal(c), 1)} ms (server ${fmt(c.server, 1)}, worker ${fmt(c.worker, 1)}, API/driver ${fmt(c.driver, 1)})`;

/** Untimed: queries every case, which returns once the worker has run its first workflow task. */
async function settle(env: BenchEnv, caseIds: string[], concurrency: number): Promise<void> {
  await mapWithConcurrency(caseIds, concurrency, (id) => env.client.workflow.getHandle(id).query(caseViewQuery));
}

async function main(): Promise<void> {
  const flags = new Flags(parseArgs(process.argv.slice(2)).flags);
  const people = flags.int('people', 2349);
  const rounds = flags.int('rounds', 3);
  const warmup = flags.int('warmup', 1);
  const concurrency = flags.int('concurrency', BULK_START_CONCURRENCY);
  const machine = machineInfo();
  const loadBefore = loadAverage();
  say(`bulk-intake: ${people} people per side per round, concurrency ${concurrency}, ${rounds} round(s) after ${warmup} warm-up`);

  const env = await startBenchEnv('bulk-intake', { keep: flags.bool('keep', false) });
  const worker = await ChildWorker.start(env, { taskQueue: TASK_QUEUE, bundle: 'case' });
  // The API must start workflows at the same concurrency as the raw side.
  const api = await startApi(env, { taskQueue: TASK_QUEUE });
  const http = new HttpClient(api.port, 4);
  const tokens = new Tokens();
  const dayMs = env.config.HANDOVER_DAY_SECONDS * 1000;
  const batch = (): CaseRegistration[] => Array.from({ length: people }, () => registration(MM_TH_CN));
  const meter = new CpuMeter(env.serverPid, () => [worker.pid]);

  try {
    const officer = await tokens.get('officer', MM_TH_CN.custodial);
    const results = await interleave<Round>({
      warmup,
      rounds,
      describe: (_label, r) => `${fmt(r.throughput)} cases/s (${fmt(r.seconds)} s, cpu ${fmt(cpuTotal(r.cpu), 1)} ms/case)`,
      sides: [
        {
          label: 'POST /cases/bulk',
          run: async () => {
            const rows = batch();
            const c0 = meter.read();
            const t0 = now();
            const answer = expectOk(await http.request('POST', '/api/v1/cases/bulk', officer, rows), 'bulk intake');
            const seconds = (now() - t0) / 1000;
            const cpu = cpuPerCase(c0, meter.read(), people);
            if (answer.body.started !== people) throw new Error(`the API started ${answer.body.started} of ${people}`);
            const caseIds = (answer.body.results as { caseId: string }[]).map((r) => r.caseId);
            await settle(env, caseIds, concurrency);
            return { seconds, throughput: people / seconds, caseIds, cpu };
          },
        },
        {
          label: 'raw client.workflow.start',
          run: async () => {
            const inputs = batch().map((reg) => caseInputFor(reg, dayMs));
            const c0 = meter.read();
            const t0 = now();
            await mapWithConcurrency(inputs, concurrency, (input) => env.client.workflow.start('caseWorkflow', startOptions(input, TASK_QUEUE)));
            const seconds = (now() - t0) / 1000;
            const cpu = cpuPerCase(c0, meter.read(), people);
            const caseIds = inputs.map((i) => i.caseId);
            await settle(env, caseIds, concurrency);
            return { seconds, throughput: people / seconds, caseIds, cpu };
          },
        },
      ],
    });
    const [apiRounds, rawRounds] = results.map((side) => side.map((r) => r.throughput)) as [number[], number[]];
    const perRound = ratios(apiRounds, rawRounds);
    const ratio = median(perRound);
    const medianCpu = (side: Round[]): Cpu => ({
      server: median(side.map((r) => r.cpu.server)),
      worker: median(side.map((r) => r.cpu.worker)),
      driver: median(side.map((r) => r.cpu.driver)),
    });
    const [apiCpu, rawCpu] = [medianCpu(results[0]), medianCpu(results[1])];
    const lines = [
      `machine: ${machineLine(machine)}; load average ${loadBefore} → ${loadAverage()}`,
      `people per side per round: ${people}; concurrency: ${concurrency}; rounds: ${rounds} (+${warmup} warm-up)`,
      `POST /cases/bulk: ${fmt(median(apiRounds))} cases/s (rounds: ${apiRounds.map((v) => fmt(v)).join(', ')})`,
      `raw client.workflow.start: ${fmt(median(rawRounds))} cases/s (rounds: ${rawRounds.map((v) => fmt(v)).join(', ')})`,
      `ratio API ÷ raw: ${fmt(ratio)} (per round: ${perRound.map((v) => fmt(v)).join(', ')}); goal ≥ ${GOAL}: ${ratio >= GOAL ? 'pass' : 'MISS'}`,
      `CPU per case in the timed window (load-independent): API ${cpuLine(apiCpu)}; raw ${cpuLine(rawCpu)}; raw ÷ API ${fmt(cpuTotal(rawCpu) / cpuTotal(apiCpu))}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    http.close();
    await api.close();
    await worker.stop();
    await env.stop();
  }
}

main().catch((err: unknown) => {
  say(`bulk-intake failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
