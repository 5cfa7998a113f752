/**
 * This tab's import: one store for the whole tab, so the run goes on while the person is on another page.
 * Closing or reloading the tab would lose the rows not yet sent, so the browser asks first while it runs.
 */
import { useSyncExternalStore } from 'react';
import { isApiProblem, NetworkProblem } from '../../http/problem';
import { postBulkChunk } from '../../queries/intake';
import { ImportStore, type ImportState } from './importStore';

/** An outage, a lost connection or a rate limit may pass; a refusal will not. */
export function retryable(err: unknown): boolean {
  if (err instanceof NetworkProblem) return true;
  return isApiProblem(err) && (err.status >= 500 || err.status === 429 || err.status === 408);
}

function delayMs(attempt: number, err: unknown): number {
  const asked = isApiProblem(err) ? err.retryAfterSeconds : undefined;
  return Math.min(30_000, asked !== undefined ? asked * 1000 : 1000 * 2 ** (attempt - 2));
}

function describeFailure(err: unknown): string {
  if (isApiProblem(err)) return `${err.status} ${err.problem.detail ?? err.problem.title}`;
  if (err instanceof NetworkProblem) return 'the server could not be reached';
  return err instanceof Error ? err.message : String(err);
}

let afterChunk: (() => void) | undefined;

export const currentImport = new ImportStore({
  send: (rows, signal) => postBulkChunk(rows, signal),
  retryable,
  delayMs,
  describeFailure,
  onChunkDone: () => afterChunk?.(),
});

/** What to refresh after each answered chunk (the page gives its query client). */
export function onImportChunkDone(fn: () => void): void {
  afterChunk = fn;
}

const warnBeforeLeaving = (e: BeforeUnloadEvent) => {
  e.preventDefault();
};
let warning = false;
currentImport.subscribe(() => {
  const running = currentImport.isRunning();
  if (running === warning || typeof window === 'undefined') return;
  warning = running;
  if (running) window.addEventListener('beforeunload', warnBeforeLeaving);
  else window.removeEventListener('beforeunload', warnBeforeLeaving);
});

export function useCurrentImport(): ImportState {
  return useSyncExternalStore(currentImport.subscribe, currentImport.getSnapshot);
}
