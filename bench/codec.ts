/**
 * codec: full case lifecycle throughput with payload encryption ÷ without.
 *
 * Two complete stacks on one dev server, each with its own task queue: API client and worker with the
 * AES-256-GCM data converter (security/), and the same without it. The same driver walks cases from
 * registration to handed-over through each API in turn, interleaved.
 */
import { createDataConverter } from '../security/data-converter';
import { formatKeys, generateKey } from '../security/key-spec';
import { ApiDriver, KH_CN, allClosed } from './cases';
import {
  ChildWorker,
  CpuMeter,
  HttpClient,
  Tokens,
  cpuText,
  fmt,
  interleave,
  loadText,
  measureLoad,
  median,
  medianCpu,
  ratios,
  startApi,
  startBenchEnv,
  type Bench,
  type Load,
} from './lib';

export const codecBench: Bench = {
  name: 'codec',
  measures: 'full case lifecycle throughput (through the API) with payload encryption ÷ without',
  goal: { op: '>=', value: 0.9, unit: '×' },
  async run(flags) {
    const cases = flags.int('cases', 24);
    const concurrency = flags.int('concurrency', 8);
    const rounds = flags.int('rounds', 5);
    const warmup = flags.int('warmup', 1);
    const env = await startBenchEnv('codec', { keep: flags.bool('keep', false) });
    const key = generateKey();
    const dataConverter = createDataConverter([key]);
    const encryptedClient = env.clientWith(dataConverter);
    const plainWorker = await ChildWorker.start(env, { taskQueue: 'bench-codec-plain', bundle: 'case' });
    const encryptedWorker = await ChildWorker.start(env, { taskQueue: 'bench-codec-encrypted', bundle: 'case-encrypted', keys: formatKeys([key]) });
    const meter = new CpuMeter(env.serverPid, () => [plainWorker.pid, encryptedWorker.pid]);
    const plainApi = await startApi(env, { taskQueue: 'bench-codec-plain' });
    const encryptedApi = await startApi(env, { taskQueue: 'bench-codec-encrypted', client: encryptedClient });
    const tokens = new Tokens();
    const plainHttp = new HttpClient(plainApi.port, concurrency);
    const encryptedHttp = new HttpClient(encryptedApi.port, concurrency);
    const plain = new ApiDriver(plainHttp, tokens);
    const encrypted = new ApiDriver(encryptedHttp, tokens);
    try {
      const results = await interleave<Load<string>>({
        warmup,
        rounds,
        describe: (_label, load) => loadText(load),
        sides: [
          {
            label: 'encrypted',
            run: () =>
              meter.around(cases, async () => {
                const load = await measureLoad(cases, concurrency, () => encrypted.lifecycle(KH_CN));
                await allClosed(encryptedClient, load.results);
                return load;
              }),
          },
          {
            label: 'plain',
            run: () =>
              meter.around(cases, async () => {
                const load = await measureLoad(cases, concurrency, () => plain.lifecycle(KH_CN));
                await allClosed(env.client, load.results);
                return load;
              }),
          },
        ],
      });
      const [encryptedRounds, plainRounds] = results.map((side) => side.map((l) => l.throughput)) as [number[], number[]];
      const perRound = ratios(encryptedRounds, plainRounds);
      const cpuOf = (loads: Load[]) => {
        const c = medianCpu(loads);
        return c ? cpuText(c) : 'n/a';
      };
      return {
        sides: [
          { label: 'encrypted', value: median(encryptedRounds), unit: 'cases/s' },
          { label: 'plain', value: median(plainRounds), unit: 'cases/s' },
        ],
        figure: median(perRound),
        perRound,
        details: [
          `${cases} KH→CN cases per side per round through the API, ${concurrency} in flight; AES-256-GCM codec in the API's client and the worker`,
          `case lifetime p50: encrypted ${fmt(median(results[0].map((l) => l.p50)))} ms, plain ${fmt(median(results[1].map((l) => l.p50)))} ms`,
          `CPU per case — encrypted: ${cpuOf(results[0])}; plain: ${cpuOf(results[1])}`,
          `503 answers (Temporal deadline of 10 s passed) retried by the driver: encrypted ${encrypted.unavailable}, plain ${plain.unavailable}`,
        ],
      };
    } finally {
      plainHttp.close();
      encryptedHttp.close();
      await plainApi.close();
      await encryptedApi.close();
      await plainWorker.stop();
      await encryptedWorker.stop();
      await env.stop();
    }
  },
};
