/**
 * Builds the web workbench (web/ → web/dist) when its inputs changed: web/, contracts/, the domain
 * modules it imports and the lockfile. A cached step: `npm start` and `npm test` call it every time and
 * it costs a hash of a few hundred files when nothing changed.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const outDir = path.join(root, 'web', 'dist');
const marker = path.join(outDir, '.inputs-sha256');
const INPUTS = ['web', 'contracts', 'domain', 'package-lock.json'];
const SKIP = new Set(['dist', 'node_modules']);

function files(entry: string): string[] {
  const full = path.join(root, entry);
  const stat = fs.statSync(full);
  if (stat.isFile()) return [entry];
  return fs
    .readdirSync(full, { withFileTypes: true })
    .filter((d) => !SKIP.has(d.name))
    .flatMap((d) => files(path.join(entry, d.name)));
}

export function inputsHash(): string {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap(files).sort()) {
    hash.update(file).update('\0').update(fs.readFileSync(path.join(root, file))).update('\0');
  }
  return hash.digest('hex');
}

export function buildWeb(say: (line: string) => void, force = false): void {
  const hash = inputsHash();
  const built = fs.existsSync(path.join(outDir, 'index.html')) && fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === hash;
  if (built && !force) return;
  say('building the web workbench (web/ changed)...');
  const started = Date.now();
  const vite = path.join(root, 'node_modules', '.bin', 'vite');
  const result = spawnSync(vite, ['build', '--config', path.join(root, 'web', 'vite.config.mts'), '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`the web build failed (vite exit ${result.status ?? result.signal}); see above`);
  fs.writeFileSync(marker, hash);
  say(`web workbench built in ${Date.now() - started} ms`);
}

if (require.main === module) {
  try {
    buildWeb((line) => process.stderr.write(`[web] ${line}\n`), process.argv.includes('--force'));
  } catch (err) {
    process.stderr.write(`[web] ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}
