/**
 * The benchmark harness: a fresh dev server per benchmark (SQLite file on disk, the same settings as
 * `npm start`), workers in-process or as a child process, the API listening on a real port, and the
 * interleaving that keeps a noisy machine from deciding a result:
 *
 *   warm-up (every side, discarded) ─ round 1: A B C ─ round 2: B C A ─ round 3: C A B ─ ...
 *   per round: the ratio of the two compared sides; the figure is the median of those ratios.
 *
 * Each round of each side starts on an idle worker (`settle`), so the backlog one side leaves behind
 * is never charged to the next.
 */
import * as esbuild from 'esbuild';
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client, Connection, type DataConverter } from '@temporalio/client';
import { NativeConnection, bundleWorkflowCode, type Worker } from '@temporalio/worker';
import pino, { type Logger } from 'pino';
import { buildApp, type HandoverApp } from '../api/app';
import { mintToken } from '../api/auth/tokens';
import { loadConfig, type Config } from '../config/env';
import type { Country, Role } from '../domain/people';
import { WORKFLOW_BUNDLE_CONVERTER_OPTIONS, createDataConverter, type HandoverDataConverter } from '../security/data-converter';
import { formatKeys, generateKey } from '../security/key-spec';
import { ensureTemporalCli, type TemporalCli } from '../temporal/cli';
import { startDevServer, type EmbeddedServer } from '../temporal/server';
import { WORKFLOWS_PATH, createWorker, type CreateWorkerOptions } from '../worker/create-worker';
import { installTemporalRuntime } from '../worker/runtime';
import { createDefaultActivityDeps } from '../worker/service';

export const BENCH_NAMESPACE = 'handover-bench';
/** HS256 secret of the benchmark's API; tokens are minted for it. Not a production secret. */
export const BENCH_JWT_SECRET = 'handover-bench-secret-0123456789abcdefghijklmnopqrstuvwxyz';

// ---------------------------------------------------------------------------------------------
// Output and flags
// ---------------------------------------------------------------------------------------------

export function say(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** `--name value` / `--name=value` flags; each benchmark reads its own with a default. */
export class Flags {
  private readonly read = new Map<string, string>();

  constructor(private readonly values: ReadonlyMap<string, string>) {}

  private raw(name: string, fallback: string): string {
    const value = this.values.get(name) ?? fallback;
    this.read.set(name, value);
    return value;
  }

  int(name: string, fallback: number): number {
    const value = Number(this.raw(name, String(fallback)));
    if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a non-negative integer`);
    return value;
  }

  num(name: string, fallback: number): number {
    const value = Number(this.raw(name, String(fallback)));
    if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a non-negative number`);
    return value;
  }

  bool(name: string, fallback: boolean): boolean {
    return ['true', '1', 'yes'].includes(this.raw(name, String(fallback)));
  }

  /** The flags a benchmark read, with the values it used: printed with its result. */
  used(): Record<string, string> {
    return Object.fromEntries(this.read);
  }
}

export function parseArgs(argv: string[]): { names: string[]; flags: Map<string, string> } {
  const names: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) {
      names.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    if (eq > 0) flags.set(arg.slice(2, eq), arg.slice(eq + 1));
    else if (i + 1 < argv.length && !(argv[i + 1] ?? '').startsWith('--')) flags.set(arg.slice(2), argv[++i] ?? '');
    else flags.set(arg.slice(2), 'true');
  }
  return { names, flags };
}

// ---------------------------------------------------------------------------------------------
// Results
// ---------------------------------------------------------------------------------------------

export interface Goal {
  op: '>=' | '<=';
  value: number;
  unit: string;
}

export interface Figure {
  label: string;
  value: number;
  unit: string;
}

export interface BenchResult {
  name: string;
  measures: string;
  /** The compared sides (Handover first), medians over the rounds. */
  sides: Figure[];
  /** The ratio (or absolute figure) compared with the goal: median of the per-round figures. */
  figure: number;
  perRound: number[];
  goal: Goal;
  pass: boolean;
  /** Further lines: informational sides, breakdowns, counts. */
  details: string[];
  flags: Record<string, string>;
  seconds: number;
  /** 1-minute load average before and after: how busy the machine was. */
  load: [number, number];
}

export function meets(goal: Goal, figure: number): boolean {
  return goal.op === '>=' ? figure >= goal.value : figure <= goal.value;
}

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  os: string;
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

export function fmt(value: number, digits = 2): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(digits);
}

function figureText(f: Figure): string {
  return `${f.label}: ${fmt(f.value)} ${f.unit}`;
}

/** The summary table, in Markdown so it pastes into docs/benchmarks.md as it is. */
export function resultTable(results: BenchResult[]): string {
  const rows = [
    '| bench | Handover | Temporal baseline | figure (median of rounds) | rounds (min–max) | goal | result |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const r of results) {
    const [ours, theirs] = r.sides;
    const unit = r.goal.unit === '×' ? '' : ` ${r.goal.unit}`;
    const lo = Math.min(...r.perRound);
    const hi = Math.max(...r.perRound);
    rows.push(
      `| ${r.name} | ${ours ? figureText(ours) : ''} | ${theirs ? figureText(theirs) : '—'} | **${fmt(r.figure)}${unit}** | ` +
        `${r.perRound.length} (${fmt(lo)}–${fmt(hi)}) | ${r.goal.op} ${fmt(r.goal.value)}${unit} | ${r.pass ? 'pass' : 'MISS'} |`,
    );
  }
  return rows.join('\n');
}

export function machineLine(m: MachineInfo): string {
  return `${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}, ${m.os}`;
}

// ---------------------------------------------------------------------------------------------
// Statistics
// ---------------------------------------------------------------------------------------------

export function median(values: number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  if (p === 50 && sorted.length % 2 === 0) {
    const mid = sorted.length / 2;
    return ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  }
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

export function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

export function now(): number {
  return performance.now();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs `task(0..count-1)` with at most `concurrency` in flight; results in index order. */
export async function pool<T>(count: number, concurrency: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, async () => {
    while (next < count) {
      const i = next++;
      results[i] = await task(i);
    }
  });
  await Promise.all(lanes);
  return results;
}

// ---------------------------------------------------------------------------------------------
// Interleaving
// ---------------------------------------------------------------------------------------------

export interface Side<T> {
  label: string;
  /** One round of this side; `round` is negative during warm-up. */
  run(round: number): Promise<T>;
}

/**
 * Warm-up rounds of every side (discarded), then `rounds` rounds in which the order of the sides
 * rotates, so no side always runs first (on a cold cache) or last (after the others' garbage).
 * `settle` runs after every side's round, untimed. Returns results[side][round].
 */
export async function interleave<T>(opts: {
  warmup: number;
  rounds: number;
  sides: Side<T>[];
  settle?: () => Promise<void>;
  describe?: (label: string, result: T) => string;
}): Promise<T[][]> {
  const { sides } = opts;
  for (let w = 0; w < opts.warmup; w++) {
    for (const side of sides) {
      const result = await side.run(-1 - w);
      await opts.settle?.();
      say(`    warm-up ${w + 1}/${opts.warmup} ${side.label}${opts.describe ? `: ${opts.describe(side.label, result)}` : ''}`);
    }
  }
  const results: T[][] = sides.map(() => []);
  for (let r = 0; r < opts.rounds; r++) {
    const parts: string[] = [];
    for (let k = 0; k < sides.length; k++) {
      const index = (r + k) % sides.length;
      const side = sides[index];
      if (!side) continue;
      const result = await side.run(r);
      await opts.settle?.();
      results[index]?.push(result);
      parts.push(`${side.label}${opts.describe ? ` ${opts.describe(side.label, result)}` : ''}`);
    }
    say(`    round ${r + 1}/${opts.rounds}: ${parts.join(' | ')}`);
  }
  return results;
}

/** Per-round ratios a[r] / b[r]. */
export function ratios(a: number[], b: number[]): number[] {
  return a.map((v, i) => v / (b[i] ?? Number.NaN));
}

// ---------------------------------------------------------------------------------------------
// Temporal: dev server, connections, bundles, workers
// ---------------------------------------------------------------------------------------------

let cliPromise: Promise<TemporalCli> | undefined;
let runtimeInstalled = false;

/** Temporal SDK runtime logs (warnings and errors only) go to stderr. */
export function installBenchRuntime(): void {
  if (runtimeInstalled) return;
  installTemporalRuntime(pino({ level: process.env.HANDOVER_BENCH_LOG_LEVEL ?? 'warn' }, pino.destination(2)));
  runtimeInstalled = true;
}

/**
 * What the API and the activities log in production (one line per request at info), written to
 * /dev/null: the cost of building every line is measured, the terminal stays readable.
 */
export function productionLogger(): Logger {
  return pino({ level: 'info', redact: { paths: ['person', '*.person', 'req.headers.authorization'], censor: '[redacted]' } }, pino.destination({ dest: os.devNull, sync: false }));
}

export interface BenchEnv {
  dir: string;
  server: EmbeddedServer;
  /** The dev server's process id (Linux: found in /proc by its database path), for CPU accounting. */
  serverPid?: number;
  address: string;
  namespace: string;
  connection: Connection;
  /** Client with the default data converter (no encryption). */
  client: Client;
  nativeConnection: NativeConnection;
  config: Config;
  logger: Logger;
  /**
   * Set with `--encrypted`: `client` encrypts, workers get the keys and the bundle with the encrypting
   * failure converter, as in production. Off by default, so the comparisons measure Handover's own work
   * and the codec benchmark measures what encryption adds.
   */
  encryption?: { keys: string; dataConverter: HandoverDataConverter };
  clientWith(dataConverter: DataConverter): Client;
  stop(): Promise<void>;
}

export interface BenchEnvOptions {
  keep?: boolean;
  encrypted?: boolean;
}

/** `--keep` (keep the data folder) and `--encrypted` (payload encryption on every side). */
export function envOptions(flags: Flags): BenchEnvOptions {
  return { keep: flags.bool('keep', false), encrypted: flags.bool('encrypted', false) };
}

/** A fresh dev server with its SQLite file in a temporary folder, as `npm start` runs it. */
export async function startBenchEnv(name: string, options: BenchEnvOptions = {}): Promise<BenchEnv> {
  installBenchRuntime();
  cliPromise ??= ensureTemporalCli((line) => say(`  ${line}`));
  const cli = await cliPromise;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `handover-bench-${name}-`));
  const started = now();
  const server = await startDevServer({ cli, namespace: BENCH_NAMESPACE, dbFilename: path.join(dir, 'temporal.sqlite') });
  say(`  dev server ${server.address} (SQLite ${path.join(dir, 'temporal.sqlite')}) in ${Math.round(now() - started)} ms`);
  const serverPid = findProcessByArgument(path.join(dir, 'temporal.sqlite'));
  const connection = await Connection.connect({ address: server.address });
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  const config = loadConfig({
    HANDOVER_DATA_DIR: dir,
    TEMPORAL_NAMESPACE: BENCH_NAMESPACE,
    HANDOVER_JWT_SECRET: BENCH_JWT_SECRET,
    // The per-caller rate limit protects production; a benchmark driver is one caller doing the work of many.
    HANDOVER_RATE_LIMIT: '100000000',
    HANDOVER_LOG_LEVEL: 'info',
  });
  const key = options.encrypted ? generateKey() : undefined;
  const encryption = key ? { keys: formatKeys([key]), dataConverter: createDataConverter([key]) } : undefined;
  return {
    dir,
    server,
    serverPid,
    address: server.address,
    namespace: BENCH_NAMESPACE,
    connection,
    client: new Client({ connection, namespace: BENCH_NAMESPACE, dataConverter: encryption?.dataConverter }),
    encryption,
    nativeConnection,
    config,
    logger: productionLogger(),
    clientWith: (dataConverter) => new Client({ connection, namespace: BENCH_NAMESPACE, dataConverter }),
    stop: async () => {
      await connection.close().catch(() => undefined);
      await nativeConnection.close().catch(() => undefined);
      await server.stop().catch(() => undefined);
      if (!options.keep) fs.rmSync(dir, { recursive: true, force: true });
      else say(`  kept ${dir}`);
    },
  };
}

export type BundleKind = 'case' | 'case-encrypted' | 'minimal';

const bundles = new Map<BundleKind, Promise<string>>();
let bundleDir: string | undefined;

/** One temporary folder for this run's bundles, removed when the process exits. */
function bundleFolder(): string {
  if (!bundleDir) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handover-bench-bundles-'));
    process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    bundleDir = dir;
  }
  return bundleDir;
}

const quietBundler = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: (message: string) => say(message),
  log: () => undefined,
};

/**
 * A workflow bundle, built once per run and written to a file (a child worker loads it by path):
 * the case workflow, the case workflow with the encrypted failure converter built in, or the
 * benchmark's minimal workflow.
 */
export function workflowBundle(kind: BundleKind): Promise<string> {
  let bundle = bundles.get(kind);
  if (!bundle) {
    bundle = (async () => {
      const started = now();
      const { code } = await bundleWorkflowCode({
        workflowsPath: kind === 'minimal' ? require.resolve('./minimal-workflow') : WORKFLOWS_PATH,
        ...(kind === 'case-encrypted' ? WORKFLOW_BUNDLE_CONVERTER_OPTIONS : {}),
        logger: quietBundler,
      });
      const file = path.join(bundleFolder(), `${kind}.js`);
      fs.writeFileSync(file, code);
      say(`  bundled ${kind} workflows (${Math.round(code.length / 1024)} KiB) in ${Math.round(now() - started)} ms`);
      return file;
    })();
    bundles.set(kind, bundle);
  }
  return bundle;
}

/** The case bundle of an encrypting environment is the one built with the encrypting failure converter. */
function bundleFor(env: BenchEnv, kind: BundleKind): BundleKind {
  return kind === 'case' && env.encryption ? 'case-encrypted' : kind;
}

export interface InProcessWorker {
  worker: Worker;
  taskQueue: string;
  stop(): Promise<void>;
}

/** A worker in this process, built by the product's `createWorker` with production activities. */
export async function startWorker(
  env: BenchEnv,
  opts: { taskQueue: string; bundle: BundleKind; dataConverter?: DataConverter; tuning?: CreateWorkerOptions['tuning'] },
): Promise<InProcessWorker> {
  const worker = await createWorker({
    connection: env.nativeConnection,
    namespace: env.namespace,
    taskQueue: opts.taskQueue,
    activityDeps: createDefaultActivityDeps(env.config, env.logger),
    workflowBundle: { codePath: await workflowBundle(bundleFor(env, opts.bundle)) },
    logger: env.logger,
    dataConverter: opts.dataConverter ?? env.encryption?.dataConverter,
    tuning: opts.tuning,
  });
  const running = worker.run();
  return {
    worker,
    taskQueue: opts.taskQueue,
    stop: async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The worker as a child process (its RSS is its own; it can be SIGKILLed)
// ---------------------------------------------------------------------------------------------

export interface ChildStatus {
  rss: number;
  heapUsed: number;
  external: number;
  cachedWorkflows: number;
  workflowActivations: number;
}

export interface ChildWorkerOptions {
  taskQueue: string;
  bundle: BundleKind;
  /** HANDOVER_KEYS for an encrypting worker. */
  keys?: string;
  maxCachedWorkflows?: number;
}

/** Where a child's start-up time went: loading modules, connecting, creating the worker (bundle load). */
export interface ChildTimings {
  loadedMs: number;
  connectMs: number;
  createMs: number;
}

type ChildMessage = { type: 'ready'; timings: ChildTimings } | ({ type: 'status'; id: number } & ChildStatus);

let compiledChild: Promise<string> | undefined;

/**
 * The worker child and everything it imports, transpiled once per benchmark run to CommonJS under
 * .data/bench-build (inside the project, so node_modules resolve; ignored by git), keeping the source
 * layout so `require.resolve('../workflows')` in worker/create-worker.ts still finds the workflows.
 */
export function compiledWorkerChild(): Promise<string> {
  compiledChild ??= (async () => {
    const started = now();
    const root = path.resolve(__dirname, '..');
    const outdir = path.join(root, '.data', 'bench-build', String(process.pid));
    const folders = ['activities', 'api', 'bench', 'config', 'domain', 'logging', 'scripts', 'security', 'temporal', 'worker', 'workflows'];
    const entryPoints = folders.flatMap((folder) =>
      (fs.readdirSync(path.join(root, folder), { recursive: true }) as string[])
        .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
        .map((f) => path.join(root, folder, f)),
    );
    await esbuild.build({ entryPoints, outdir, outbase: root, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning' });
    say(`  worker child compiled to JavaScript (${entryPoints.length} modules) in ${Math.round(now() - started)} ms`);
    return path.join(outdir, 'bench', 'worker-child.js');
  })();
  return compiledChild;
}

export class ChildWorker {
  private nextId = 0;
  private readonly waiting = new Map<number, (s: ChildStatus) => void>();
  readonly exited: Promise<number | null>;
  timings?: ChildTimings;

  private constructor(readonly process: ChildProcess) {
    this.exited = new Promise((resolve) => process.once('exit', (code) => resolve(code)));
    process.on('message', (m: ChildMessage) => {
      if (m.type !== 'status') return;
      this.waiting.get(m.id)?.(m);
      this.waiting.delete(m.id);
    });
  }

  get pid(): number {
    return this.process.pid ?? -1;
  }

  static async start(env: BenchEnv, opts: ChildWorkerOptions, timeoutMs = 60_000): Promise<ChildWorker> {
    const bundlePath = await workflowBundle(bundleFor(env, opts.bundle));
    // Plain JavaScript, as the production image runs the worker: a restart then costs Node's start-up and
    // the worker's own, not transpiling every module again. The pid we hold is the worker's.
    const child = fork(await compiledWorkerChild(), [], {
      execArgv: [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: {
        ...process.env,
        BENCH_CHILD_ADDRESS: env.address,
        BENCH_CHILD_NAMESPACE: env.namespace,
        BENCH_CHILD_TASK_QUEUE: opts.taskQueue,
        BENCH_CHILD_BUNDLE: bundlePath,
        BENCH_CHILD_DATA_DIR: env.dir,
        BENCH_CHILD_KEYS: opts.keys ?? env.encryption?.keys ?? '',
        BENCH_CHILD_MAX_CACHED: opts.maxCachedWorkflows !== undefined ? String(opts.maxCachedWorkflows) : '',
      },
    });
    const worker = new ChildWorker(child);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`worker child did not start within ${timeoutMs} ms`)), timeoutMs);
      child.on('message', (m: ChildMessage) => {
        if (m.type === 'ready') {
          clearTimeout(timer);
          worker.timings = m.timings;
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`worker child exited with ${code} before it was ready`));
      });
    });
    return worker;
  }

  status(timeoutMs = 10_000): Promise<ChildStatus> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error('worker child did not answer a status request'));
      }, timeoutMs);
      this.waiting.set(id, (s) => {
        clearTimeout(timer);
        resolve(s);
      });
      this.process.send({ type: 'status', id });
    });
  }

  async kill(): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    this.process.kill('SIGKILL');
    await this.exited;
  }

  /** Graceful stop: the child drains its worker and exits. */
  async stop(timeoutMs = 20_000): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    this.process.kill('SIGTERM');
    const timer = setTimeout(() => this.process.kill('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------------------------------------
// The API on a real port, tokens, and a lean HTTP client
// ---------------------------------------------------------------------------------------------

export interface BenchApi {
  app: HandoverApp;
  port: number;
  close(): Promise<void>;
}

/** `buildApp` with the benchmark's config, listening on 127.0.0.1 and a free port. */
export async function startApi(env: BenchEnv, opts: { taskQueue: string; client?: Client }): Promise<BenchApi> {
  const app = buildApp({
    config: env.config,
    client: opts.client ?? env.client,
    logger: env.logger,
    taskQueue: opts.taskQueue,
    namespace: env.namespace,
    auth: { secret: BENCH_JWT_SECRET },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return { app, port, close: () => app.close() };
}

/** Tokens minted once per role and country, as an identity provider would hand them out. */
export class Tokens {
  private readonly cache = new Map<string, Promise<string>>();

  static subject(role: Role, country: Country): string {
    return `${country.toLowerCase()}-${role}-bench`;
  }

  get(role: Role, country: Country): Promise<string> {
    const key = `${role}:${country}`;
    let token = this.cache.get(key);
    if (!token) {
      token = mintToken({ sub: Tokens.subject(role, country), name: `Bench ${role} ${country}`, role, country }, BENCH_JWT_SECRET);
      this.cache.set(key, token);
    }
    return token;
  }
}

export interface HttpAnswer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are read loosely
  body: any;
}

/**
 * JSON over node:http with a keep-alive agent: real sockets and the real network stack, with less
 * client-side overhead than fetch, so what is measured is the server.
 */
export class HttpClient {
  private readonly agent: http.Agent;

  constructor(
    private readonly port: number,
    maxSockets = 64,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  request(method: 'GET' | 'POST', urlPath: string, token: string, body?: unknown): Promise<HttpAnswer> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: this.port,
          method,
          path: urlPath,
          agent: this.agent,
          headers: {
            authorization: `Bearer ${token}`,
            accept: 'application/json',
            ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              // not JSON: keep the text
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Throws with the problem's detail unless the answer is 2xx. */
export function expectOk(answer: HttpAnswer, what: string): HttpAnswer {
  if (answer.status < 200 || answer.status >= 300) {
    const detail = typeof answer.body === 'object' && answer.body ? (answer.body as { detail?: string }).detail : String(answer.body);
    throw new Error(`${what}: HTTP ${answer.status} ${detail ?? ''}`);
  }
  return answer;
}

// ---------------------------------------------------------------------------------------------
// Load: throughput and latency of `count` operations at a fixed concurrency
// ---------------------------------------------------------------------------------------------

export interface Load<T = unknown> {
  /** Operations per second over the whole run. */
  throughput: number;
  /** CPU milliseconds per operation, by process (see CpuMeter). */
  cpu?: Cpu;
  /** Operations per second counting until the untimed follow-up work had finished too (see intake). */
  settledThroughput?: number;
  p50: number;
  p95: number;
  latencies: number[];
  results: T[];
}

export async function measureLoad<T>(count: number, concurrency: number, op: (i: number) => Promise<T>): Promise<Load<T>> {
  const latencies = new Array<number>(count);
  const started = now();
  const results = await pool(count, concurrency, async (i) => {
    const t0 = now();
    const result = await op(i);
    latencies[i] = now() - t0;
    return result;
  });
  const seconds = (now() - started) / 1000;
  return { throughput: count / seconds, p50: percentile(latencies, 50), p95: percentile(latencies, 95), latencies, results };
}

export function loadText(load: Pick<Load, 'throughput' | 'p50' | 'cpu'>): string {
  return `${fmt(load.throughput)}/s p50 ${fmt(load.p50)} ms${load.cpu ? ` cpu/op ${cpuText(load.cpu)}` : ''}`;
}

export function loadAverage(): number {
  return Math.round(os.loadavg()[0] * 100) / 100;
}

// ---------------------------------------------------------------------------------------------
// A benchmark as the runner sees it
// ---------------------------------------------------------------------------------------------

export interface Measurement {
  sides: Figure[];
  figure: number;
  perRound: number[];
  details: string[];
}

export interface Bench {
  name: string;
  measures: string;
  goal: Goal;
  run(flags: Flags): Promise<Measurement>;
}

// ---------------------------------------------------------------------------------------------
// CPU accounting: where the work goes when the machine is too busy for wall-clock times to say
// ---------------------------------------------------------------------------------------------

/** CPU milliseconds of the Temporal server, the worker process(es) and this process (API + driver). */
export interface Cpu {
  server: number;
  worker: number;
  driver: number;
}

const CLOCK_TICKS_PER_SECOND = 100;

/** User + system CPU time of a process from /proc/<pid>/stat (Linux); NaN where it cannot be read. */
export function processCpuMs(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

function findProcessByArgument(argument: string): number | undefined {
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').includes(argument)) return Number(entry);
    } catch {
      // the process went away
    }
  }
  return undefined;
}

export class CpuMeter {
  constructor(
    private readonly serverPid: number | undefined,
    private readonly workerPids: () => number[],
  ) {}

  read(): Cpu {
    const own = process.cpuUsage();
    return {
      server: processCpuMs(this.serverPid),
      worker: sum(this.workerPids().map(processCpuMs)),
      driver: (own.user + own.system) / 1000,
    };
  }

  /** Runs `fn` and sets `cpu` on its load: CPU per operation over the whole of `fn` (settling included). */
  async around<T>(ops: number, fn: () => Promise<Load<T>>): Promise<Load<T>> {
    const before = this.read();
    const load = await fn();
    const after = this.read();
    load.cpu = {
      server: (after.server - before.server) / ops,
      worker: (after.worker - before.worker) / ops,
      driver: (after.driver - before.driver) / ops,
    };
    return load;
  }
}

export function cpuText(cpu: Cpu): string {
  return `server ${fmt(cpu.server, 1)} + worker ${fmt(cpu.worker, 1)} + api/driver ${fmt(cpu.driver, 1)} ms`;
}

/** Median CPU per operation of a side over its rounds. */
export function medianCpu(loads: Load[]): Cpu | undefined {
  const cpus = loads.map((l) => l.cpu).filter((c): c is Cpu => c !== undefined);
  if (cpus.length === 0) return undefined;
  return { server: median(cpus.map((c) => c.server)), worker: median(cpus.map((c) => c.worker)), driver: median(cpus.map((c) => c.driver)) };
}
