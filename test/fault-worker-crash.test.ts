/**
 * Worker crash: 100 cases in flight through every stage while the worker process is killed with SIGKILL
 * 5 times at random moments and started again. Every case must reach its outcome, every notification must
 * reach the webhook receiver and take effect there once, and no history may show a nondeterminism error.
 *
 * The worker is a child process (test/fixtures/worker-process.ts) running the product's worker with the
 * production webhook notifier, pointed at a receiver in this process (node:http on 127.0.0.1) that checks
 * each signature and is idempotent on X-Handover-Event-Id, as the receiver contract asks. Delivery is at
 * least once: a kill between the POST and the activity's completion makes Temporal deliver again after
 * the activity's timeout. Such repeats are counted (`deliveredMoreThanOnce`); each must carry the same event
 * id and the same signed body as the first delivery, so the receiver applies it once (`appliedOnce` equals
 * the distinct notifications the histories scheduled, none missing, none made up).
 *
 * The next worker process is started ahead of each kill and waits, connected with its worker created, until
 * it is told to poll: a restart is a fresh process with an empty workflow cache that replays every case
 * from its history, without waiting for TypeScript and the bundle to load on a busy machine.
 *
 * The cases are driven through the client's updates with the right actors; every call keeps its update
 * id and request id when retried, so a retry after a kill is a repeat, never a second action. Kills fire
 * at random points of the drive's progress (seed printed; HANDOVER_CRASH_SEED repeats a run).
 * The 300-case, 15-kill variant belongs to the benchmarks (bench/), not to `npm test`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { defaultPayloadConverter, type UpdateDefinition } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { EVENT_ID_HEADER, verifyWebhookSignature } from '../activities/webhook-notifier';
import type { CaseNotification } from '../activities/notifications';
import {
  CASE_WORKFLOW_TYPE,
  STAGES,
  type ActionResult,
  type CaseView,
  type Outcome,
  type Stage,
  type Track,
} from '../domain/case';
import { decideApprovalUpdate, decideRefoulementUpdate, placeLegalHoldUpdate, recordCustodyEventUpdate, recordLegalReviewUpdate, recordScreeningUpdate, recordVerificationUpdate, resumeFromHoldUpdate, scheduleHandoverUpdate, timelineQuery, withdrawCaseUpdate } from '../domain/case-messages';
import type { Actor, Country } from '../domain/people';
import { mapWithConcurrency } from '../domain/concurrency';
import { actor, caseInput, testClocks } from './helpers/case';
import { connectTestEnv, uniqueTaskQueue } from './helpers/temporal';

const CASES = Number(process.env.HANDOVER_CRASH_CASES ?? 100);
const KILLS = Number(process.env.HANDOVER_CRASH_KILLS ?? 5);
/** Cases driven at once; all 100 are open from the start. */
const LANES = 20;
const SECRET = 'crash-test-webhook-secret-0123456789abcdefghij';
const DAY_MS = 86_400_000; // real days: no clock fires during the test, only actions move the cases

const EventType = temporal.api.enums.v1.EventType;
const NONDETERMINISTIC = temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_NON_DETERMINISTIC_ERROR;

// -------------------------------------------------------------------------------------------------
// Seeded randomness, so a failing run can be repeated
// -------------------------------------------------------------------------------------------------

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// -------------------------------------------------------------------------------------------------
// The receiver: checks signatures, idempotent on the event id
// -------------------------------------------------------------------------------------------------

class Receiver {
  /** eventId → how many times it was delivered. */
  readonly deliveries = new Map<string, number>();
  /** eventId → the notification, recorded on its first delivery only (the receiver's one effect). */
  readonly applied = new Map<string, CaseNotification>();
  badSignatures = 0;
  /** A repeat whose body differs from the first delivery (the receiver could not deduplicate it safely). */
  differentRepeats = 0;
  private readonly bodies = new Map<string, string>();
  private readonly server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      if (!verifyWebhookSignature(raw, req.headers['x-handover-signature'] as string | undefined, SECRET)) {
        this.badSignatures += 1;
        res.writeHead(401).end();
        return;
      }
      const eventId = String(req.headers[EVENT_ID_HEADER] ?? '');
      this.deliveries.set(eventId, (this.deliveries.get(eventId) ?? 0) + 1);
      const first = this.bodies.get(eventId);
      if (first === undefined) {
        this.bodies.set(eventId, raw);
        this.applied.set(eventId, JSON.parse(raw) as CaseNotification);
      } else if (first !== raw) {
        this.differentRepeats += 1;
      }
      // A repeat is acknowledged like the first delivery, so the sender stops retrying.
      res.writeHead(204).end();
    });
  });

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/handover`;
  }

  get delivered(): number {
    return [...this.deliveries.values()].reduce((a, b) => a + b, 0);
  }

  get deliveredTwice(): number {
    return [...this.deliveries.values()].filter((n) => n > 1).length;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

// -------------------------------------------------------------------------------------------------
// The worker child
// -------------------------------------------------------------------------------------------------

/**
 * One worker process. `spawn` starts it on standby (modules loaded, not connected); `go` makes it connect
 * and poll. The test keeps the next process on standby, so a restart after a kill is the new process
 * connecting, creating its worker and replaying, not Node loading TypeScript on a busy machine.
 */
class WorkerProcess {
  private stderr = '';
  readonly exited: Promise<void>;
  private readonly standby: Promise<void>;

  private constructor(private readonly child: ChildProcess) {
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString('utf8')).slice(-8_000);
    });
    this.standby = this.message('standby', 120_000);
    // Awaited in go(); a process that never gets there must not count as an unhandled rejection.
    this.standby.catch(() => undefined);
  }

  static spawn(taskQueue: string, env: Record<string, string>): WorkerProcess {
    const child = fork(path.join(__dirname, 'fixtures', 'worker-process.ts'), [taskQueue], {
      // `node --import tsx` runs the file itself: the pid is the worker's, and SIGKILL reaches it.
      execArgv: ['--import', 'tsx'],
      cwd: path.join(__dirname, '..'),
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: { ...process.env, ...env, HANDOVER_WORKER_STANDBY: '1' },
    });
    return new WorkerProcess(child);
  }

  private message(type: string, timeoutMs: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`worker process: no '${type}' within ${timeoutMs} ms\n${this.stderr}`)), timeoutMs);
      this.child.on('message', (m: { type?: string }) => {
        if (m?.type !== type) return;
        clearTimeout(timer);
        resolve();
      });
      this.child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`worker process exited (${code ?? signal}) before '${type}'\n${this.stderr}`));
      });
    });
  }

  /** Resolves once the process is connected with its worker created, waiting for `go`. */
  onStandby(): Promise<void> {
    return this.standby;
  }

  /** Starts polling; resolves once the worker runs. */
  async go(timeoutMs = 60_000): Promise<this> {
    await this.standby;
    const ready = this.message('ready', timeoutMs);
    this.child.send({ type: 'go' });
    await ready;
    return this;
  }

  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** Graceful stop (drain), SIGKILL if it does not stop in time. */
  async stop(timeoutMs = 20_000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }
}

// -------------------------------------------------------------------------------------------------
// The cases: routes, paths and their expected outcomes
// -------------------------------------------------------------------------------------------------

interface Route {
  track: Track;
  custodial: Country;
  receiving: Country;
  transit: Country[];
}

const KH_CN: Route = { track: 'deportation', custodial: 'KH', receiving: 'CN', transit: [] };
const MM_TH_CN: Route = { track: 'deportation', custodial: 'MM', receiving: 'CN', transit: ['TH'] };
const TH_CN_EXTRADITION: Route = { track: 'extradition', custodial: 'TH', receiving: 'CN', transit: [] };
const LA_CN: Route = { track: 'deportation', custodial: 'LA', receiving: 'CN', transit: [] };

interface Step {
  update: UpdateDefinition<ActionResult, [never]>;
  who: Actor;
  body: Record<string, unknown>;
}

interface Plan {
  name: string;
  route: Route;
  outcome: Outcome;
  steps: Step[];
}

function step<P>(update: UpdateDefinition<ActionResult, [P]>, who: Actor, body: Record<string, unknown>): Step {
  return { update: update as unknown as Step['update'], who, body };
}

const officer = (c: Country) => actor('officer', c);
const supervisor = (c: Country) => actor('supervisor', c);
const legal = (c: Country) => actor('legal', c);

function toApprovals(r: Route, withHold: boolean): Step[] {
  const steps = [
    step(recordScreeningUpdate, officer(r.custodial), { result: 'cleared' }),
    step(recordVerificationUpdate, officer(r.receiving), { result: 'confirmed', reference: `CONSULAR-${r.receiving}` }),
  ];
  if (r.track === 'extradition') {
    steps.push(
      step(recordLegalReviewUpdate, legal(r.custodial), { step: 'formal-request', reference: 'REQ-1', documents: [{ name: 'arrest warrant', received: true }] }),
      step(recordLegalReviewUpdate, legal(r.custodial), { step: 'court-decision', decision: 'extraditable', reference: 'COURT-1' }),
      step(recordLegalReviewUpdate, legal(r.custodial), { step: 'executive-decision', decision: 'granted', reference: 'EXEC-1' }),
    );
  }
  if (withHold) {
    steps.push(
      step(placeLegalHoldUpdate, supervisor(r.custodial), { reason: 'court petition pending' }),
      step(resumeFromHoldUpdate, legal(r.receiving), {}),
    );
  }
  return steps;
}

function handover(r: Route, withHold: boolean): Step[] {
  const agreedDate = new Date(Date.now() + 7 * DAY_MS).toISOString().slice(0, 10);
  return [
    ...toApprovals(r, withHold),
    ...[r.custodial, r.receiving, ...r.transit].map((c) => step(decideApprovalUpdate, supervisor(c), { decision: 'approve' })),
    step(scheduleHandoverUpdate, officer(r.custodial), { agreedDate, handoverPoint: 'border checkpoint', transport: 'land', escort: 'police escort' }),
    step(recordCustodyEventUpdate, officer(r.custodial), { event: 'released-by-custodial', country: r.custodial }),
    ...r.transit.flatMap((c) => [
      step(recordCustodyEventUpdate, officer(c), { event: 'entered-transit', country: c }),
      step(recordCustodyEventUpdate, officer(c), { event: 'left-transit', country: c }),
    ]),
    step(recordCustodyEventUpdate, officer(r.receiving), { event: 'received-by-receiving', country: r.receiving, identityRechecked: true }),
  ];
}

/** 100 cases: every stage, every track, transit, holds, and five of the seven outcomes. */
function plans(): Plan[] {
  const out: Plan[] = [];
  for (let i = 0; i < CASES; i++) {
    const slot = i % 20;
    if (slot < 7) out.push({ name: 'KH→CN handed over', route: KH_CN, outcome: 'handed-over', steps: handover(KH_CN, slot === 0) });
    else if (slot < 12) out.push({ name: 'MM→TH→CN handed over', route: MM_TH_CN, outcome: 'handed-over', steps: handover(MM_TH_CN, slot === 7) });
    else if (slot < 15) out.push({ name: 'TH→CN extradition handed over', route: TH_CN_EXTRADITION, outcome: 'handed-over', steps: handover(TH_CN_EXTRADITION, false) });
    else if (slot === 15) {
      out.push({ name: 'LA→CN victim', route: LA_CN, outcome: 'referred-as-victim', steps: [step(recordScreeningUpdate, officer('LA'), { result: 'victim' })] });
    } else if (slot === 16) {
      out.push({
        name: 'LA→CN not a national',
        route: LA_CN,
        outcome: 'referred-to-embassy',
        steps: [
          step(recordScreeningUpdate, officer('LA'), { result: 'cleared' }),
          step(recordVerificationUpdate, officer('CN'), { result: 'not-a-national', referredTo: 'VN', reference: 'CONSULAR-CN' }),
        ],
      });
    } else if (slot === 17) {
      out.push({
        name: 'MM→TH→CN refoulement risk, refused',
        route: MM_TH_CN,
        outcome: 'refused',
        steps: [
          step(recordScreeningUpdate, officer('MM'), { result: 'refoulement-risk' }),
          step(decideRefoulementUpdate, legal('MM'), { decision: 'refuse', reference: 'LEGAL-1' }),
        ],
      });
    } else if (slot === 18) {
      out.push({
        name: 'KH→CN withdrawn in approvals',
        route: KH_CN,
        outcome: 'withdrawn',
        steps: [...toApprovals(KH_CN, false), step(withdrawCaseUpdate, supervisor('CN'), { reason: 'request withdrawn' })],
      });
    } else {
      out.push({
        name: 'TH→CN extradition, release rejected',
        route: TH_CN_EXTRADITION,
        outcome: 'refused',
        steps: [...toApprovals(TH_CN_EXTRADITION, false), step(decideApprovalUpdate, supervisor('TH'), { decision: 'reject', reason: 'court order', close: true })],
      });
    }
  }
  return out;
}

// -------------------------------------------------------------------------------------------------
// Driving with retries: the same ids on every attempt
// -------------------------------------------------------------------------------------------------

interface DriveStats {
  stepsDone: number;
  retries: number;
  /** Why calls were retried: error name (and gRPC code) → count. */
  retryReasons: Record<string, number>;
  /** The first message seen for each reason. */
  retryMessages: Record<string, string>;
}

async function persist<T>(call: () => Promise<T>, stats: DriveStats, timeoutMs = 150_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await call();
    } catch (err) {
      // The case refused the action: a real failure, retrying would not change it.
      if (err instanceof WorkflowUpdateFailedError || Date.now() > deadline) throw err;
      stats.retries += 1;
      const code = (err as { cause?: { code?: number | string } }).cause?.code ?? (err as { code?: number | string }).code;
      const reason = `${err instanceof Error ? err.name : 'error'}${code !== undefined ? ` (${code})` : ''}`;
      stats.retryReasons[reason] = (stats.retryReasons[reason] ?? 0) + 1;
      stats.retryMessages[reason] ??= err instanceof Error ? err.message.slice(0, 160) : String(err);
      await sleep(250);
    }
  }
}

async function drive(handle: WorkflowHandle, plan: Plan, index: number, stats: DriveStats): Promise<ActionResult | undefined> {
  let last: ActionResult | undefined;
  for (const [n, s] of plan.steps.entries()) {
    const requestId = `crash-${index}-${n}`;
    const payload = { requestId, ...s.body, actor: s.who };
    const updateId = `${s.update.name}:${s.who.id}:${requestId}`;
    last = await persist(() => handle.executeUpdate(s.update, { args: [payload as never], updateId }), stats);
    stats.stepsDone += 1;
  }
  return last;
}

// -------------------------------------------------------------------------------------------------
// History scan
// -------------------------------------------------------------------------------------------------

interface HistoryFigures {
  nondeterminism: number;
  workflowTaskFailed: number;
  workflowTaskTimedOut: number;
  notifyScheduled: string[];
  notifyRetried: number;
}

async function scanHistory(handle: WorkflowHandle): Promise<HistoryFigures> {
  const history = await handle.fetchHistory();
  const figures: HistoryFigures = { nondeterminism: 0, workflowTaskFailed: 0, workflowTaskTimedOut: 0, notifyScheduled: [], notifyRetried: 0 };
  const batches = new Set<string>();
  for (const event of history.events ?? []) {
    if (event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED) {
      figures.workflowTaskFailed += 1;
      const attrs = event.workflowTaskFailedEventAttributes;
      const message = attrs?.failure?.message ?? '';
      if (attrs?.cause === NONDETERMINISTIC || /nondetermin|DeterminismViolation/i.test(message)) figures.nondeterminism += 1;
    }
    if (event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT) figures.workflowTaskTimedOut += 1;
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled?.activityType?.name === 'notify') {
      const payload = scheduled.input?.payloads?.[0];
      if (payload) figures.notifyScheduled.push(defaultPayloadConverter.fromPayload<CaseNotification>(payload).eventId);
    }
    if (event.activityTaskStartedEventAttributes && (event.activityTaskStartedEventAttributes.attempt ?? 1) > 1) figures.notifyRetried += 1;
    // A lean case tries an activation's notifications first in one activity (notifyBatch), whose result
    // names the event ids it delivered; the ones it did not deliver are scheduled as `notify` above.
    if (scheduled?.activityType?.name === 'notifyBatch') batches.add(String(event.eventId));
    const completed = event.activityTaskCompletedEventAttributes;
    const result = completed?.result?.payloads?.[0];
    if (completed && result && batches.has(String(completed.scheduledEventId))) {
      figures.notifyScheduled.push(...defaultPayloadConverter.fromPayload<{ delivered: string[] }>(result).delivered);
    }
  }
  return figures;
}

// -------------------------------------------------------------------------------------------------
// The test
// -------------------------------------------------------------------------------------------------

describe('worker crash', () => {
  let env: TestWorkflowEnvironment;
  let receiver: Receiver;
  let worker: WorkerProcess | undefined;
  let next: WorkerProcess | undefined;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'handover-crash-'));

  beforeAll(async () => {
    env = await connectTestEnv();
    receiver = new Receiver();
  });

  afterAll(async () => {
    await worker?.stop();
    await next?.stop();
    await receiver?.close();
    await env?.teardown();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it(`${CASES} cases reach their outcome through ${KILLS} SIGKILLs of the worker; notifications take effect once; no nondeterminism`, async () => {
    const started = Date.now();
    const seed = Number(process.env.HANDOVER_CRASH_SEED ?? Date.now() % 1_000_000);
    const random = mulberry32(seed);
    const taskQueue = uniqueTaskQueue('crash');
    const childEnv = {
      HANDOVER_DATA_DIR: dataDir,
      HANDOVER_WEBHOOK_URL: await receiver.listen(),
      HANDOVER_WEBHOOK_SECRET: SECRET,
    };
    worker = await WorkerProcess.spawn(taskQueue, childEnv).go();
    next = WorkerProcess.spawn(taskQueue, childEnv);

    // All cases open at once.
    const all = plans();
    const cases = await mapWithConcurrency(all, 10, async (plan) => {
      const { route } = plan;
      const input = caseInput({
        track: route.track,
        custodial: route.custodial,
        receiving: route.receiving,
        transit: route.transit,
        clocks: testClocks(route.track, route.custodial, route.receiving, { dayMs: DAY_MS }),
      });
      const handle = await env.client.workflow.start(CASE_WORKFLOW_TYPE, { taskQueue, workflowId: input.caseId, args: [input] });
      return { plan, handle };
    });
    const stages = new Set<Stage>();
    const totalSteps = all.reduce((n, p) => n + p.steps.length, 0);
    const stats: DriveStats = { stepsDone: 0, retries: 0, retryReasons: {}, retryMessages: {} };

    // Kills at random points of the drive, spread over 5%..85% of its steps.
    const thresholds = Array.from({ length: KILLS }, () => Math.floor(totalSteps * (0.05 + 0.8 * random()))).sort((a, b) => a - b);
    const kills: { atStep: number; openCases: number; downMs: number }[] = [];
    let driving = true;
    const open = new Set(cases.map((c) => c.handle.workflowId));
    const killer = (async () => {
      for (const threshold of thresholds) {
        while (driving && stats.stepsDone < threshold) await sleep(50);
        // The replacement is connected and waiting, so the kill measures a restart, not a cold start.
        await next.onStandby();
        if (!driving) return;
        // A random moment of the worker's work, at least half a second after it started polling.
        await sleep(500 + Math.floor(random() * 1_500));
        if (!driving) return;
        const at = stats.stepsDone;
        const down = Date.now();
        await worker?.kill();
        worker = await next.go();
        next = WorkerProcess.spawn(taskQueue, childEnv);
        kills.push({ atStep: at, openCases: open.size, downMs: Date.now() - down });
      }
    })();

    const results = await mapWithConcurrency(cases, LANES, async ({ plan, handle }, index) => {
      try {
        await drive(handle, plan, index, stats);
        const view = await persist(() => handle.result() as Promise<CaseView>, stats, 240_000);
        open.delete(handle.workflowId);
        return { plan, handle, view };
      } catch (err) {
        open.delete(handle.workflowId);
        return { plan, handle, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
      }
    });
    driving = false;
    await killer;

    const reached = results.filter((r) => 'view' in r && r.view?.outcome === r.plan.outcome);
    const failures = results.filter((r) => !('view' in r) || r.view?.outcome !== r.plan.outcome);
    for (const r of results) {
      if ('view' in r && r.view) for (const e of await r.handle.query(timelineQuery)) stages.add(e.stage);
    }

    // Histories: nondeterminism, task failures and timeouts, and which notifications were sent.
    const figures = await mapWithConcurrency(cases, 8, ({ handle }) => scanHistory(handle));
    const sum = (f: (h: HistoryFigures) => number) => figures.reduce((n, h) => n + f(h), 0);
    const scheduled = figures.flatMap((h) => h.notifyScheduled);
    const scheduledSet = new Set(scheduled);
    const missing = [...scheduledSet].filter((id) => !receiver.applied.has(id));
    const unexpected = [...receiver.applied.keys()].filter((id) => !scheduledSet.has(id));

    const report = {
      seed,
      cases: CASES,
      reachedOutcome: reached.length,
      kills: kills.length,
      killedAtSteps: kills.map((k) => `${k.atStep}/${totalSteps} (${k.openCases} open, restarted in ${k.downMs} ms)`),
      stagesSeen: [...stages].length,
      callRetries: stats.retries,
      retryReasons: stats.retryReasons,
      retryMessages: stats.retryMessages,
      workflowTaskTimedOut: sum((h) => h.workflowTaskTimedOut),
      workflowTaskFailed: sum((h) => h.workflowTaskFailed),
      nondeterminismErrors: sum((h) => h.nondeterminism),
      notificationsScheduled: scheduled.length,
      notifyAttemptsRetried: sum((h) => h.notifyRetried),
      deliveries: receiver.delivered,
      distinctEventIds: receiver.deliveries.size,
      deliveredMoreThanOnce: receiver.deliveredTwice,
      appliedOnce: receiver.applied.size,
      badSignatures: receiver.badSignatures,
      differentRepeats: receiver.differentRepeats,
      missingNotifications: missing.length,
      seconds: Math.round((Date.now() - started) / 1000),
    };
    process.stdout.write(`\n[worker crash] ${JSON.stringify(report, null, 2)}\n`);

    expect(failures.map((f) => `${f.handle.workflowId} ${f.plan.name}: ${'error' in f ? f.error : f.view?.outcome}`)).toEqual([]);
    expect(reached).toHaveLength(CASES);
    expect(kills).toHaveLength(KILLS);
    expect(kills.every((k) => k.openCases > 0)).toBe(true);
    expect([...stages].sort()).toEqual([...STAGES].sort());
    expect(report.nondeterminismErrors).toBe(0);
    // Every notification a case sent reached the receiver, none was made up, and none took effect twice.
    expect(scheduled).toHaveLength(scheduledSet.size);
    expect(missing).toEqual([]);
    expect(unexpected).toEqual([]);
    expect(receiver.applied.size).toBe(scheduledSet.size);
    expect(receiver.badSignatures).toBe(0);
    expect(receiver.differentRepeats).toBe(0);
  }, 600_000);
});
