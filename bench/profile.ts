/**
 * A sampling CPU profile of this process (the API and the benchmark's driver) through node:inspector,
 * summarised by where the code lives: a package (fastify, zod, jose, pino, the Temporal client, gRPC,
 * protobuf), Node itself (HTTP, streams), Handover's own folders, the garbage collector. It answers
 * "which part of the API costs what" without an external profiler.
 *
 * Used for one extra, unmeasured round, so the profiler's own overhead never enters a figure.
 */
import { Session, type Profiler, type Runtime } from 'node:inspector';
import path from 'node:path';
import { fmt } from './lib';

const ROOT = path.resolve(__dirname, '..');

/** Packages reported as one group. */
const GROUPS: [RegExp, string][] = [
  [/^(fastify|@fastify\/.*|find-my-way|avvio|light-my-request|fast-json-stringify|fast-querystring|fast-uri|ajv.*|secure-json-parse|fast-content-type-parse|process-warning|toad-cache|rfdc|abstract-logging|@lukeed\/.*|fastify-plugin|fastify-type-provider-zod)$/, 'fastify'],
  [/^(pino|pino-std-serializers|sonic-boom|fast-redact|@pinojs\/.*|thread-stream|quick-format-unescaped|atomic-sleep|on-exit-leak-free|safe-stable-stringify)$/, 'pino (logging)'],
  [/^@temporalio\/(client|common)$/, 'Temporal client (+ data converter)'],
  [/^@temporalio\/proto$/, 'protobuf (Temporal messages)'],
  [/^(protobufjs|@protobufjs\/.*|long)$/, 'protobuf (Temporal messages)'],
  [/^@grpc\/.*$/, 'gRPC'],
  [/^(zod|zod-to-json-schema)$/, 'zod'],
  [/^jose$/, 'jose (JWT)'],
];

function packageOf(url: string): string | undefined {
  const at = url.lastIndexOf('/node_modules/');
  if (at < 0) return undefined;
  const parts = url.slice(at + '/node_modules/'.length).split('/');
  return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1] ?? ''}` : parts[0];
}

function categoryOf(frame: Runtime.CallFrame): string {
  const { url, functionName } = frame;
  if (!url) {
    if (functionName === '(garbage collector)') return 'garbage collector';
    if (functionName === '(idle)') return '(idle)';
    if (functionName === '(program)') return 'V8 (program)';
    return `builtin ${functionName || '(anonymous)'}`;
  }
  const pkg = packageOf(url);
  if (pkg) return GROUPS.find(([re]) => re.test(pkg))?.[1] ?? pkg;
  if (url.startsWith('node:')) {
    // node:internal/streams/readable → node streams; node:_http_server → node http
    const name = url.slice('node:'.length).replace(/^internal\//, '').replace(/^_/, '').split(/[/_]/)[0] ?? url;
    return `node ${name}`;
  }
  const file = url.startsWith('file://') ? url.slice('file://'.length) : url;
  if (file.startsWith(ROOT)) return `handover ${path.relative(ROOT, file).split(path.sep)[0] ?? ''}/`;
  return 'other';
}

export class CpuProfile {
  private readonly session = new Session();

  private post<T>(method: string, params?: object): Promise<T> {
    return new Promise((resolve, reject) => {
      this.session.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result as T)));
    });
  }

  async start(): Promise<void> {
    this.session.connect();
    await this.post('Profiler.enable');
    await this.post('Profiler.setSamplingInterval', { interval: 200 });
    await this.post('Profiler.start');
  }

  /** Stops and returns "category share%" lines, largest first, shares of the non-idle samples. */
  async stop(top = 12): Promise<string[]> {
    const { profile } = await this.post<Profiler.StopReturnType>('Profiler.stop');
    this.session.disconnect();
    const byCategory = new Map<string, number>();
    for (const node of profile.nodes) {
      const category = categoryOf(node.callFrame);
      byCategory.set(category, (byCategory.get(category) ?? 0) + (node.hitCount ?? 0));
    }
    byCategory.delete('(idle)');
    const total = [...byCategory.values()].reduce((a, b) => a + b, 0) || 1;
    return [...byCategory.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([category, hits]) => `${category} ${fmt((100 * hits) / total, 0)}%`);
  }
}

/** Runs `fn` under the profiler and returns the summary. */
export async function profiled(fn: () => Promise<unknown>): Promise<string[]> {
  const profile = new CpuProfile();
  await profile.start();
  try {
    await fn();
  } catch (err) {
    await profile.stop();
    throw err;
  }
  return profile.stop();
}
