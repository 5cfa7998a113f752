/**
 * `npm run fault`: the production shape under faults, with cases in flight. A fresh PostgreSQL-backed
 * cluster (instance `fault`, ports from 28233), two API and two worker processes
 * (scripts/test-cluster-processes.ts) whose notifications go to a webhook receiver run here, and a clock
 * day of a few seconds, so the 60-day immigration-detention clock runs out minutes after registration.
 *
 * 200 cases (half KH → CN, half MM → TH → CN) are registered through the APIs, then worked on while the
 * faults come one after the other:
 * - 100 are walked from screening to handed-over, their walks started a little apart, so cases are in every
 *   stage while the faults happen;
 * - 50 are screened as trafficking victims (closed at once) during the faults;
 * - 50 are left to their legal clock (26 waiting on screening, 24 screened and waiting on identity
 *   verification): timers set before the first fault that must fire after the last one.
 *
 * The faults (HANDOVER_FAULTS, comma-separated, in this order by default): `history` and `frontend` killed
 * with SIGKILL and started again; `postgres` stopped and started again; `workers`, one of the two workers
 * killed with SIGKILL and started again, alternately, several times; `roll`, both workers replaced one by one
 * (SIGTERM, then a new process), as a rolling deploy does. Meanwhile a prober reads cases through the APIs
 * without pause, and every action answered 503 is sent again, with the same request id.
 *
 * It fails unless every case reaches its expected outcome; every answer is a success or a 503 with
 * Retry-After; the clock closures all come after the last fault; the receiver got every case's
 * notifications (event ids `<caseId>:1..n`, the last its outcome; a repeat of an id is applied once), none
 * of them twice with different bodies; and no history holds a failed workflow task. Prints
 * the figures as JSON (and writes them to HANDOVER_FAULT_REPORT when set); exit 1 on any failure.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { mintToken } from '../api/auth/tokens';
import { KH_CN, MM_TH_CN, lifecycleSteps, registration, screeningStep, type Route, type Step } from '../bench/cases';
import { percentile as benchPercentile } from '../bench/lib';
import { verifyWebhookSignature, type WebhookPayload } from '../activities/webhook-notifier';
import { caseWorkflowId, type Outcome } from '../domain/case';
import type { Country, Role } from '../domain/people';
import { startCluster, type Cluster } from '../temporal/cluster';
import { startHandoverProcesses, type RunningProcesses } from './test-cluster-processes';

const FAULTS = (process.env.HANDOVER_FAULTS ?? 'history,frontend,postgres,workers,roll').split(',').map((f) => f.trim());
const KNOWN_FAULTS = ['history', 'frontend', 'postgres', 'workers', 'roll'];
/** A multiple of 8: per route, half walked to handed-over, a quarter victims, a quarter left to their clock. */
const CASES = Number(process.env.HANDOVER_FAULT_CASES ?? 200);
const DAY_SECONDS = Number(process.env.HANDOVER_FAULT_DAY_SECONDS ?? 7);
/** The handed-over walks start over this span, so every fault meets cases in every stage. */
const SPREAD_MS = Number(process.env.HANDOVER_FAULT_SPREAD_MS ?? 200_000);
const DOWN_MS = 12_000;
const WORKER_KILLS = 4;
/** Longest a service may take to come back, or a request to be answered, before the run fails. */
const RECOVERY_LIMIT_MS = 300_000;
const NAMESPACE = 'handover-fault';
const JWT_SECRET = `fault-${randomUUID()}-${randomUUID()}`;
const WEBHOOK_SECRET = `fault-webhook-${randomUUID()}`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const say = (line: string) => process.stderr.write(`[fault] ${line}\n`);

interface Answer {
  at: number;
  status: number;
  retryAfter: boolean;
  body: string;
}

/** One request as its sender saw it: sent again after each 503 until answered. */
interface Exchange {
  what: string;
  startedAt: number;
  endedAt: number;
  unavailable: number;
}

interface FaultWindow {
  fault: string;
  startedAt: number;
  /** When the killed part was started again (workers: the last restart). */
  restartedAt: number;
  endedAt: number;
  detail: string;
}

type Group = 'handover' | 'victim' | 'clock';
const EXPECTED: Record<Group, Outcome> = { handover: 'handed-over', victim: 'referred-as-victim', clock: 'released-custody-expired' };

/** The benchmarks' percentile, null for no values (printed as such in the figures). */
function percentile(values: number[], p: number): number | null {
  return values.length === 0 ? null : benchPercentile(values, p);
}

/** The webhook receiver: keeps each event id once, counts repeats and repeats with another body. */
function startReceiver(): Promise<{ url: string; received: Map<string, { body: string; payload: WebhookPayload }>; repeats: () => number; conflicting: string[]; refused: () => number; close: () => Promise<void> }> {
  const received = new Map<string, { body: string; payload: WebhookPayload }>();
  const conflicting: string[] = [];
  let repeats = 0;
  let refused = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (!verifyWebhookSignature(body, req.headers['x-handover-signature'] as string | undefined, WEBHOOK_SECRET)) {
        refused += 1;
        res.writeHead(401).end();
        return;
      }
      const payload = JSON.parse(body) as WebhookPayload;
      const seen = received.get(payload.eventId);
      if (seen) {
        repeats += 1;
        if (seen.body !== body) conflicting.push(payload.eventId);
      } else {
        received.set(payload.eventId, { body, payload });
      }
      res.writeHead(204).end();
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({
        url: `http://127.0.0.1:${port}/handover`,
        received,
        repeats: () => repeats,
        conflicting,
        refused: () => refused,
        close: () => new Promise((r) => server.close(() => r())),
      });
    });
  });
}

async function main(): Promise<number> {
  const unknown = FAULTS.filter((f) => !KNOWN_FAULTS.includes(f));
  if (unknown.length > 0) throw new Error(`HANDOVER_FAULTS: unknown fault ${unknown.join(', ')} (known: ${KNOWN_FAULTS.join(', ')})`);
  if (CASES < 8 || CASES % 8 !== 0) throw new Error('HANDOVER_FAULT_CASES must be a multiple of 8');
  const started = Date.now();
  const receiver = await startReceiver();
  const basePort = process.env.HANDOVER_CLUSTER_PORT ? Number(process.env.HANDOVER_CLUSTER_PORT) : 28233;
  let cluster: Cluster | undefined;
  let processes: RunningProcesses | undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handover-fault-'));
  const problems: string[] = [];
  // Ctrl-C or SIGTERM stops what was started (PostgreSQL runs detached from the terminal).
  let interrupted = false;
  const onSignal = () => {
    if (interrupted) return;
    interrupted = true;
    say('interrupted; stopping the processes, the cluster and PostgreSQL');
    void (async () => {
      await processes?.stop().catch(() => undefined);
      await cluster?.stop().catch(() => undefined);
      process.exit(130);
    })();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    cluster = await startCluster({ name: 'fault', basePort, namespace: NAMESPACE, fresh: true, say });
    processes = await startHandoverProcesses({
      address: cluster.address,
      groups: [
        {
          name: 'shared',
          namespace: NAMESPACE,
          configEnv: {
            HANDOVER_DAY_SECONDS: String(DAY_SECONDS),
            HANDOVER_RATE_LIMIT: '1000000',
            HANDOVER_WEBHOOK_URL: receiver.url,
            HANDOVER_WEBHOOK_SECRET: WEBHOOK_SECRET,
          },
        },
      ],
      suites: [],
      jwtSecret: JWT_SECRET,
      dir,
      say,
    });
    const apis = processes.description.shared!.apiUrls;
    say(`cluster, 2 APIs and 2 workers ready in ${Math.round((Date.now() - started) / 1000)} s`);

    const tokens = new Map<string, Promise<string>>();
    const token = (role: Role, country: Country) => {
      const key = `${role}:${country}`;
      if (!tokens.has(key)) tokens.set(key, mintToken({ sub: `${country.toLowerCase()}-${role}-fault`, name: 'Fault run', role, country }, JWT_SECRET));
      return tokens.get(key)!;
    };

    // ---- requests, each answer kept ----------------------------------------------------------------
    const answers: Answer[] = [];
    const exchanges: Exchange[] = [];
    let next = 0;
    const send = async (method: 'GET' | 'POST', url: string, bearer: string, body?: unknown): Promise<Answer> => {
      const base = apis[next++ % apis.length];
      const init: RequestInit = { method, headers: { authorization: `Bearer ${bearer}`, ...(body ? { 'content-type': 'application/json' } : {}) } };
      if (body) init.body = JSON.stringify(body);
      const res = await fetch(`${base}${url}`, init);
      const answer = { at: Date.now(), status: res.status, retryAfter: res.headers.has('retry-after'), body: await res.text() };
      answers.push(answer);
      return answer;
    };
    /** Sends until answered with anything but 503, the same body each time (so the same request id). */
    const untilAnswered = async (what: string, method: 'GET' | 'POST', url: string, bearer: string, body?: unknown): Promise<Answer> => {
      const exchange: Exchange = { what, startedAt: Date.now(), endedAt: 0, unavailable: 0 };
      for (;;) {
        if (Date.now() - exchange.startedAt > RECOVERY_LIMIT_MS) throw new Error(`${what} answered only 503 for ${RECOVERY_LIMIT_MS / 1000} s`);
        const answer = await send(method, url, bearer, body);
        if (answer.status !== 503) {
          exchange.endedAt = Date.now();
          exchanges.push(exchange);
          return answer;
        }
        exchange.unavailable += 1;
        await sleep(1_000);
      }
    };
    const act = async (caseId: string, step: Step) => {
      const body = { requestId: `fault-${step.segment}-${step.country}-${caseId}-${randomUUID().slice(0, 8)}`, ...step.body };
      const answer = await untilAnswered(step.segment, 'POST', `/api/v1/cases/${caseId}/${step.segment}`, await token(step.role, step.country), body);
      if (answer.status !== 200) problems.push(`${step.segment} of ${caseId} by ${step.role}:${step.country} answered ${answer.status}: ${answer.body.slice(0, 200)}`);
    };

    // ---- 200 cases in four groups ------------------------------------------------------------------
    const quarter = CASES / 4;
    const plan: { route: Route; group: Group; waitAtVerification?: boolean }[] = [];
    for (const route of [KH_CN, MM_TH_CN]) {
      for (let i = 0; i < quarter; i++) plan.push({ route, group: 'handover' });
      for (let i = 0; i < quarter / 2; i++) plan.push({ route, group: 'victim' });
      for (let i = 0; i < quarter / 2; i++) plan.push({ route, group: 'clock', waitAtVerification: i % 2 === 1 });
    }
    const cases: { caseId: string; route: Route; group: Group; waitAtVerification?: boolean }[] = [];
    let p = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (p < plan.length) {
          const item = plan[p++];
          const reg = registration(item.route);
          const answer = await untilAnswered('register', 'POST', '/api/v1/cases', await token('officer', item.route.custodial), reg);
          // 200: a registration sent again after a 503 that had been recorded, answered as the first was.
          if (answer.status !== 201 && answer.status !== 200) throw new Error(`registration answered ${answer.status}: ${answer.body.slice(0, 300)}`);
          cases.push({ ...item, caseId: (JSON.parse(answer.body) as { caseId: string }).caseId });
        }
      }),
    );
    const registeredAt = Date.now();
    say(`${cases.length} cases registered in ${Math.round((registeredAt - started) / 1000)} s from the start; legal clocks run out ${60 * DAY_SECONDS} s after each arrest's registration`);

    // ---- the work, spread over the faults ----------------------------------------------------------
    let probing = true;
    const prober = (async () => {
      const monitor = await token('monitor', 'CN');
      for (let i = 0; probing; i++) {
        await send('GET', `/api/v1/cases/${cases[i % cases.length].caseId}`, monitor).catch((err: unknown) => problems.push(`probe failed: ${String(err)}`));
        await sleep(100);
      }
    })();
    const handover = cases.filter((c) => c.group === 'handover');
    const victims = cases.filter((c) => c.group === 'victim');
    const toVerification = cases.filter((c) => c.group === 'clock' && c.waitAtVerification);
    const work = [
      ...handover.map(async (c, i) => {
        await sleep((i * SPREAD_MS) / handover.length);
        for (const step of lifecycleSteps(c.route)) await act(c.caseId, step);
      }),
      ...victims.map(async (c, i) => {
        await sleep((i * SPREAD_MS) / victims.length);
        await act(c.caseId, { ...screeningStep(c.route), body: { result: 'victim' } });
      }),
      ...toVerification.map(async (c, i) => {
        await sleep((i * SPREAD_MS) / toVerification.length);
        await act(c.caseId, screeningStep(c.route));
      }),
    ].map((w) => w.catch((err: unknown) => problems.push(`work failed: ${String(err)}`)));

    // ---- the faults ----------------------------------------------------------------------------------
    const windows: FaultWindow[] = [];
    const settled = async () => {
      // Settled once a read through each API answers 200, then ten quiet seconds for the backlog.
      const monitor = await token('monitor', 'CN');
      const limit = Date.now() + RECOVERY_LIMIT_MS;
      for (const api of apis) {
        for (;;) {
          if (Date.now() > limit) throw new Error(`${api} did not answer a read with 200 within ${RECOVERY_LIMIT_MS / 1000} s of the fault`);
          const res = await fetch(`${api}/api/v1/cases/${cases[0].caseId}`, { headers: { authorization: `Bearer ${monitor}` } }).catch(() => undefined);
          if (res?.status === 200) break;
          await sleep(500);
        }
      }
      await sleep(10_000);
    };
    const running = cluster;
    const workers = processes.names().filter((n) => n.includes('-worker-'));
    const handoverProcesses = processes;
    await sleep(3_000);
    for (const fault of FAULTS) {
      const startedAt = Date.now();
      let restartedAt = startedAt;
      let detail = '';
      if (fault === 'history' || fault === 'frontend') {
        running.processes.get(fault)!.kill('SIGKILL');
        say(`${fault} killed (SIGKILL); starting it again in ${DOWN_MS / 1000} s`);
        await sleep(DOWN_MS);
        await running.restartService(fault);
        restartedAt = Date.now();
        detail = `SIGKILL, started again after ${DOWN_MS / 1000} s`;
      } else if (fault === 'postgres') {
        say(`PostgreSQL stopped; starting it again in ${DOWN_MS / 1000} s`);
        await running.restartPostgres(DOWN_MS);
        restartedAt = Date.now();
        detail = `fast shutdown, started again after ${DOWN_MS / 1000} s`;
      } else if (fault === 'workers') {
        for (let k = 0; k < WORKER_KILLS; k++) {
          const name = workers[k % workers.length];
          await handoverProcesses.halt(name, 'SIGKILL');
          say(`${name} killed (SIGKILL), ${k + 1} of ${WORKER_KILLS}; starting it again`);
          await handoverProcesses.resume(name);
          restartedAt = Date.now();
          await sleep(8_000);
        }
        detail = `${WORKER_KILLS} SIGKILLs, one worker at a time, each started again at once`;
      } else if (fault === 'roll') {
        for (const name of workers) {
          await handoverProcesses.halt(name, 'SIGTERM');
          say(`${name} stopped (SIGTERM) for the roll; starting its replacement`);
          await handoverProcesses.resume(name);
          restartedAt = Date.now();
        }
        detail = 'each worker stopped with SIGTERM and replaced, one after the other';
      }
      await settled();
      windows.push({ fault, startedAt, restartedAt, endedAt: Date.now(), detail });
      say(`${fault}: recovered; ${Math.round((Date.now() - startedAt) / 1000)} s from the fault`);
    }
    const faultsEndedAt = Date.now();
    await Promise.all(work);
    const workDoneAt = Date.now();

    // ---- every case reaches its outcome ------------------------------------------------------------
    const outcomes = new Map<string, string>();
    const closedAt = new Map<string, number>();
    const deadline = registeredAt + 60 * DAY_SECONDS * 1000 + 180_000;
    const monitor = await token('monitor', 'CN');
    while (outcomes.size < cases.length && Date.now() < deadline) {
      for (const c of cases) {
        if (outcomes.has(c.caseId)) continue;
        const answer = await send('GET', `/api/v1/cases/${c.caseId}`, monitor);
        if (answer.status === 200) {
          const view = JSON.parse(answer.body) as { outcome?: string; closedAt?: string };
          if (view.outcome) {
            outcomes.set(c.caseId, view.outcome);
            if (view.closedAt) closedAt.set(c.caseId, Date.parse(view.closedAt));
          }
        }
      }
      if (outcomes.size < cases.length) await sleep(2_000);
    }
    const allClosedAt = Date.now();

    // ---- every notification, once ------------------------------------------------------------------
    const perCase = () => {
      const byCase = new Map<string, WebhookPayload[]>();
      for (const { payload } of receiver.received.values()) byCase.set(payload.caseId, [...(byCase.get(payload.caseId) ?? []), payload]);
      return byCase;
    };
    const complete = (list: WebhookPayload[] | undefined) => {
      if (!list) return false;
      const numbers = list.map((n) => Number(n.eventId.split(':').pop())).sort((a, b) => a - b);
      return numbers.every((n, i) => n === i + 1) && list.some((n) => n.kind === 'outcome');
    };
    const notifiedBy = Date.now() + 120_000;
    while (Date.now() < notifiedBy && !cases.every((c) => complete(perCase().get(c.caseId)))) await sleep(1_000);
    probing = false;
    await prober;
    const byCase = perCase();
    const incomplete = cases.filter((c) => !complete(byCase.get(c.caseId)));

    // ---- histories: no failed workflow task, no nondeterminism -------------------------------------
    const connection = await Connection.connect({ address: running.address });
    const client = new Client({ connection, namespace: NAMESPACE });
    let events = 0;
    const failedTasks: string[] = [];
    for (const c of cases) {
      const history = await client.workflow.getHandle(caseWorkflowId(c.caseId)).fetchHistory();
      events += history.events?.length ?? 0;
      for (const e of history.events ?? []) {
        if (e.workflowTaskFailedEventAttributes) failedTasks.push(`${c.caseId}: cause ${String(e.workflowTaskFailedEventAttributes.cause)}`);
      }
    }
    await connection.close();

    // ---- figures -------------------------------------------------------------------------------------
    const wrong = cases.filter((c) => outcomes.has(c.caseId) && outcomes.get(c.caseId) !== EXPECTED[c.group]);
    const missing = cases.filter((c) => !outcomes.has(c.caseId));
    if (missing.length > 0) problems.push(`${missing.length} cases without an outcome`);
    if (wrong.length > 0) problems.push(`${wrong.length} cases with another outcome: ${wrong.map((c) => `${c.group} → ${outcomes.get(c.caseId)}`).join(', ')}`);
    const clockClosed = cases.filter((c) => c.group === 'clock').map((c) => closedAt.get(c.caseId) ?? 0);
    const firedBeforeTheFaultsEnded = clockClosed.filter((t) => t < faultsEndedAt).length;
    if (firedBeforeTheFaultsEnded > 0) problems.push(`${firedBeforeTheFaultsEnded} legal clocks ran out before the last fault ended: the run does not show timers surviving the outages (raise HANDOVER_FAULT_DAY_SECONDS)`);
    if (incomplete.length > 0) problems.push(`${incomplete.length} cases whose notifications did not all arrive (or no outcome notification)`);
    if (receiver.conflicting.length > 0) problems.push(`${receiver.conflicting.length} notifications delivered twice with different bodies`);
    if (receiver.refused() > 0) problems.push(`${receiver.refused()} deliveries with a wrong signature`);
    if (failedTasks.length > 0) problems.push(`${failedTasks.length} failed workflow tasks: ${failedTasks.slice(0, 5).join('; ')}`);
    const byStatus: Record<string, number> = {};
    for (const a of answers) byStatus[a.status] = (byStatus[a.status] ?? 0) + 1;
    const unavailable = answers.filter((a) => a.status === 503);
    const without = unavailable.filter((a) => !a.retryAfter).length;
    if (without > 0) problems.push(`${without} answers 503 without Retry-After`);
    const bad = answers.filter((a) => a.status !== 200 && a.status !== 201 && a.status !== 503);
    for (const a of bad.slice(0, 5)) problems.push(`answer ${a.status}: ${a.body.slice(0, 200)}`);
    if (bad.length > 5) problems.push(`${bad.length - 5} more answers other than 200, 201 or 503`);
    const early = handoverProcesses.exitedEarly();
    if (early.length > 0) problems.push(`Handover processes stopped: ${early.join(', ')}`);

    const steady = exchanges.filter((e) => e.startedAt > registeredAt && !windows.some((w) => e.endedAt >= w.startedAt && e.startedAt <= w.endedAt));
    const s = (ms: number | null) => (ms === null ? null : Math.round(ms) / 1000);
    const faults = windows.map((w) => {
      const inWindow = answers.filter((a) => a.at >= w.startedAt && a.at <= w.endedAt);
      const blocked = inWindow.filter((a) => a.status === 503);
      const touched = exchanges.filter((e) => e.endedAt >= w.startedAt && e.startedAt <= w.endedAt && e.what !== 'register');
      const delayed = touched.filter((e) => e.unavailable > 0).map((e) => e.endedAt - e.startedAt);
      const latency = touched.map((e) => e.endedAt - e.startedAt);
      return {
        fault: w.fault,
        detail: w.detail,
        seconds: s(w.endedAt - w.startedAt),
        answers503: blocked.length,
        first503AfterFaultS: blocked.length > 0 ? s(Math.min(...blocked.map((a) => a.at)) - w.startedAt) : null,
        last503AfterRestartS: blocked.length > 0 ? s(Math.max(...blocked.map((a) => a.at)) - w.restartedAt) : null,
        actionsDuring: touched.length,
        actionsThatWaitedOn503: delayed.length,
        recoveryS: { p50: s(percentile(delayed, 50)), p95: s(percentile(delayed, 95)), max: s(delayed.length ? Math.max(...delayed) : null) },
        actionLatencyS: { p50: s(percentile(latency, 50)), p95: s(percentile(latency, 95)), max: s(latency.length ? Math.max(...latency) : null) },
      };
    });
    const count = (values: Iterable<string>) => {
      const n: Record<string, number> = {};
      for (const v of values) n[v] = (n[v] ?? 0) + 1;
      return n;
    };
    const figures = {
      cases: cases.length,
      groups: count(cases.map((c) => `${c.group} ${c.route.custodial}${c.route.transit.map((t) => `-${t}`).join('')}-${c.route.receiving}`)),
      daySeconds: DAY_SECONDS,
      faults,
      steadyActionLatencyS: { p50: s(percentile(steady.map((e) => e.endedAt - e.startedAt), 50)), p95: s(percentile(steady.map((e) => e.endedAt - e.startedAt), 95)), actions: steady.length },
      answers: answers.length,
      byStatus,
      unavailableWithRetryAfter: unavailable.length - without,
      outcomes: count(outcomes.values()),
      clockClosuresAfterTheLastFault: clockClosed.length - firedBeforeTheFaultsEnded,
      clockClosuresBeforeIt: firedBeforeTheFaultsEnded,
      notifications: { unique: receiver.received.size, kinds: count([...receiver.received.values()].map((r) => r.payload.kind)), deliveredAgain: receiver.repeats(), deliveredAgainWithAnotherBody: receiver.conflicting.length, casesIncomplete: incomplete.length },
      historyEvents: events,
      failedWorkflowTasks: failedTasks.length,
      faultsS: s(faultsEndedAt - registeredAt),
      workDoneAfterFaultsS: s(workDoneAt - faultsEndedAt),
      allOutcomesAfterFaultsS: s(allClosedAt - faultsEndedAt),
      totalS: s(Date.now() - started),
      machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, Node ${process.version}, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`,
    };
    const report = JSON.stringify(figures, null, 2);
    process.stdout.write(`[fault] ${report}\n`);
    if (process.env.HANDOVER_FAULT_REPORT) fs.writeFileSync(process.env.HANDOVER_FAULT_REPORT, `${report}\n`);
  } finally {
    await processes?.stop();
    await cluster?.stop();
    await receiver.close();
  }
  if (problems.length > 0) {
    for (const problem of problems.slice(0, 30)) say(`FAILED: ${problem}`);
    say(`the processes' logs stay in ${dir}`);
    return 1;
  }
  fs.rmSync(dir, { recursive: true, force: true });
  say('every case reached its outcome, every notification arrived and none was applied twice, no workflow task failed; the APIs answered only successes and 503 with Retry-After');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`[fault] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
