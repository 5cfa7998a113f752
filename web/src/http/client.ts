/**
 * The one way the workbench talks to the API: JSON over fetch on the session cookie, with the session's
 * CSRF token on every POST.
 * Any non-2xx answer becomes an ApiProblem (problem+json); a 401 also tells the session it has ended,
 * so the page (and what the person typed) stays while they sign in again.
 */
import { ApiProblem, NetworkProblem } from './problem';
import { CSRF_HEADER } from '../../../contracts/session';
import { session } from '../session/session';

export const API_PREFIX = '/api/v1';

export type QueryValue = string | number | boolean | undefined | null;

export function withQuery(path: string, query: Record<string, QueryValue> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export interface RequestOptions {
  method?: 'GET' | 'POST';
  body?: unknown;
  /** Raw text body (CSV) instead of JSON. */
  text?: { body: string; contentType: string };
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export async function apiFetch<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json', ...options.headers };
  const method = options.method ?? (options.body === undefined && options.text === undefined ? 'GET' : 'POST');
  const csrf = session.csrfToken();
  if (method !== 'GET' && csrf) headers[CSRF_HEADER] = csrf;
  let body: string | undefined;
  if (options.text) {
    headers['content-type'] = options.text.contentType;
    body = options.text.body;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let res: Response;
  try {
    res = await fetch(`${API_PREFIX}${path}`, { method, headers, body, signal: options.signal, credentials: 'same-origin' });
  } catch (err) {
    if ((err as { name?: string }).name === 'AbortError') throw err;
    throw new NetworkProblem(err);
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const data: unknown = text === '' ? undefined : safeJson(text);
  if (!res.ok) {
    const retryAfter = Number(res.headers.get('retry-after') ?? '') || undefined;
    const problem =
      data && typeof data === 'object' && 'status' in data && 'title' in data
        ? (data as ApiProblem['problem'])
        : { type: '/problems/internal', title: res.statusText || 'Error', status: res.status };
    if (res.status === 401) session.expire();
    throw new ApiProblem(problem, retryAfter);
  }
  return data as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A fresh id for one submission: a double click or a retry of the same submission reuses it. */
export function newRequestId(): string {
  return `web-${crypto.randomUUID()}`;
}
