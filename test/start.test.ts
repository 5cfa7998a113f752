/**
 * `npm start` as a newcomer runs it: dev server + worker + API in one process tree, readable URLs,
 * and Ctrl-C (SIGINT) leaves no temporal, worker or API process behind.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, waitFor } from './helpers/ports';

const root = path.resolve(__dirname, '..');

function processesMentioning(text: string): string[] {
  const out = spawnSync('pgrep', ['-af', text], { encoding: 'utf8' }).stdout ?? '';
  return out
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.includes('pgrep'));
}

describe('npm start', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'handover-start-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('serves /readyz 200 and the Temporal UI, then stops everything on SIGINT', async () => {
    const [apiPort, temporalPort, uiPort] = [await freePort(), await freePort(), await freePort()];
    const child = spawn(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/start.ts'], {
      cwd: root,
      env: {
        ...process.env,
        TEMPORAL_ADDRESS: '',
        TEMPORAL_CLI: process.env.HANDOVER_TEST_CLI || undefined,
        HANDOVER_DATA_DIR: dataDir,
        HANDOVER_API_PORT: String(apiPort),
        HANDOVER_TEMPORAL_PORT: String(temporalPort),
        HANDOVER_TEMPORAL_UI_PORT: String(uiPort),
        HANDOVER_LOG_PRETTY: 'false',
        HANDOVER_DEMO: 'false',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

    try {
      const ready = await waitFor(
        async () => {
          const res = await fetch(`http://127.0.0.1:${apiPort}/readyz`);
          return res.status === 200 ? res : undefined;
        },
        { timeoutMs: 150_000, what: '/readyz 200' },
      );
      expect(ready.status).toBe(200);
      await waitFor(async () => (output.includes('Handover is running') ? true : undefined), { what: 'the URL banner' });
      expect((await fetch(`http://127.0.0.1:${uiPort}/`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${apiPort}/openapi.json`)).status).toBe(200);
      // The URLs a newcomer needs are printed.
      expect(output).toContain(`http://127.0.0.1:${apiPort}`);
      expect(output).toContain(`http://127.0.0.1:${apiPort}/docs`);
      expect(output).toContain(`http://127.0.0.1:${uiPort}`);
      expect(processesMentioning(dataDir).length).toBeGreaterThan(0);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    // The dev server was started with the SQLite file in dataDir: nothing mentioning it may survive.
    expect(processesMentioning(dataDir)).toEqual([]);
    await expect(fetch(`http://127.0.0.1:${apiPort}/healthz`)).rejects.toThrow();
    expect(fs.existsSync(path.join(dataDir, 'temporal.sqlite'))).toBe(true);
  }, 240_000);
});
