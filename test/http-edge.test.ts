/**
 * The HTTP edge over a real socket: a body over a route's limit is answered 413 problem+json that the
 * client reads (not a connection reset while it is still writing), on every POST route of the document;
 * and every 429 and 503 carries Retry-After (rate limit, load shedding, Temporal down, shutting down).
 */
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { API_PREFIX, type HandoverApp } from '../api/app';
import { PROBLEM_CONTENT_TYPE } from '../contracts/problem';
import { Client, Connection } from '@temporalio/client';
import pino from 'pino';
import { buildApp } from '../api/app';
import { call, json, startAppWithoutTemporal, TEST_JWT_SECRET, testConfig, tokenFor } from './helpers/api';

interface Answer {
  status?: number;
  contentType?: string;
  body?: string;
  error?: string;
}

/**
 * The client runs in a process of its own, as a real one does: in the server's own event loop the answer
 * is always read before the reset arrives, and the reset this guards against never shows.
 */
const CLIENT = `
const http = require('node:http');
const { port, token, posts } = JSON.parse(process.argv[1]);
function post(path, bytes) {
  return new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', port, path, method: 'POST', agent: false,
      headers: { 'content-type': 'application/json', 'content-length': bytes, authorization: 'Bearer ' + token } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, contentType: res.headers['content-type'], body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (err) => resolve({ error: err.code || err.message }));
    });
    req.on('error', (err) => resolve({ error: err.code || err.message }));
    // A JSON string of the given size, streamed in 64 KiB chunks as a client sending a file would.
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let left = bytes - 2;
    req.write('"');
    const more = () => {
      while (left > 0) {
        const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
        left -= piece.length;
        if (!req.write(piece)) return void req.once('drain', more);
      }
      req.end('"');
    };
    more();
  });
}
(async () => {
  const out = [];
  for (const { path, bytes } of posts) out.push({ path, ...(await post(path, bytes)) });
  process.stdout.write(JSON.stringify(out));
})();
`;

/** POSTs each body from a child process with http.request; the answers, or each socket error. */
async function postFromAnotherProcess(port: number, token: string, posts: { path: string; bytes: number }[]): Promise<(Answer & { path: string })[]> {
  const child = spawn(process.execPath, ['-e', CLIENT, JSON.stringify({ port, token, posts })], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  await new Promise((resolve) => child.on('close', resolve));
  return JSON.parse(out) as (Answer & { path: string })[];
}

describe('a body over the limit', () => {
  let app: HandoverApp;
  let stop: () => Promise<void>;
  let port: number;
  const posts: string[] = [];

  beforeAll(async () => {
    ({ app, stop } = await startAppWithoutTemporal(
      { HANDOVER_RATE_LIMIT: '100000' },
      // The codec routes as in production: they have a body limit of their own.
      { codec: { codec: { encode: async (p) => p, decode: async (p) => p } } },
    ));
    await app.listen({ host: '127.0.0.1', port: 0 });
    port = (app.server.address() as AddressInfo).port;
    const doc = json(await call(app, 'GET', '/openapi.json'));
    for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
      if ('post' in methods) posts.push(path.replace(/\{caseId\}/g, 'case-KH-2026-ABCDEFGHIJ').replace(/\{operationId\}/g, 'op-KH-2026-EDGE'));
    }
  });

  afterAll(async () => {
    await stop?.();
  });

  it('answers 413 problem+json, read whole by the client, on every POST route, 20 times over', async () => {
    const token = await tokenFor('officer', 'KH');
    const configured = 1_048_576;
    const largest: Record<string, number> = { [`${API_PREFIX}/cases/bulk`]: 32 * 1024 * 1024, '/codec/encode': 4 * 1024 * 1024, '/codec/decode': 4 * 1024 * 1024 };
    expect(posts.length).toBeGreaterThanOrEqual(20);
    const sends: { path: string; bytes: number }[] = [];
    for (let round = 0; round < 20; round += 1) {
      for (const path of posts) {
        // 3 MB over the configured 1 MiB; a route that takes more gets 1 MB over its own limit, in fewer rounds.
        const own = largest[path];
        if (own !== undefined && round >= 3) continue;
        const bytes = own !== undefined ? own + 1_000_000 : 3_000_000;
        expect(bytes).toBeGreaterThan(own ?? configured);
        sends.push({ path, bytes });
      }
    }
    const answers = await postFromAnotherProcess(port, token, sends);
    expect(answers).toHaveLength(sends.length);
    const wrong: string[] = [];
    for (const answer of answers) {
      const problem = answer.body ? (JSON.parse(answer.body) as { type?: string; status?: number }) : undefined;
      if (answer.status !== 413 || !answer.contentType?.startsWith(PROBLEM_CONTENT_TYPE) || problem?.type !== '/problems/payload-too-large' || problem.status !== 413) {
        wrong.push(`${answer.path}: ${answer.error ?? `${answer.status} ${answer.contentType} ${answer.body?.slice(0, 80)}`}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(sends.length).toBeGreaterThan(posts.length * 10);
  });
});

describe('Retry-After', () => {
  it('comes with every 429 of the rate limit', async () => {
    const { app, stop } = await startAppWithoutTemporal({ HANDOVER_RATE_LIMIT: '2' });
    try {
      const token = await tokenFor('officer', 'KH');
      const answers = [];
      for (let i = 0; i < 4; i += 1) answers.push(await call(app, 'GET', `${API_PREFIX}/me`, { token }));
      const limited = answers.filter((r) => r.statusCode === 429);
      expect(limited.length).toBe(2);
      for (const res of limited) {
        expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
        expect(json(res).type).toBe('/problems/rate-limited');
        expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
        expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
      }
    } finally {
      await stop();
    }
  });

  it('comes with the 503 of an unreachable Temporal, on readiness and on a case route', async () => {
    const { app, stop } = await startAppWithoutTemporal();
    try {
      const token = await tokenFor('officer', 'KH');
      for (const res of [await call(app, 'GET', '/readyz'), await call(app, 'GET', `${API_PREFIX}/cases`, { token })]) {
        expect(res.statusCode).toBe(503);
        expect(json(res).type).toBe('/problems/temporal-unavailable');
        expect(res.headers['retry-after']).toBe('5');
      }
    } finally {
      await stop();
    }
  });

  it('comes with the 503 of load shedding', async () => {
    const { app, stop } = await startAppWithoutTemporal({}, { maxEventLoopDelayMs: 1 });
    try {
      const token = await tokenFor('officer', 'KH');
      let shed: Awaited<ReturnType<typeof call>> | undefined;
      for (let i = 0; i < 200 && !shed; i += 1) {
        // Block the loop for a moment so under-pressure measures a delay above 1 ms.
        const until = Date.now() + 30;
        while (Date.now() < until);
        await new Promise((r) => setTimeout(r, 5));
        const res = await call(app, 'GET', `${API_PREFIX}/me`, { token });
        if (res.statusCode === 503) shed = res;
      }
      if (!shed) throw new Error('no request was shed');
      expect(json(shed).type).toBe('/problems/overloaded');
      expect(shed.headers['retry-after']).toBe('5');
    } finally {
      await stop();
    }
  });

  it('comes with the 503 of a server that is shutting down', async () => {
    const connection = Connection.lazy({ address: '127.0.0.1:1' });
    const app = buildApp({ config: testConfig(), client: new Client({ connection, namespace: 'handover-test' }), logger: pino({ level: 'silent' }), auth: { secret: TEST_JWT_SECRET } });
    // Holds the drain after the app's own preClose hook has marked it closing, with the socket still open.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    app.addHook('preClose', () => held);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const port = (app.server.address() as AddressInfo).port;
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    const closing = app.close();
    try {
      await new Promise((resolve) => setImmediate(resolve));
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await res.json()).toMatchObject({ type: '/problems/temporal-unavailable', detail: expect.stringContaining('shutting down') });
      expect(res.headers.get('retry-after')).toBe('5');
    } finally {
      release();
      await closing;
      await connection.close();
    }
  });
});
