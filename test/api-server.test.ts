/**
 * `npm run api` as production runs it: the API alone against TEMPORAL_ADDRESS. On SIGTERM it stops
 * accepting connections, lets the request in flight finish, closes the Temporal connection and exits 0.
 */
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, waitFor } from './helpers/ports';
import { registrationBody, tokenFor, TEST_JWT_SECRET } from './helpers/api';
import { testAddress, testNamespace, uniqueTaskQueue } from './helpers/temporal';

const root = path.resolve(__dirname, '..');
const tsx = path.join(root, 'node_modules/tsx/dist/cli.mjs');

function startApi(env: Record<string, string>) {
  const child = spawn(process.execPath, [tsx, 'api/server.ts'], {
    cwd: root,
    env: { ...process.env, HANDOVER_LOG_PRETTY: 'false', HANDOVER_JWT_SECRET: TEST_JWT_SECRET, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

describe('npm run api', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'handover-api-server-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('refuses to start without TEMPORAL_ADDRESS, in one line', async () => {
    const api = startApi({ TEMPORAL_ADDRESS: '', HANDOVER_DATA_DIR: dataDir });
    expect(await api.exited).toBe(2);
    expect(api.output().trim().split('\n')).toEqual([expect.stringContaining('TEMPORAL_ADDRESS')]);
  });

  it('serves, then drains the request in flight and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    // No worker polls this queue, so reading a case waits for one: a request held in flight.
    const api = startApi({
      TEMPORAL_ADDRESS: testAddress(),
      TEMPORAL_NAMESPACE: testNamespace(),
      HANDOVER_TASK_QUEUE: uniqueTaskQueue('api-drain'),
      HANDOVER_API_PORT: String(port),
      HANDOVER_DATA_DIR: dataDir,
      // Against an existing cluster the keys come from configuration, never generated.
      HANDOVER_KEYS: `test-k1:${randomBytes(32).toString('base64')}`,
    });
    try {
      await waitFor(async () => ((await fetch(`${base}/readyz`)).status === 200 ? true : undefined), { what: '/readyz 200' });

      const authorization = `Bearer ${await tokenFor('officer', 'KH')}`;
      // Registration answers from the input, without a worker.
      const registered = await fetch(`${base}/api/v1/cases`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify(registrationBody()),
      });
      expect(registered.status).toBe(201);
      const { caseId } = (await registered.json()) as { caseId: string };
      const inFlight = fetch(`${base}/api/v1/cases/${caseId}`, { headers: { authorization } });
      await new Promise((r) => setTimeout(r, 1_000));
      api.child.kill('SIGTERM');
      await waitFor(async () => (api.output().includes('shutting down') ? true : undefined), { what: 'the shutdown line' });
      // The listener is closed: new connections are refused while the drain goes on.
      await expect(fetch(`${base}/healthz`)).rejects.toThrow();

      const answer = await inFlight;
      // Reading the case timed out without a worker: a clean 503, not a dropped connection.
      expect(answer.status).toBe(503);
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const code = await api.exited;
      if (code !== 0) process.stderr.write(api.output());
      expect(code).toBe(0);
    } finally {
      if (api.child.exitCode === null) api.child.kill('SIGKILL');
    }
  });
});
