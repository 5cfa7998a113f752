/**
 * `npm run import -- people.csv [--api http://127.0.0.1:3000] [--token <jwt>] [--chunk 1000]`
 *
 * Registers every row of a CSV file (or a JSON array, `.json`) through POST /api/v1/cases/bulk, in
 * chunks so a progress bar can move, and prints what went wrong per row with the row numbers of the
 * whole file. Repeating an import is safe: rows already registered answer `existing`.
 *
 * The token comes from --token or HANDOVER_TOKEN (an officer of the custodial country; `npm run token`).
 * Exit codes: 0 every row created or existing; 1 some rows invalid, conflicting or failed; 2 usage;
 * 3 the API refused the request.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseCsv } from '../api/bulk/csv';
import { MAX_BULK_ROWS } from '../contracts/bulk-rows';
import type { BulkIntakeResult, BulkRowResult } from '../contracts/bulk';

const USAGE = 'usage: npm run import -- <file.csv|file.json> [--api <url>] [--token <jwt>] [--chunk <rows>]';

function fail(code: number, message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The file as chunks of at most `size` rows, each a body of its own (CSV chunks repeat the header). */
export function chunksOf(file: string, text: string, size: number): { body: string; contentType: string; rows: number }[] {
  if (file.endsWith('.json')) {
    const rows = JSON.parse(text) as unknown;
    if (!Array.isArray(rows)) throw new Error('a .json file holds an array of registrations');
    const out = [];
    for (let i = 0; i < rows.length; i += size) {
      const part = rows.slice(i, i + size);
      out.push({ body: JSON.stringify(part), contentType: 'application/json', rows: part.length });
    }
    return out;
  }
  const [header, ...records] = parseCsv(text);
  if (!header) throw new Error('the CSV has no header line');
  const line = (cells: string[]) => cells.map(csvField).join(',');
  const out = [];
  for (let i = 0; i < records.length; i += size) {
    const part = records.slice(i, i + size);
    out.push({ body: [line(header), ...part.map(line)].join('\r\n') + '\r\n', contentType: 'text/csv', rows: part.length });
  }
  return out;
}

class Progress {
  private readonly tty = process.stderr.isTTY === true;
  constructor(private readonly total: number) {}

  show(done: number, totals: Record<string, number>): void {
    const width = 30;
    const filled = this.total === 0 ? width : Math.round((done / this.total) * width);
    const counts = Object.entries(totals)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
    const text = `[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${this.total} rows${counts ? `  ${counts}` : ''}`;
    process.stderr.write(this.tty ? `\r${text}` : `${text}\n`);
  }

  end(): void {
    if (this.tty) process.stderr.write('\n');
  }
}

function describeRow(r: BulkRowResult): string {
  const what = r.errors?.map((e) => `${e.field}: ${e.message}`).join('; ') ?? r.detail ?? '';
  const dup = r.duplicateOfRow !== undefined ? ` (same as row ${r.duplicateOfRow})` : '';
  return `row ${r.row}: ${r.status}${r.caseId ? ` ${r.caseId}` : ''}${dup}${what ? ` — ${what}` : ''}`;
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: { api: { type: 'string' }, token: { type: 'string' }, chunk: { type: 'string', default: '1000' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (err) {
    fail(2, `${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) return void process.stdout.write(`${USAGE}\n`);
  const file = positionals[0];
  if (!file || positionals.length > 1) fail(2, USAGE);
  const token = values.token ?? process.env.HANDOVER_TOKEN;
  if (!token) fail(2, `no token: pass --token or set HANDOVER_TOKEN (npm run token -- --role officer --country <XX> --sub <id>)\n${USAGE}`);
  const chunk = Number(values.chunk);
  if (!Number.isInteger(chunk) || chunk < 1 || chunk > MAX_BULK_ROWS) fail(2, `--chunk must be a whole number from 1 to ${MAX_BULK_ROWS}`);
  const port = process.env.HANDOVER_API_PORT ?? '3000';
  const api = (values.api ?? process.env.HANDOVER_API_URL ?? `http://127.0.0.1:${port}`).replace(/\/+$/, '');

  let chunks;
  try {
    chunks = chunksOf(file, fs.readFileSync(path.resolve(file), 'utf8'), chunk);
  } catch (err) {
    fail(2, `${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const total = chunks.reduce((n, c) => n + c.rows, 0);
  const totals = { created: 0, existing: 0, invalid: 0, conflict: 0, failed: 0 };
  const problems: string[] = [];
  const progress = new Progress(total);
  progress.show(0, totals);
  let offset = 0;
  for (const c of chunks) {
    const res = await fetch(`${api}/api/v1/cases/bulk`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': c.contentType, accept: 'application/json' },
      body: c.body,
    }).catch((err: unknown) => fail(3, `\n${api}: ${err instanceof Error ? err.message : String(err)}`));
    const text = await res.text();
    if (!res.ok) {
      progress.end();
      let detail = text;
      try {
        detail = (JSON.parse(text) as { detail?: string }).detail ?? text;
      } catch {
        // not JSON: keep the text
      }
      fail(3, `the API answered ${res.status} for rows ${offset + 1}-${offset + c.rows}: ${detail}`);
    }
    const result = JSON.parse(text) as BulkIntakeResult;
    for (const r of result.results) {
      const row = { ...r, row: r.row + offset, ...(r.duplicateOfRow !== undefined ? { duplicateOfRow: r.duplicateOfRow + offset } : {}) };
      totals[row.status === 'conflict' ? 'conflict' : row.status] += 1;
      if (row.status !== 'created' && !(row.status === 'existing' && row.duplicateOfRow === undefined)) problems.push(describeRow(row));
    }
    offset += c.rows;
    progress.show(offset, totals);
  }
  progress.end();
  for (const line of problems) process.stdout.write(`${line}\n`);
  process.stdout.write(
    `${total} rows: ${totals.created} created, ${totals.existing} existing, ${totals.invalid} invalid, ${totals.conflict} conflicts, ${totals.failed} failed\n`,
  );
  if (totals.invalid + totals.conflict + totals.failed > 0) process.exitCode = 1;
}

if (require.main === module) {
  main().catch((err: unknown) => fail(3, `import failed: ${err instanceof Error ? err.message : String(err)}`));
}
