/**
 * One import at a time for this browser tab, kept outside the page: the file's rows as the preview
 * judged them, then the run that sends the valid rows in chunks and what the server answered per row.
 * The page subscribes with useSyncExternalStore, so leaving it and coming back shows the same import,
 * still running. Sending is idempotent on the server's side (the case id comes from the custodial country
 * and the external reference), so a chunk whose answer was lost is simply sent again.
 */
import type { BulkIntakeResult, BulkRowStatus } from '../../../../contracts/bulk';
import type { BulkTableProblemCode, CheckedRow } from '../../../../contracts/bulk-rows';
import type { FieldError } from '../../../../contracts/problem';
import type { RegistrationBody } from '../../../../contracts/registration';
import { csvText } from '../../format/csv';

export const CHUNK_ROWS = 200;
export const CHUNKS_IN_FLIGHT = 2;
/** Tries of one chunk before its rows are marked failed (the person can then retry them). */
export const CHUNK_ATTEMPTS = 4;

/** One data row of the file: its number (1-based, as the server numbers data rows), cells and verdict. */
export interface FileRow {
  row: number;
  cells: string[];
  checked: CheckedRow;
}

export interface ImportFile {
  name: string;
  kind: 'csv' | 'xlsx';
  header: string[];
  rows: FileRow[];
  valid: number;
  invalid: number;
}

/** Why a file was refused before anything started. */
export type FileRefusalCode = BulkTableProblemCode | 'file-type' | 'file-too-large' | 'unreadable';
export interface FileRefusal {
  code: FileRefusalCode;
  name: string;
  columns?: string[];
  /** 1-based positions of the header cells concerned, for cells whose text is not shown (unknown columns). */
  positions?: number[];
  rows?: number;
  line?: number;
  /** The parser's or rule's own words, shown when no translation fits. */
  message: string;
}

export type RowOutcomeStatus = BulkRowStatus | 'waiting' | 'sending';
export interface RowOutcome {
  status: RowOutcomeStatus;
  caseId?: string;
  duplicateOfRow?: number;
  errors?: FieldError[];
  detail?: string;
}

export interface ImportCounts {
  total: number;
  /** Rows the server has answered for (any status), plus rows refused before sending. */
  done: number;
  created: number;
  existing: number;
  invalid: number;
  conflict: number;
  failed: number;
  /** Rows of this run sent or to be sent, and how many of them the server has answered. */
  toSend: number;
  answered: number;
}

export type ImportPhase = 'empty' | 'reading' | 'refused' | 'preview' | 'running' | 'done';

export interface ImportState {
  phase: ImportPhase;
  refusal?: FileRefusal;
  file?: ImportFile;
  /** By file row number, for the rows that were sent (valid in the preview). */
  outcomes: ReadonlyMap<number, RowOutcome>;
  counts: ImportCounts;
  /** Chunks whose every try failed: their rows wait for "retry failed rows". */
  failedChunks: number;
  startedAt?: string;
  finishedAt?: string;
}

export type SendChunk = (rows: RegistrationBody[], signal: AbortSignal) => Promise<BulkIntakeResult>;

export interface ImportStoreOptions {
  send: SendChunk;
  chunkRows?: number;
  inFlight?: number;
  attempts?: number;
  /** Whether another try may help (an outage, a lost connection) or not (a refusal). */
  retryable?: (err: unknown) => boolean;
  /** Wait before try `attempt` (2, 3, …) of a chunk. */
  delayMs?: (attempt: number, err: unknown) => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** After each answered chunk (the page refreshes case lists). */
  onChunkDone?: () => void;
  /** The words a failed chunk's rows carry. */
  describeFailure?: (err: unknown) => string;
}

const EMPTY_COUNTS: ImportCounts = { total: 0, done: 0, created: 0, existing: 0, invalid: 0, conflict: 0, failed: 0, toSend: 0, answered: 0 };

export function emptyState(): ImportState {
  return { phase: 'empty', outcomes: new Map(), counts: EMPTY_COUNTS, failedChunks: 0 };
}

/** Consecutive slices of at most `size` items. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Totals of a file and the answers so far; rows refused in the preview count as invalid and done. */
export function countOutcomes(file: ImportFile | undefined, outcomes: ReadonlyMap<number, RowOutcome>): ImportCounts {
  if (!file) return EMPTY_COUNTS;
  const counts = { ...EMPTY_COUNTS, total: file.rows.length, invalid: file.invalid, done: file.invalid };
  for (const outcome of outcomes.values()) {
    counts.toSend += 1;
    if (outcome.status === 'waiting' || outcome.status === 'sending') continue;
    counts.answered += 1;
    counts.done += 1;
    counts[outcome.status === 'conflict' ? 'conflict' : outcome.status] += 1;
  }
  return counts;
}

/**
 * The server's answer for one chunk as outcomes by file row: its rows are numbered within the chunk, so
 * row n (and a duplicateOfRow n) is the chunk's n-th file row.
 */
export function outcomesOfChunk(fileRows: readonly number[], result: BulkIntakeResult): Map<number, RowOutcome> {
  const out = new Map<number, RowOutcome>();
  for (const r of result.results) {
    const row = fileRows[r.row - 1];
    if (row === undefined) continue;
    const outcome: RowOutcome = { status: r.status };
    if (r.caseId) outcome.caseId = r.caseId;
    if (r.duplicateOfRow !== undefined && fileRows[r.duplicateOfRow - 1] !== undefined) outcome.duplicateOfRow = fileRows[r.duplicateOfRow - 1];
    if (r.errors) outcome.errors = r.errors;
    if (r.detail) outcome.detail = r.detail;
    out.set(row, outcome);
  }
  // A row the answer left out is not known to be registered: it may be sent again.
  for (const row of fileRows) if (!out.has(row)) out.set(row, { status: 'failed' });
  return out;
}

const abortableSleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

export class ImportStore {
  private state: ImportState = emptyState();
  private readonly listeners = new Set<() => void>();
  private abort?: AbortController;
  private readonly options: Required<Omit<ImportStoreOptions, 'onChunkDone'>> & Pick<ImportStoreOptions, 'onChunkDone'>;

  constructor(options: ImportStoreOptions) {
    this.options = {
      chunkRows: CHUNK_ROWS,
      inFlight: CHUNKS_IN_FLIGHT,
      attempts: CHUNK_ATTEMPTS,
      retryable: () => true,
      delayMs: (attempt) => 1000 * 2 ** (attempt - 2),
      sleep: abortableSleep,
      describeFailure: (err) => (err instanceof Error ? err.message : String(err)),
      ...options,
    };
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): ImportState => this.state;

  private set(next: Partial<ImportState>): void {
    this.state = { ...this.state, ...next };
    for (const l of this.listeners) l();
  }

  private setOutcomes(changes: ReadonlyMap<number, RowOutcome>): void {
    const outcomes = new Map(this.state.outcomes);
    for (const [row, outcome] of changes) outcomes.set(row, outcome);
    this.set({ outcomes, counts: countOutcomes(this.state.file, outcomes) });
  }

  isRunning(): boolean {
    return this.state.phase === 'running';
  }

  /** A file is being read: what was there before is forgotten (never while an import runs). */
  reading(): boolean {
    if (this.isRunning()) return false;
    this.state = emptyState();
    this.set({ phase: 'reading' });
    return true;
  }

  refuse(refusal: FileRefusal): void {
    this.state = emptyState();
    this.set({ phase: 'refused', refusal });
  }

  preview(file: ImportFile): void {
    this.state = emptyState();
    this.set({ phase: 'preview', file, counts: countOutcomes(file, new Map()) });
  }

  /** Forgets the file and its results (not while it runs). */
  clear(): void {
    if (this.isRunning()) return;
    this.state = emptyState();
    this.set({});
  }

  /** Sends every valid row of the previewed file. Nothing is sent before this is called. */
  async start(): Promise<void> {
    const file = this.state.file;
    if (!file || this.state.phase !== 'preview') return;
    const rows = file.rows.filter((r) => r.checked.ok);
    this.set({ startedAt: new Date().toISOString() });
    await this.run(rows);
  }

  /** Sends again the rows that failed (a chunk that never got an answer, or rows the server could not start). */
  async retryFailed(): Promise<void> {
    const file = this.state.file;
    if (!file || this.state.phase !== 'done') return;
    const failed = new Set([...this.state.outcomes].filter(([, o]) => o.status === 'failed').map(([row]) => row));
    if (failed.size === 0) return;
    await this.run(file.rows.filter((r) => failed.has(r.row)));
  }

  /** Stops sending; rows not yet answered are marked failed and can be retried. */
  cancel(): void {
    this.abort?.abort();
  }

  /**
   * Stops the run at once and forgets the file and every answer, even while it runs (the person who
   * chose the file signed out): nothing more is sent, and a chunk answered later changes nothing.
   */
  discard(): void {
    this.abort?.abort();
    this.abort = undefined;
    this.state = emptyState();
    this.set({});
  }

  /** Whether `signal` is the run this store still shows (not one discarded since). */
  private live(signal: AbortSignal): boolean {
    return this.abort?.signal === signal;
  }

  private async run(rows: FileRow[]): Promise<void> {
    const abort = new AbortController();
    this.abort = abort;
    this.setOutcomes(new Map(rows.map((r) => [r.row, { status: 'waiting' }])));
    this.set({ phase: 'running', failedChunks: 0, finishedAt: undefined });
    const queue = chunk(rows, this.options.chunkRows);
    let failedChunks = 0;
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        if (!(await this.sendChunk(next, abort.signal))) failedChunks += 1;
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.inFlight, queue.length) }, worker));
    if (!this.live(abort.signal)) return;
    this.set({ phase: 'done', failedChunks, finishedAt: new Date().toISOString() });
  }

  /** One chunk, tried until it is answered or the tries run out; false when its rows are marked failed. */
  private async sendChunk(rows: FileRow[], signal: AbortSignal): Promise<boolean> {
    const fileRows = rows.map((r) => r.row);
    const bodies = rows.map((r) => (r.checked as Extract<CheckedRow, { ok: true }>).registration);
    if (!this.live(signal)) return false;
    this.setOutcomes(new Map(fileRows.map((row) => [row, { status: 'sending' }])));
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.options.attempts && !signal.aborted; attempt++) {
      if (attempt > 1) await this.options.sleep(this.options.delayMs(attempt, lastError), signal);
      if (signal.aborted) break;
      try {
        const result = await this.options.send(bodies, signal);
        if (!this.live(signal)) return false;
        this.setOutcomes(outcomesOfChunk(fileRows, result));
        this.options.onChunkDone?.();
        return true;
      } catch (err) {
        lastError = err;
        if (signal.aborted || !this.options.retryable(err)) break;
      }
    }
    if (!this.live(signal)) return false;
    const detail = lastError === undefined ? undefined : this.options.describeFailure(lastError);
    this.setOutcomes(new Map(fileRows.map((row) => [row, { status: 'failed', ...(detail ? { detail } : {}) }])));
    return false;
  }
}

/** The refused rows (invalid, conflicting, failed) as CSV: row, status and problems first, then the file's own columns. */
export function refusedRowsCsv(state: ImportState, describe: (error: FieldError) => string = (e) => `${e.field}: ${e.message}`): string {
  const file = state.file;
  if (!file) return '';
  const lines = [['row', 'status', 'problems', ...file.header]];
  for (const r of file.rows) {
    const outcome = state.outcomes.get(r.row);
    let status: string;
    let problems: string;
    if (!r.checked.ok) {
      status = 'invalid';
      problems = r.checked.errors.map(describe).join('; ');
    } else if (outcome && (outcome.status === 'invalid' || outcome.status === 'conflict' || outcome.status === 'failed')) {
      status = outcome.status;
      problems = [...(outcome.errors ?? []).map(describe), outcome.detail ?? ''].filter(Boolean).join('; ');
    } else continue;
    lines.push([String(r.row), status, problems, ...file.header.map((_, i) => r.cells[i] ?? '')]);
  }
  return csvText(lines);
}

/**
 * The rows that have a case (registered now or earlier), with its id: the officer's record of what the
 * file became, and a file the operation board reads case ids from. No personal data beyond the
 * file's own reference.
 */
export function registeredRowsCsv(state: ImportState): string {
  const file = state.file;
  if (!file) return '';
  const lines = [['row', 'status', 'caseId', 'externalReference']];
  for (const r of file.rows) {
    const outcome = state.outcomes.get(r.row);
    if (!r.checked.ok || !outcome?.caseId || (outcome.status !== 'created' && outcome.status !== 'existing')) continue;
    lines.push([String(r.row), outcome.status, outcome.caseId, r.checked.registration.externalReference]);
  }
  return csvText(lines);
}

/** How many rows have a case: what registeredRowsCsv holds. */
export function registeredRows(state: ImportState): number {
  return state.counts.created + state.counts.existing;
}
