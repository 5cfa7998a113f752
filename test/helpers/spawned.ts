/**
 * The cluster tier's separate processes. `npm run test:cluster` (scripts/test-cluster.ts) starts two API
 * processes and two worker processes per group, the production entry points with the production
 * configuration, and names them in the file HANDOVER_TEST_PROCESSES points at. The suites it lists there
 * then get, from the usual helpers, an API that sends each request over HTTP to the group's APIs in turn
 * and a client whose cases run on the group's workers; every other suite, and every run without that
 * variable, keeps the in-process API and worker.
 */
import fs from 'node:fs';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { MemoryOutbox, type CaseNotification } from '../../activities';
import type { HandoverApp } from '../../api/app';
import { createDataConverter } from '../../security/data-converter';
import { parseKeys } from '../../security/key-spec';
import { installTemporalRuntime } from '../../worker/runtime';
import type { SpawnedGroup, SpawnedProcesses } from '../../scripts/test-cluster-processes';
import type { TestWorker } from './temporal';

export type { SpawnedGroup, SpawnedProcesses };

const ROOT = path.resolve(__dirname, '..', '..');

function readProcesses(): SpawnedProcesses | undefined {
  const file = process.env.HANDOVER_TEST_PROCESSES;
  if (!file) return undefined;
  return JSON.parse(fs.readFileSync(file, 'utf8')) as SpawnedProcesses;
}

/** The group this suite runs against, or undefined when it runs in-process (always, outside the tier). */
export function spawnedGroup(name: SpawnedGroup['name']): SpawnedGroup | undefined {
  const processes = readProcesses();
  if (!processes) return undefined;
  const testPath = expect.getState().testPath;
  if (!testPath) return undefined;
  const listed = processes.suites.some((suite) => path.resolve(ROOT, suite) === testPath);
  return listed ? processes[name] : undefined;
}

/**
 * A suite on the isolated group must be its only user, or its lists would hold another suite's cases;
 * the first claim wins for the whole jest run.
 */
export function claimIsolatedGroup(group: SpawnedGroup): void {
  const file = process.env.HANDOVER_TEST_PROCESSES!;
  const claim = `${file}.${group.name}.claimed`;
  const testPath = expect.getState().testPath ?? 'unknown suite';
  try {
    fs.writeFileSync(claim, testPath, { flag: 'wx' });
  } catch {
    throw new Error(`the tier's isolated processes already serve ${fs.readFileSync(claim, 'utf8')}; give ${testPath} its own group or run it in-process`);
  }
}

/**
 * The suite's settings must be the ones the group's processes were started with (they cannot change now),
 * and its tokens must be signed with their secret.
 */
export function checkConfigEnv(group: SpawnedGroup, wanted: Record<string, string>, jwtSecret: string): void {
  if (group.jwtSecret !== jwtSecret) throw new Error(`the tier's ${group.name} API processes check tokens with another secret than the suites sign them with`);
  const names = new Set([...Object.keys(wanted), ...Object.keys(group.configEnv)]);
  for (const name of names) {
    if (wanted[name] !== group.configEnv[name]) {
      throw new Error(`the tier's ${group.name} API processes run with ${name}=${group.configEnv[name] ?? '(unset)'}, the suite asks for ${wanted[name] ?? '(unset)'}`);
    }
  }
}

/** A connection to the cluster on the group's namespace, with the group's payload keys. */
export async function connectSpawnedEnv(group: SpawnedGroup, logger: Parameters<typeof installTemporalRuntime>[0]): Promise<TestWorkflowEnvironment> {
  installTemporalRuntime(logger);
  const address = process.env.HANDOVER_TEST_TEMPORAL_ADDRESS;
  if (!address) throw new Error('HANDOVER_TEST_TEMPORAL_ADDRESS is not set: run the tier through npm run test:cluster');
  return TestWorkflowEnvironment.createFromExistingServer({
    address,
    namespace: group.namespace,
    client: { dataConverter: createDataConverter(parseKeys(group.keys, 'the tier keys')) },
  });
}

/** The group's workers as a TestWorker: its task queue; stopping it is the tier's business. */
export function spawnedWorker(group: SpawnedGroup): TestWorker {
  const handle = { taskQueue: group.taskQueue, stop: async () => undefined } as TestWorker;
  Object.defineProperty(handle, 'worker', {
    get() {
      throw new Error(`the ${group.name} workers are separate processes in the cluster tier; this suite needs an in-process worker`);
    },
  });
  return handle;
}

/** Activity dependencies testNotifications() made over a SpawnedOutbox: the only ones a spawned suite may pass. */
export const spawnedOutboxDeps = new WeakSet<object>();

/** What the group's workers appended to their outboxes, read afresh on every look, one entry per event id. */
export class SpawnedOutbox extends MemoryOutbox {
  constructor(private readonly files: string[]) {
    super();
  }

  override async list(): Promise<CaseNotification[]> {
    return this.read();
  }

  override forCase(caseId: string): CaseNotification[] {
    return this.read().filter((n) => n.caseId === caseId);
  }

  private read(): CaseNotification[] {
    const byId = new Map<string, CaseNotification>();
    for (const file of this.files) {
      let text = '';
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
      // A line being appended right now has no newline yet: it is read on the next look.
      const complete = text.slice(0, text.lastIndexOf('\n') + 1);
      for (const line of complete.split('\n')) {
        if (line.trim() === '') continue;
        const n = JSON.parse(line) as CaseNotification;
        if (!byId.has(n.eventId)) byId.set(n.eventId, n);
      }
    }
    return [...byId.values()];
  }
}

/**
 * The group's API processes behind `inject`: each request goes over HTTP to the next one in turn, and the
 * answer comes back shaped like app.inject's, so `call()` and the suites do not change. Only inject, ready
 * and close exist; hooks and the rest of fastify live in the other processes.
 */
export class RemoteApi {
  private next = 0;
  /** Requests sent to each API, printed when the suite closes it. */
  readonly sent = new Map<string, number>();

  constructor(private readonly urls: string[]) {
    if (urls.length === 0) throw new Error('the tier started no API process');
  }

  asApp(): HandoverApp {
    return this as unknown as HandoverApp;
  }

  async inject(options: InjectOptions): Promise<LightMyRequestResponse> {
    const base = this.urls[this.next % this.urls.length];
    this.next += 1;
    this.sent.set(base, (this.sent.get(base) ?? 0) + 1);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    }
    let body: string | ArrayBuffer | undefined;
    const payload = options.payload ?? options.body;
    if (typeof payload === 'string') body = payload;
    else if (Buffer.isBuffer(payload)) body = payload.buffer.slice(payload.byteOffset, payload.byteOffset + payload.byteLength) as ArrayBuffer;
    else if (payload !== undefined) {
      // As light-my-request does: an object goes as JSON.
      body = JSON.stringify(payload);
      headers['content-type'] ??= 'application/json';
    }
    if (typeof options.url !== 'string') throw new Error('RemoteApi.inject takes the url as a string');
    const url = options.url;
    const res = await fetch(`${base}${url}`, { method: options.method ?? 'GET', headers, body, redirect: 'manual' });
    const raw = Buffer.from(await res.arrayBuffer());
    const text = raw.toString('utf8');
    const answerHeaders: Record<string, string | string[]> = {};
    res.headers.forEach((value, name) => {
      answerHeaders[name] = value;
    });
    const cookies = res.headers.getSetCookie();
    if (cookies.length > 0) answerHeaders['set-cookie'] = cookies;
    const answer = {
      statusCode: res.status,
      statusMessage: res.statusText,
      headers: answerHeaders,
      rawPayload: raw,
      payload: text,
      body: text,
      json: () => JSON.parse(text) as unknown,
      cookies: [],
      trailers: {},
    };
    return answer as unknown as LightMyRequestResponse;
  }

  async ready(): Promise<void> {}

  async close(): Promise<void> {
    const counts = this.urls.map((u) => `${u} ${this.sent.get(u) ?? 0}`).join(', ');
    process.stderr.write(`[cluster tier] requests per API process: ${counts}\n`);
  }
}
