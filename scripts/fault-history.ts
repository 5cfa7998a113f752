/**
 * `npm run fault:history`: the cluster's history service killed with SIGKILL while cases are in flight,
 * then started again. A fresh PostgreSQL-backed cluster (instance `fault`, ports from 28233), two API and
 * two worker processes (scripts/test-cluster-processes.ts), a clock day of 2 s so the legal clocks of the
 * cases (60 days of immigration detention) run out within two minutes by themselves.
 *
 * CASES cases are registered through the APIs; half are screened as trafficking victims (closed at once)
 * while history is killed, restarted and comes back, each screening retried with the same request id after
 * a 503 until it is answered; the other half close when their immigration-detention clock runs out, a timer
 * that must survive the kill. Meanwhile a prober reads cases through the APIs without pause. Every case
 * must reach its outcome, and every answer of the APIs must be a success or a 503 with Retry-After: no 500,
 * no other 5xx, no 4xx. Prints the figures; exit 1 if any of that fails.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { mintToken } from '../api/auth/tokens';
import { startCluster } from '../temporal/cluster';
import { startHandoverProcesses } from './test-cluster-processes';

const CASES = Number(process.env.HANDOVER_FAULT_CASES ?? 60);
const DOWN_MS = Number(process.env.HANDOVER_FAULT_DOWN_MS ?? 15_000);
const NAMESPACE = 'handover-fault';
const JWT_SECRET = `fault-${randomUUID()}-${randomUUID()}`;
const OUTCOME_DEADLINE_MS = 300_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Answer {
  at: number;
  status: number;
  retryAfter: boolean;
  body: string;
}

async function main(): Promise<number> {
  const say = (line: string) => process.stderr.write(`[fault:history] ${line}\n`);
  const started = Date.now();
  const basePort = process.env.HANDOVER_CLUSTER_PORT ? Number(process.env.HANDOVER_CLUSTER_PORT) : 28233;
  const cluster = await startCluster({ name: 'fault', basePort, namespace: NAMESPACE, fresh: true, say });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handover-fault-'));
  let processes: Awaited<ReturnType<typeof startHandoverProcesses>> | undefined;
  const problems: string[] = [];
  try {
    processes = await startHandoverProcesses({
      address: cluster.address,
      groups: [{ name: 'shared', namespace: NAMESPACE, configEnv: { HANDOVER_DAY_SECONDS: '2', HANDOVER_RATE_LIMIT: '1000000' } }],
      suites: [],
      jwtSecret: JWT_SECRET,
      dir,
      say,
    });
    const apis = processes.description.shared!.apiUrls;
    say(`cluster, 2 APIs and 2 workers ready in ${Math.round((Date.now() - started) / 1000)} s`);
    const officer = await mintToken({ sub: 'kh-officer-1', name: 'Fault officer', role: 'officer', country: 'KH' }, JWT_SECRET);
    const monitor = await mintToken({ sub: 'cn-monitor-1', name: 'Fault monitor', role: 'monitor', country: 'CN' }, JWT_SECRET);

    const answers: Answer[] = [];
    let next = 0;
    const send = async (method: 'GET' | 'POST', url: string, token: string, body?: unknown): Promise<Answer> => {
      const base = apis[next++ % apis.length];
      const init: RequestInit = { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) } };
      if (body) init.body = JSON.stringify(body);
      const res = await fetch(`${base}${url}`, init);
      const answer = { at: Date.now(), status: res.status, retryAfter: res.headers.has('retry-after'), body: await res.text() };
      answers.push(answer);
      return answer;
    };
    /** Sends until answered with anything but 503, waiting as long as Retry-After says. */
    const untilAnswered = async (method: 'GET' | 'POST', url: string, token: string, body?: unknown): Promise<Answer> => {
      for (;;) {
        const answer = await send(method, url, token, body);
        if (answer.status !== 503) return answer;
        await sleep(1_000);
      }
    };

    // ---- register -------------------------------------------------------------------------------
    const ids: string[] = [];
    for (let i = 0; i < CASES; i++) {
      const registered = await untilAnswered('POST', '/api/v1/cases', officer, {
        track: 'deportation',
        person: { fullName: 'Fault Person', otherNames: [], sex: 'unknown', claimedNationality: 'CN', documents: [{ type: 'passport', number: 'E00000000', issuingCountry: 'CN' }] },
        custodialCountry: 'KH',
        receivingCountry: 'CN',
        transitCountries: [],
        arrest: { time: new Date().toISOString(), place: 'Fault compound', agency: 'Fault police' },
        custodyStatus: 'detention',
        charges: ['telecom fraud'],
        externalReference: `FAULT-${randomUUID()}`,
      });
      if (registered.status !== 201) throw new Error(`registration answered ${registered.status}: ${registered.body.slice(0, 300)}`);
      ids.push((JSON.parse(registered.body) as { caseId: string }).caseId);
    }
    const registeredAt = Date.now();
    say(`${CASES} cases registered in ${Math.round((registeredAt - started) / 1000)} s from the start`);
    // The last registered are screened, so their legal clocks (120 s) cannot run out before the screening.
    const onClock = ids.slice(0, Math.floor(CASES / 2));
    const victims = ids.slice(onClock.length);

    // ---- the prober reads cases without pause -------------------------------------------------------
    let probing = true;
    const prober = (async () => {
      let i = 0;
      while (probing) {
        await send('GET', `/api/v1/cases/${ids[i++ % ids.length]}`, monitor).catch((err: unknown) => problems.push(`probe failed: ${String(err)}`));
        await sleep(100);
      }
    })();

    // ---- screen the victims, one every 500 ms, through the kill --------------------------------------
    const screenings = victims.map(async (id, i) => {
      await sleep(i * 500);
      const answer = await untilAnswered('POST', `/api/v1/cases/${id}/screening`, officer, { requestId: `fault-screening-${id}`, result: 'victim' });
      if (answer.status !== 200) problems.push(`screening of ${id} answered ${answer.status}: ${answer.body.slice(0, 200)}`);
    });

    await sleep(2_000);
    const history = cluster.processes.get('history')!;
    const killedAt = Date.now();
    history.kill('SIGKILL');
    say(`history killed (SIGKILL) ${Math.round((killedAt - registeredAt) / 1000)} s after the last registration; starting it again in ${DOWN_MS / 1000} s`);
    await sleep(DOWN_MS);
    await cluster.restartService('history');
    const restartedAt = Date.now();
    say('history started again');
    await Promise.all(screenings);

    // ---- every case reaches its outcome ---------------------------------------------------------------
    const outcomes = new Map<string, string>();
    const deadline = Date.now() + OUTCOME_DEADLINE_MS;
    while (outcomes.size < ids.length && Date.now() < deadline) {
      for (const id of ids) {
        if (outcomes.has(id)) continue;
        const answer = await send('GET', `/api/v1/cases/${id}`, monitor);
        if (answer.status === 200) {
          const view = JSON.parse(answer.body) as { outcome?: string };
          if (view.outcome) outcomes.set(id, view.outcome);
        }
      }
      if (outcomes.size < ids.length) await sleep(1_000);
    }
    const allClosedAt = Date.now();
    probing = false;
    await prober;

    // ---- figures ---------------------------------------------------------------------------------------
    const expected = (id: string) => (victims.includes(id) ? 'referred-as-victim' : 'released-custody-expired');
    const missing = ids.filter((id) => !outcomes.has(id));
    const wrong = ids.filter((id) => outcomes.has(id) && outcomes.get(id) !== expected(id));
    if (missing.length > 0) problems.push(`${missing.length} cases without an outcome after ${OUTCOME_DEADLINE_MS / 1000} s`);
    if (wrong.length > 0) problems.push(`${wrong.length} cases with another outcome: ${wrong.map((id) => outcomes.get(id)).join(', ')}`);
    const byStatus: Record<string, number> = {};
    for (const a of answers) byStatus[a.status] = (byStatus[a.status] ?? 0) + 1;
    const unavailable = answers.filter((a) => a.status === 503);
    const without = unavailable.filter((a) => !a.retryAfter).length;
    if (without > 0) problems.push(`${without} answers 503 without Retry-After`);
    const bad = answers.filter((a) => a.status !== 200 && a.status !== 201 && a.status !== 503);
    for (const a of bad.slice(0, 5)) problems.push(`answer ${a.status}: ${a.body.slice(0, 200)}`);
    if (bad.length > 5) problems.push(`${bad.length - 5} more answers other than 200, 201 or 503`);
    const lastUnavailable = unavailable.length > 0 ? Math.max(...unavailable.map((a) => a.at)) : undefined;
    const figures = {
      cases: CASES,
      victimsScreenedThroughTheKill: victims.length,
      closedByTheirClock: onClock.length,
      historyDownMs: restartedAt - killedAt,
      answers: answers.length,
      byStatus,
      unavailableWithRetryAfter: unavailable.length - without,
      firstUnavailableAfterKillMs: unavailable.length > 0 ? Math.min(...unavailable.map((a) => a.at)) - killedAt : null,
      lastUnavailableAfterRestartMs: lastUnavailable !== undefined ? lastUnavailable - restartedAt : null,
      outcomes: Object.fromEntries([...new Set(outcomes.values())].map((o) => [o, [...outcomes.values()].filter((v) => v === o).length])),
      allOutcomesAfterRestartMs: allClosedAt - restartedAt,
      seconds: Math.round((Date.now() - started) / 1000),
    };
    process.stdout.write(`[fault:history] ${JSON.stringify(figures, null, 2)}\n`);
    const early = processes.exitedEarly();
    if (early.length > 0) problems.push(`Handover processes stopped: ${early.join(', ')}`);
  } finally {
    await processes?.stop();
    await cluster.stop();
  }
  if (problems.length > 0) {
    for (const p of problems) say(`FAILED: ${p}`);
    say(`the processes' logs stay in ${dir}`);
    return 1;
  }
  fs.rmSync(dir, { recursive: true, force: true });
  say('every case reached its outcome; the APIs answered only successes and 503 with Retry-After');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`[fault:history] ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
