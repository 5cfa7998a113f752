/**
 * `npm run worker` with HANDOVER_WORKER_METRICS_PORT, as production runs it: the worker alone against
 * TEMPORAL_ADDRESS serves its own /metrics (its process, notifications, and the Temporal SDK's worker
 * metrics from the runtime's exporter on a loopback port), and closes the listener when it stops.
 */
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, waitFor } from './helpers/ports';
import { testAddress, testNamespace, uniqueTaskQueue } from './helpers/temporal';

const root = path.resolve(__dirname, '..');
const tsx = path.join(root, 'node_modules/tsx/dist/cli.mjs');

describe('npm run worker with HANDOVER_WORKER_METRICS_PORT', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'handover-worker-metrics-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it("serves the worker's /metrics with the SDK's metrics, and stops serving on SIGTERM", async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/metrics`;
    const child = spawn(process.execPath, [tsx, 'worker/main.ts'], {
      cwd: root,
      env: {
        ...process.env,
        HANDOVER_LOG_PRETTY: 'false',
        TEMPORAL_ADDRESS: testAddress(),
        TEMPORAL_NAMESPACE: testNamespace(),
        HANDOVER_TASK_QUEUE: uniqueTaskQueue('worker-metrics'),
        HANDOVER_DATA_DIR: dataDir,
        HANDOVER_KEYS: `test-k1:${randomBytes(32).toString('base64')}`,
        HANDOVER_WORKER_METRICS_PORT: String(port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      // The SDK reports its pollers once the worker polls its task queue.
      const text = await waitFor(
        async () => {
          const res = await fetch(url);
          const body = await res.text();
          return res.status === 200 && /^temporal_num_pollers\{/m.test(body) ? body : undefined;
        },
        { what: `worker /metrics with the SDK's pollers\n${output}`, timeoutMs: 90_000 },
      );
      expect(text).toMatch(/^handover_worker_sdk_metrics_up 1$/m);
      expect(text).toMatch(/^handover_notifications_sent_total\{kind="approval-requested"\} 0$/m);
      expect(text).toMatch(/^process_start_time_seconds \d+$/m);
      // Each family once: the process's registry and the SDK's exporter name nothing in common.
      const families = [...text.matchAll(/^# TYPE (\S+)/gm)].map((m) => m[1]);
      expect(families.length).toBe(new Set(families).size);
      expect(output).toContain('worker metrics listening');

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      await expect(fetch(url)).rejects.toThrow();
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
