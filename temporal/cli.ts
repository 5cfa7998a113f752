/**
 * Finds the Temporal CLI binary that runs the embedded dev server, in the order a newcomer expects:
 * TEMPORAL_CLI, then `temporal` on PATH, then a cached `go install` build shared by every clone and
 * CI run on this machine, then the SDK's own cached download.
 */
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const TEMPORAL_CLI_VERSION = 'v1.5.1';
const GO_PACKAGE = `github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`;

export type TemporalCli =
  | { source: 'TEMPORAL_CLI' | 'PATH' | 'go-cache'; path: string }
  | { source: 'sdk-download'; path?: undefined };

type Say = (line: string) => void;

/** Per-user cache outside the clone, so every clone and CI run on this machine reuses one build. */
export function cliCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.trim() !== '' ? env.XDG_CACHE_HOME : path.join(os.homedir(), '.cache');
  return path.join(base, 'handover', `temporal-cli-${TEMPORAL_CLI_VERSION}`);
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function run(cmd: string, args: string[]): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: 10_000 }, (err) => resolve(!err));
  });
}

/** Resolves the CLI without building anything. */
export function findTemporalCli(env: NodeJS.ProcessEnv = process.env): TemporalCli | undefined {
  const explicit = env.TEMPORAL_CLI?.trim();
  if (explicit) {
    if (!isExecutable(explicit)) throw new Error(`TEMPORAL_CLI=${explicit} is not an executable file`);
    return { source: 'TEMPORAL_CLI', path: explicit };
  }
  const fromPath = onPath('temporal', env);
  if (fromPath) return { source: 'PATH', path: fromPath };
  const cached = path.join(cliCacheDir(env), 'temporal');
  if (isExecutable(cached)) return { source: 'go-cache', path: cached };
  return undefined;
}

async function goInstall(targetDir: string, say: Say): Promise<boolean> {
  if (!(await run('go', ['version']))) return false;
  fs.mkdirSync(targetDir, { recursive: true });
  say(`Building the Temporal CLI ${TEMPORAL_CLI_VERSION} with Go into ${targetDir} (first time only; it takes a few minutes)...`);
  // Build into a temporary GOBIN and rename, so an interrupted build never leaves a half-written binary
  // that a later run would take for a good one.
  const tmpBin = fs.mkdtempSync(path.join(targetDir, '.build-'));
  const ok = await new Promise<boolean>((resolve) => {
    const child = spawn('go', ['install', GO_PACKAGE], {
      env: { ...process.env, GOBIN: tmpBin, GOFLAGS: `${process.env.GOFLAGS ?? ''} -trimpath`.trim() },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', () => resolve(false));
    child.on('exit', (code) => resolve(code === 0));
  });
  const built = path.join(tmpBin, 'temporal');
  if (ok && isExecutable(built)) fs.renameSync(built, path.join(targetDir, 'temporal'));
  fs.rmSync(tmpBin, { recursive: true, force: true });
  return ok;
}

/**
 * Finds the CLI, building it with Go once if needed. Falls back to the SDK's cached download
 * (which needs internet access) and says so.
 */
export async function ensureTemporalCli(say: Say = (l) => process.stderr.write(`${l}\n`), env = process.env): Promise<TemporalCli> {
  const found = findTemporalCli(env);
  if (found) {
    say(`Temporal CLI: ${found.path} (from ${found.source})`);
    return found;
  }
  if (await goInstall(cliCacheDir(env), say)) {
    const built = findTemporalCli(env);
    if (built) {
      say(`Temporal CLI: ${built.path} (built with go install)`);
      return built;
    }
  }
  say(
    'Temporal CLI: not found and could not be built; falling back to the SDK download. ' +
      'If that fails too, install Go (https://go.dev/dl) or the Temporal CLI, or set TEMPORAL_CLI.',
  );
  return { source: 'sdk-download' };
}
