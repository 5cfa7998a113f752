/**
 * The Temporal server and its sql tool, built once with `go install` into the cache (like the CLI in
 * temporal/cli.ts). The build runs at the lowest priority on one core: the machine is shared.
 */
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ClusterError } from './errors';
import { serverBinDir, TEMPORAL_SERVER_VERSION } from './layout';

export interface ServerBinaries {
  server: string;
  sql: string;
}

const PACKAGES = ['server', 'tools/sql'].map((p) => `go.temporal.io/server/cmd/${p}@${TEMPORAL_SERVER_VERSION}`);

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

export function findServerBinaries(env: NodeJS.ProcessEnv = process.env): ServerBinaries | undefined {
  const dir = serverBinDir(env);
  const bins = { server: path.join(dir, 'server'), sql: path.join(dir, 'sql') };
  return isExecutable(bins.server) && isExecutable(bins.sql) ? bins : undefined;
}

function goAvailable(): Promise<boolean> {
  return new Promise((resolve) => execFile('go', ['version'], { timeout: 10_000 }, (err) => resolve(!err)));
}

export async function ensureServerBinaries(say: (line: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<ServerBinaries> {
  const found = findServerBinaries(env);
  if (found) return found;
  if (!(await goAvailable())) {
    throw new ClusterError(`Go is not installed: it is needed once to build the Temporal server ${TEMPORAL_SERVER_VERSION} (https://go.dev/dl)`);
  }
  const dir = serverBinDir(env);
  fs.mkdirSync(dir, { recursive: true });
  // A temporary GOBIN renamed when done: an interrupted build never leaves a binary a later run trusts.
  const tmpBin = fs.mkdtempSync(path.join(dir, '.build-'));
  say(`Building the Temporal server ${TEMPORAL_SERVER_VERSION} and its sql tool with Go into ${dir} (first time only; about 12 minutes on 2 cores)...`);
  const started = Date.now();
  try {
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn('nice', ['-n', '19', 'go', 'install', ...PACKAGES], {
        env: { ...env, GOBIN: tmpBin, GOFLAGS: `${env.GOFLAGS ?? ''} -p=1 -trimpath`.trim() },
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      child.on('error', () => resolve(-1));
      child.on('exit', (c) => resolve(c));
    });
    if (code !== 0) throw new ClusterError(`go install of the Temporal server ${TEMPORAL_SERVER_VERSION} failed (exit ${code})`);
    for (const name of ['sql', 'server']) fs.renameSync(path.join(tmpBin, name), path.join(dir, name));
  } finally {
    fs.rmSync(tmpBin, { recursive: true, force: true });
  }
  say(`Temporal server built in ${Math.round((Date.now() - started) / 1000)} s`);
  return findServerBinaries(env)!;
}
