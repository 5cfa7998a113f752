/**
 * Handover's own processes for the cluster tier (`npm run test:cluster`): per group two workers
 * (worker/main.ts, what `npm run worker` runs) and two APIs (api/server.ts, `npm run api`), each run by
 * `node --import tsx` and configured only through the environment, as in production, against the tier's
 * Temporal cluster. The groups are described in a JSON file that the jest suites read through
 * HANDOVER_TEST_PROCESSES (test/helpers/spawned.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { loadConfig } from '../config/env';
import { formatKeys, generateKey } from '../security/key-spec';

/** One set of processes on one namespace, as the suites read it. */
export interface SpawnedGroup {
  name: 'shared' | 'isolated';
  namespace: string;
  taskQueue: string;
  /** HANDOVER_KEYS of the group's processes: the suite's client encrypts and decrypts alike. */
  keys: string;
  /** HANDOVER_JWT_SECRET of the group's APIs: the suites' tokens must be signed with it. */
  jwtSecret: string;
  apiUrls: string[];
  /** `<data>/outbox.jsonl` of each worker: the notifications they sent. */
  outboxFiles: string[];
  /** The settings a suite may ask of its API (testConfig's names), as the group's APIs were given them. */
  configEnv: Record<string, string>;
}

export interface SpawnedProcesses {
  /** Suites (paths from the repository root) that run against the processes. */
  suites: string[];
  shared?: SpawnedGroup;
  isolated?: SpawnedGroup;
}

export interface GroupSpec {
  name: SpawnedGroup['name'];
  namespace: string;
  configEnv: Record<string, string>;
}

export interface RunningProcesses {
  /** The file to hand to jest as HANDOVER_TEST_PROCESSES. */
  file: string;
  description: SpawnedProcesses;
  logDir: string;
  /** Processes that stopped before stop() was called, with how they ended (a process stopped by `halt` excepted). */
  exitedEarly(): string[];
  /** Names of the processes, e.g. `shared-worker-1`, `shared-api-2`. */
  names(): string[];
  /**
   * Stops one process with `signal` (SIGKILL: a crash; SIGTERM: a graceful stop, as a rolling deploy does)
   * and resolves once it has exited. Its exit does not count as an early one.
   */
  halt(name: string, signal: 'SIGKILL' | 'SIGTERM'): Promise<void>;
  /** Starts a halted process again with the same settings; resolves once it is ready. */
  resume(name: string): Promise<void>;
  stop(): Promise<void>;
}

const ROOT = path.resolve(__dirname, '..');
const PROCESSES_PER_KIND = 2;
const READY_TIMEOUT_MS = 180_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The caller's environment without any Handover or Temporal setting: each process gets exactly its own. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('HANDOVER_') && !name.startsWith('TEMPORAL_')));
}

interface Child {
  name: string;
  child: ChildProcess;
  log: string;
  exited?: string;
  /** Stopped on purpose by `halt`. */
  halted?: boolean;
  /** How to start it again, and how to tell it is ready. */
  entry: string;
  env: NodeJS.ProcessEnv;
  ready: () => Promise<boolean>;
}

function tail(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').trim().split('\n').slice(-5).join('\n');
  } catch {
    return '';
  }
}

async function waitReady(proc: Child, probe: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (proc.exited) throw new Error(`${proc.name} stopped during start-up (${proc.exited}):\n${tail(proc.log)}`);
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${proc.name} was not ready within ${READY_TIMEOUT_MS / 1000} s; see ${proc.log}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

export async function startHandoverProcesses(opts: {
  address: string;
  groups: GroupSpec[];
  suites: string[];
  jwtSecret: string;
  dir: string;
  say: (line: string) => void;
}): Promise<RunningProcesses> {
  const logDir = path.join(opts.dir, 'logs');
  fs.mkdirSync(logDir, { recursive: true });
  const children: Child[] = [];
  let stopping = false;

  const start = (name: string, entry: string, env: NodeJS.ProcessEnv, ready: () => Promise<boolean>): Child => {
    const log = path.join(logDir, `${name}.log`);
    const fd = fs.openSync(log, 'a');
    // tsx as a loader in the process itself, not its CLI (which runs the script in a child process of its
    // own): a SIGKILL then reaches the process that does the work, as when a production process crashes.
    const child = spawn(process.execPath, ['--import', 'tsx', entry], { cwd: ROOT, env, stdio: ['ignore', fd, fd] });
    fs.closeSync(fd);
    const proc: Child = { name, child, log, entry, env, ready };
    child.on('exit', (code, signal) => {
      proc.exited = signal ?? `exit ${code}`;
      if (!stopping && !proc.halted) opts.say(`${name} stopped (${proc.exited}); see ${log}`);
    });
    children.push(proc);
    return proc;
  };
  const current = (name: string): Child => {
    const proc = children.filter((c) => c.name === name).pop();
    if (!proc) throw new Error(`no Handover process named ${name}`);
    return proc;
  };
  const halt = async (name: string, signal: 'SIGKILL' | 'SIGTERM') => {
    const proc = current(name);
    if (proc.exited) return;
    proc.halted = true;
    const exited = new Promise<void>((r) => proc.child.once('exit', () => r()));
    proc.child.kill(signal);
    // A graceful stop that does not end within the drain time is ended as stop() ends it.
    const timer = setTimeout(() => proc.child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  };
  const resume = async (name: string) => {
    const old = current(name);
    if (stopping) throw new Error(`${name} is not started again: the processes are stopping`);
    if (!old.exited) throw new Error(`${name} is still running`);
    const proc = start(name, old.entry, old.env, old.ready);
    await waitReady(proc, proc.ready);
  };

  const stop = async () => {
    stopping = true;
    // APIs first (no new requests), then the workers drain.
    for (const kind of ['api', 'worker']) {
      await Promise.all(
        children
          .filter((c) => c.name.includes(`-${kind}-`) && !c.exited)
          .map(async (c) => {
            const exited = new Promise<void>((r) => c.child.once('exit', () => r()));
            c.child.kill('SIGTERM');
            const timer = setTimeout(() => c.child.kill('SIGKILL'), 20_000);
            await exited;
            clearTimeout(timer);
          }),
      );
    }
  };

  try {
    const description: SpawnedProcesses = { suites: opts.suites };
    const readiness: Promise<void>[] = [];
    for (const group of opts.groups) {
      const keys = formatKeys([{ ...generateKey(), id: `tier-${group.name}` }]);
      const common = {
        ...cleanEnv(),
        TEMPORAL_ADDRESS: opts.address,
        TEMPORAL_NAMESPACE: group.namespace,
        HANDOVER_KEYS: keys,
        HANDOVER_JWT_SECRET: opts.jwtSecret,
        HANDOVER_LOG_PRETTY: 'false',
        HANDOVER_LOG_LEVEL: 'info',
        ...group.configEnv,
      };
      const apiUrls: string[] = [];
      const outboxFiles: string[] = [];
      let taskQueue = '';
      for (let i = 1; i <= PROCESSES_PER_KIND; i++) {
        const metricsPort = await freePort();
        const env = { ...common, HANDOVER_DATA_DIR: path.join(opts.dir, `${group.name}-worker-${i}`), HANDOVER_WORKER_METRICS_PORT: String(metricsPort) };
        // The same schema the process parses: a bad value stops the tier here, naming the variable.
        const config = loadConfig(env);
        taskQueue = config.HANDOVER_TASK_QUEUE;
        outboxFiles.push(path.join(config.dataDir, 'outbox.jsonl'));
        // The SDK reports its pollers once the worker polls its task queue.
        const worker = start(`${group.name}-worker-${i}`, 'worker/main.ts', env, async () => {
          const res = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
          return res.status === 200 && /^temporal_num_pollers\{/m.test(await res.text());
        });
        readiness.push(waitReady(worker, worker.ready));
      }
      for (let i = 1; i <= PROCESSES_PER_KIND; i++) {
        const port = await freePort();
        const env = { ...common, HANDOVER_DATA_DIR: path.join(opts.dir, `${group.name}-api-${i}`), HANDOVER_API_HOST: '127.0.0.1', HANDOVER_API_PORT: String(port) };
        loadConfig(env);
        const url = `http://127.0.0.1:${port}`;
        apiUrls.push(url);
        const api = start(`${group.name}-api-${i}`, 'api/server.ts', env, async () => (await fetch(`${url}/readyz`)).status === 200);
        readiness.push(waitReady(api, api.ready));
      }
      description[group.name] = { name: group.name, namespace: group.namespace, taskQueue, keys, jwtSecret: opts.jwtSecret, apiUrls, outboxFiles, configEnv: group.configEnv };
    }
    await Promise.all(readiness);
    const file = path.join(opts.dir, 'processes.json');
    fs.writeFileSync(file, `${JSON.stringify(description, null, 2)}\n`, { mode: 0o600 });
    return {
      file,
      description,
      logDir,
      exitedEarly: () => children.filter((c) => c.exited && !c.halted).map((c) => `${c.name} (${c.exited}; see ${c.log})`),
      names: () => [...new Set(children.map((c) => c.name))],
      halt,
      resume,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
