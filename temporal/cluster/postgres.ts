/**
 * Debian's PostgreSQL for the cluster: its own data directory in the cache, loopback only, a chosen port,
 * max_connections 300 (four Temporal services each hold pools). Trust authentication on 127.0.0.1 only:
 * this is a single-machine cluster; a production database takes the password from the compose file.
 */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ClusterError } from './errors';
import type { ClusterLayout } from './layout';

export const PG_USER = 'temporal';
const PG_BIN_DIRS = ['/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/17/bin'];

function findPgBin(name: string): string | undefined {
  for (const dir of [...(process.env.PATH ?? '').split(path.delimiter), ...PG_BIN_DIRS]) {
    if (!dir) continue;
    const file = path.join(dir, name);
    if (fs.existsSync(file)) return file;
  }
  return undefined;
}

export interface Postgres {
  port: number;
  stop(): Promise<void>;
}

function asPgUser(layout: ClusterLayout, cmd: string, args: string[]): [string, string[]] {
  return layout.pgUser.name ? ['runuser', ['-u', layout.pgUser.name, '--', cmd, ...args]] : [cmd, args];
}

function run(layout: ClusterLayout, cmd: string, args: string[], timeoutMs = 120_000): Promise<{ ok: boolean; out: string }> {
  const [c, a] = asPgUser(layout, cmd, args);
  return new Promise((resolve) => {
    execFile(c, a, { timeout: timeoutMs, encoding: 'utf8', cwd: '/' }, (err, stdout, stderr) => resolve({ ok: !err, out: `${stdout}${stderr}`.trim() }));
  });
}

/** Creates a directory the PostgreSQL user owns (all of the path below its home when run as root). */
function mkdirForPg(layout: ClusterLayout, dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  if (!layout.pgUser.name) return;
  const uid = Number(execFileSync('id', ['-u', layout.pgUser.name], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', layout.pgUser.name], { encoding: 'utf8' }).trim());
  for (let d = dir; d.startsWith(layout.pgUser.home) && d !== layout.pgUser.home; d = path.dirname(d)) fs.chownSync(d, uid, gid);
}

/**
 * Initialises the data directory once: into a temporary directory renamed when initdb is done, so an
 * interrupted first run leaves nothing a later run takes for a database.
 */
export async function ensurePgData(layout: ClusterLayout, say: (line: string) => void): Promise<boolean> {
  const initdb = findPgBin('initdb');
  if (!initdb || !findPgBin('pg_ctl')) {
    throw new ClusterError('PostgreSQL is not installed: initdb and pg_ctl must be on PATH or in /usr/lib/postgresql/15/bin (Debian: apt-get install postgresql-15)');
  }
  if (fs.existsSync(path.join(layout.pgData, 'PG_VERSION'))) return false;
  const tmp = `${layout.pgData}.init`;
  fs.rmSync(tmp, { recursive: true, force: true });
  mkdirForPg(layout, path.dirname(layout.pgData));
  say(`Initialising PostgreSQL in ${layout.pgData}`);
  const res = await run(layout, initdb, ['-D', tmp, '-U', PG_USER, '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-instructions']);
  if (!res.ok) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw new ClusterError(`initdb failed: ${res.out.split('\n').slice(-1)[0]}`);
  }
  fs.renameSync(tmp, layout.pgData);
  return true;
}

export async function startPostgres(layout: ClusterLayout, port: number): Promise<Postgres> {
  const pgCtl = findPgBin('pg_ctl')!;
  // A PostgreSQL of this data directory left running by a killed run is stopped first.
  if ((await run(layout, pgCtl, ['-D', layout.pgData, 'status'])).ok) await run(layout, pgCtl, ['-D', layout.pgData, '-m', 'fast', '-w', 'stop']);
  const options = [`-p ${port}`, '-c listen_addresses=127.0.0.1', '-c max_connections=300', `-c unix_socket_directories=${layout.pgData}`].join(' ');
  const logFile = path.join(layout.pgData, 'postgres.log');
  const res = await run(layout, pgCtl, ['-D', layout.pgData, '-l', logFile, '-w', '-t', '60', '-o', options, 'start']);
  if (!res.ok) throw new ClusterError(`PostgreSQL did not start on 127.0.0.1:${port}; see ${logFile}`);
  return {
    port,
    stop: async () => {
      await run(layout, pgCtl, ['-D', layout.pgData, '-m', 'fast', '-w', 'stop']);
    },
  };
}
