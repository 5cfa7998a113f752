/**
 * `npm run bench` runs every benchmark; `npm run bench -- approve lifecycle --rounds 7` runs the named ones
 * with flags. Each benchmark starts its own dev server and workers, interleaves its sides and returns
 * one figure; the runner prints them as one Markdown table with the machine they ran on.
 *
 * `--list` prints the names; `--json <file>` also writes the results as JSON.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { intakeBench } from './api-intake';
import { approveBench } from './approve';
import { cacheBench } from './cache';
import { clusterBench } from './cluster';
import { codecBench } from './codec';
import { crashBench } from './crash';
import { historyBench } from './history';
import { lifecycleBench } from './lifecycle';
import { manifestBench } from './manifest';
import { overdueBench } from './overdue';
import { webActionBench, webBundleBench, webListBench } from './web';
import {
  Flags,
  fmt,
  loadAverage,
  machineInfo,
  machineLine,
  meets,
  parseArgs,
  resultTable,
  say,
  type Bench,
  type BenchResult,
} from './lib';

/**
 * In the order `npm run bench` runs them: quick ones first, the 10,000-case ones, then the production shape
 * (a PostgreSQL-backed cluster, built with Go the first time).
 */
const BENCHES: Bench[] = [webBundleBench, historyBench, intakeBench, approveBench, lifecycleBench, codecBench, webActionBench, cacheBench, crashBench, manifestBench, overdueBench, webListBench, clusterBench];

/** The bulk-intake benchmark, a script of its own; run as a child process when present. */
const BULK_INTAKE = { name: 'bulk-intake', script: path.join(__dirname, 'intake.ts') };

function runBulkIntake(args: string[]): boolean {
  say(`\n▶ bulk-intake (${path.relative(process.cwd(), BULK_INTAKE.script)}, its own output)`);
  const child = spawnSync(process.execPath, ['--import', 'tsx', BULK_INTAKE.script, ...args], { stdio: 'inherit' });
  return child.status === 0;
}

async function main(): Promise<void> {
  const { names, flags: flagValues } = parseArgs(process.argv.slice(2));
  const bulkAvailable = fs.existsSync(BULK_INTAKE.script);
  const known = [...BENCHES.map((b) => b.name), ...(bulkAvailable ? [BULK_INTAKE.name] : [])];
  if (flagValues.has('list')) {
    process.stdout.write(`${known.join('\n')}\n`);
    return;
  }
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0) {
    say(`Unknown benchmark: ${unknown.join(', ')}. Known: ${known.join(', ')}`);
    process.exit(2);
  }
  const selected = names.length === 0 ? BENCHES : BENCHES.filter((b) => names.includes(b.name));
  const runBulk = bulkAvailable && (names.length === 0 || names.includes(BULK_INTAKE.name));
  const jsonFile = flagValues.get('json');
  flagValues.delete('json');

  const machine = machineInfo();
  const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  say(`Machine: ${machineLine(machine)}; load average ${loadAverage()}`);
  const results: BenchResult[] = [];
  const failed: string[] = [];
  const readFlags = new Set<string>();
  const started = Date.now();

  for (const bench of selected) {
    say(`\n▶ ${bench.name}: ${bench.measures}`);
    const flags = new Flags(flagValues);
    const loadBefore = loadAverage();
    const t0 = Date.now();
    try {
      const m = await bench.run(flags);
      const result: BenchResult = {
        name: bench.name,
        measures: bench.measures,
        goal: bench.goal,
        pass: meets(bench.goal, m.figure),
        flags: flags.used(),
        seconds: Math.round((Date.now() - t0) / 1000),
        load: [loadBefore, loadAverage()],
        ...m,
      };
      results.push(result);
      for (const name of Object.keys(result.flags)) readFlags.add(name);
      say(`  ${bench.name}: ${fmt(result.figure)} (goal ${bench.goal.op} ${fmt(bench.goal.value)}) ${result.pass ? 'pass' : 'MISS'} in ${result.seconds} s`);
    } catch (err) {
      for (const name of Object.keys(flags.used())) readFlags.add(name);
      failed.push(bench.name);
      say(`  ${bench.name} FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
  }
  if (runBulk && !runBulkIntake(process.argv.slice(2).filter((a) => !known.includes(a)))) failed.push(BULK_INTAKE.name);

  const lines = [
    '',
    resultTable(results),
    '',
    `Machine: ${machineLine(machine)}`,
    `Command: ${command}   (${Math.round((Date.now() - started) / 1000)} s in all)`,
    '',
  ];
  for (const r of results) {
    lines.push(`${r.name} — ${r.measures}`);
    lines.push(`  flags: ${Object.entries(r.flags).map(([k, v]) => `--${k} ${v}`).join(' ')}; ${r.seconds} s; load average ${r.load[0]} → ${r.load[1]}`);
    lines.push(`  per round: ${r.perRound.map((v) => fmt(v)).join(', ')}`);
    for (const d of r.details) lines.push(`  ${d}`);
  }
  if (runBulk) lines.push(`bulk-intake: see its own output above (${path.relative(process.cwd(), BULK_INTAKE.script)})`);
  if (failed.length > 0) lines.push(`FAILED: ${failed.join(', ')}`);
  const unread = [...flagValues.keys()].filter((k) => !readFlags.has(k));
  if (unread.length > 0 && !runBulk) lines.push(`Flags no benchmark read (typo?): ${unread.map((k) => `--${k}`).join(' ')}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  if (jsonFile) fs.writeFileSync(jsonFile, `${JSON.stringify({ machine, command, results, failed }, null, 2)}\n`);
  process.exitCode = failed.length > 0 ? 1 : 0;
}

main().catch((err: unknown) => {
  say(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
