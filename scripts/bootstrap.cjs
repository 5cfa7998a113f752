#!/usr/bin/env node
/*
 * Dependency-free bootstrap, run before `npm start` and `npm test`: installs the npm dependencies
 * when node_modules is missing or older than package-lock.json, so a fresh clone needs only Node,
 * npm and Go. It uses nothing but Node's own modules because it runs before anything is installed.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const say = (line) => process.stderr.write(`[bootstrap] ${line}\n`);

const [major] = process.versions.node.split('.').map(Number);
if (major < 20) {
  say(`Node.js ${process.versions.node} is too old: install Node.js 20 or newer.`);
  process.exit(1);
}

function mtime(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

const lock = path.join(root, 'package-lock.json');
// npm writes node_modules/.package-lock.json at the end of every successful install.
const installed = path.join(root, 'node_modules', '.package-lock.json');
const lockTime = mtime(lock);
const installedTime = mtime(installed);

let reason;
if (installedTime === undefined) reason = 'node_modules is missing';
else if (lockTime !== undefined && installedTime < lockTime) reason = 'package-lock.json is newer than node_modules';

if (reason) {
  const args = lockTime === undefined ? ['install'] : ['ci'];
  say(`${reason}: running npm ${args.join(' ')}...`);
  const result = spawnSync('npm', [...args, '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    say(`npm ${args.join(' ')} failed (exit ${result.status}); see above.`);
    process.exit(result.status ?? 1);
  }
}
