/**
 * This tab's import: one store for the whole tab, so the run goes on while the person is on another page.
 * Closing or reloading the tab would lose the rows not yet sent, so the browser asks first while it runs.
 * It belongs to the person signed in when it began: signing out, or someone else signing in, stops it and
 * forgets the file, so no row of theirs is ever sent on another person's session or shown to them.
 */
import { useSyncExternalStore } from 'react';
import { isApiProblem, NetworkProblem } from '../../http/problem';
import { postBulkChunk } from '../../queries/intake';
import { session } from '../../session/session';
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

/** The person this tab's import belongs to. */
let owner = session.subject();

export const currentImport = new ImportStore({
  send: (rows, signal) =>
    session.subject() === owner ? postBulkChunk(rows, signal) : Promise.reject(new Error('the person who started the import is no longer signed in')),
  retryable,
  delayMs,
  describeFailure,
  onChunkDone: () => afterChunk?.(),
});

session.subscribe(() => {
  const subject = session.subject();
  // An expired session keeps its person, and the same person signing in again goes on with the import.
  if (subject === owner) return;
  owner = subject;
  currentImport.discard();
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
