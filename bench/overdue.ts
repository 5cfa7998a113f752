/**
 * overdue: GET /api/v1/monitor/overdue p95 latency with 10,000 open cases.
 *
 * Open cases from five custodial countries to China, started with the API's input and options; a share
 * has a working SLA of two seconds (so the workflow raises its overdue flag itself) and another share a
 * legal deadline within the monitor horizon. A Chinese monitor (who sees every case) asks for the list.
 * Interleaved with it, the Temporal baseline: the same visibility query, one page, with the raw client.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { CASE_WORKFLOW_TYPE } from '../domain/case';
import type { Country } from '../domain/people';
import { SA } from '../domain/search-attributes';
import { RawDriver, caseInputFor, registration, startOptions, type Route } from './cases';
import { HttpClient, Tokens, expectOk, fmt, median, now, percentile, pool, ratios, say, sleep, startApi, envOptions, startBenchEnv, startWorker, type Bench } from './lib';

const TASK_QUEUE = 'bench-overdue';
const CUSTODIAL: Country[] = ['KH', 'MM', 'LA', 'VN', 'TH'];

export const overdueBench: Bench = {
  name: 'overdue',
  measures: 'GET /api/v1/monitor/overdue p95 latency with 10,000 open cases',
  goal: { op: '<=', value: 250, unit: 'ms' },
  async run(flags) {
    const open = flags.int('open', 10_000);
    const lateShare = flags.num('late-share', 0.02);
    const nearShare = flags.num('near-share', 0.02);
    const requests = flags.int('requests', 20);
    const rounds = flags.int('rounds', 5);
    const warmup = flags.int('warmup', 1);
    const concurrency = flags.int('concurrency', 32);
    const env = await startBenchEnv('overdue', envOptions(flags));
    const worker = await startWorker(env, { taskQueue: TASK_QUEUE, bundle: 'case' });
    const api = await startApi(env, { taskQueue: TASK_QUEUE });
    const http = new HttpClient(api.port, 4);
    const tokens = new Tokens();
    const dayMs = env.config.HANDOVER_DAY_SECONDS * 1000;
    const raw = new RawDriver(env.client, TASK_QUEUE, dayMs);
    const late = Math.round(open * lateShare);
    const near = Math.round(open * nearShare);
    try {
      // ---- 10,000 open cases ----
      const t0 = now();
      let lastReport = t0;
      const handles: WorkflowHandle[] = await pool(open, concurrency, async (i) => {
        const route: Route = { custodial: CUSTODIAL[i % CUSTODIAL.length], receiving: 'CN', transit: [] };
        const input = caseInputFor(registration(route), dayMs, (clocks) => {
          if (i < late) clocks.workingSlaMs.screening = 2_000;
          else if (i < late + near) {
            const detention = clocks.legal['immigration-detention'];
            if (detention) detention.durationMs = dayMs;
          }
        });
        const handle = await raw.client.workflow.start(CASE_WORKFLOW_TYPE, startOptions(input, TASK_QUEUE));
        if (now() - lastReport > 10_000) {
          lastReport = now();
          say(`    started ${i + 1}/${open} (${fmt((i + 1) / ((now() - t0) / 1000))}/s)`);
        }
        return handle;
      });
      const startSeconds = (now() - t0) / 1000;
      say(`    ${open} cases started in ${fmt(startSeconds)} s (${fmt(open / startSeconds)}/s); waiting for the worker and visibility`);

      const base = [`WorkflowType = '${CASE_WORKFLOW_TYPE}'`, `${SA.countries.name} = 'CN'`, `ExecutionStatus = 'Running'`];
      const deadline = Date.now() + 15 * 60_000;
      for (;;) {
        const [screening, overdue] = await Promise.all([
          env.client.workflow.count([...base, `${SA.stage.name} = 'screening'`].join(' AND ')),
          env.client.workflow.count([...base, `${SA.overdue.name} = true`].join(' AND ')),
        ]);
        if (screening.count >= open && overdue.count >= late) break;
        if (Date.now() > deadline) throw new Error(`only ${screening.count} in screening, ${overdue.count} overdue after 15 minutes`);
        await sleep(2_000);
      }
      say(`    all ${open} in screening, ${late} overdue, after ${fmt((now() - t0) / 1000)} s; ${handles.length} handles`);

      // ---- the measurement ----
      const monitor = await tokens.get('monitor', 'CN');
      const horizonDays = env.config.HANDOVER_MONITOR_HORIZON_DAYS;
      const rawList = async () => {
        const until = new Date(Date.now() + horizonDays * dayMs).toISOString();
        const query = [...base, `${SA.stage.name} != 'closed'`, `(${SA.overdue.name} = true OR ${SA.nextLegalDeadline.name} <= '${until}')`].join(' AND ');
        await env.client.workflowService.listWorkflowExecutions({ namespace: env.namespace, query, pageSize: 101 });
      };
      let listed = 0;
      let truncated = false;
      const apiCall = async () => {
        const answer = expectOk(await http.request('GET', '/api/v1/monitor/overdue', monitor), 'GET /monitor/overdue');
        const body = answer.body as { cases: unknown[]; truncated: boolean };
        listed = body.cases.length;
        truncated = body.truncated;
      };
      const apiP95: number[] = [];
      const apiP50: number[] = [];
      const rawP95: number[] = [];
      for (let r = -warmup; r < rounds; r++) {
        const a: number[] = [];
        const b: number[] = [];
        for (let q = 0; q < requests; q++) {
          // Alternate which goes first, request by request.
          const order = (q + r) % 2 === 0 ? ([apiCall, rawList] as const) : ([rawList, apiCall] as const);
          for (const call of order) {
            const started = now();
            await call();
            (call === apiCall ? a : b).push(now() - started);
          }
        }
        const line = `API p50 ${fmt(percentile(a, 50))} ms p95 ${fmt(percentile(a, 95))} ms | raw list p95 ${fmt(percentile(b, 95))} ms`;
        if (r < 0) {
          say(`    warm-up: ${line}`);
          continue;
        }
        apiP95.push(percentile(a, 95));
        apiP50.push(percentile(a, 50));
        rawP95.push(percentile(b, 95));
        say(`    round ${r + 1}/${rounds}: ${line}`);
      }
      return {
        sides: [
          { label: 'API p95', value: median(apiP95), unit: 'ms' },
          { label: 'raw list p95', value: median(rawP95), unit: 'ms' },
        ],
        figure: median(apiP95),
        perRound: apiP95,
        details: [
          `${open} open cases (${late} past a working SLA, ${near} with a legal deadline inside the ${horizonDays}-day horizon); ` +
            `a CN monitor sees them all; the answer lists ${listed} cases (truncated: ${truncated}); ${requests} requests per round, one at a time`,
          `API p50 ${fmt(median(apiP50))} ms; API p95 ÷ raw list p95 = ${fmt(median(ratios(apiP95, rawP95)))} ` +
            '(the API describes only cases flagged activity:notify, none here; the rest is HTTP, auth, sorting and the response schema)',
          `starting ${open} cases took ${fmt(startSeconds)} s (${fmt(open / startSeconds)}/s at concurrency ${concurrency})`,
        ],
      };
    } finally {
      http.close();
      await api.close();
      await worker.stop();
      await env.stop();
    }
  },
};
