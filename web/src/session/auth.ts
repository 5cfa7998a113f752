/**
 * The sign-in endpoints (/auth/*), outside the /api/v1 prefix: who is signed in, the development
 * identities, and sign-out. Every answer updates the tab's session store.
 */
import type { QueryClient } from '@tanstack/react-query';
import { CSRF_HEADER, type AuthSession, type LogoutAnswer } from '../../../contracts/session';
import { ApiProblem, NetworkProblem } from '../http/problem';
import { session } from './session';

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { ...init, headers: { accept: 'application/json, application/problem+json', ...init.headers }, credentials: 'same-origin' });
  } catch (err) {
    throw new NetworkProblem(err);
  }
  const data: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    const problem = data && typeof data === 'object' && 'status' in data ? (data as ApiProblem['problem']) : { type: '/problems/internal', title: res.statusText, status: res.status };
    throw new ApiProblem(problem, Number(res.headers.get('retry-after') ?? '') || undefined);
  }
  return data as T;
}

export const AUTH_SESSION_KEY = ['auth-session'] as const;

/** GET /auth/session as it is, leaving the tab's store alone (the caller compares before it updates). */
export function readAuthSession(): Promise<AuthSession> {
  return call<AuthSession>('/auth/session', { cache: 'no-store' });
}

export async function fetchAuthSession(): Promise<AuthSession> {
  const auth = await readAuthSession();
  session.update(auth);
  return auth;
}

/** Development identities; the caller updates the store (a returning person and a new one differ). */
export function signInAsDemo(identity: string): Promise<AuthSession> {
  return call<AuthSession>('/auth/demo', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ identity }) });
}

export async function signOut(): Promise<LogoutAnswer> {
  const csrf = session.csrfToken();
  const answer = await call<LogoutAnswer>('/auth/logout', { method: 'POST', headers: csrf ? { [CSRF_HEADER]: csrf } : {} });
  session.signOut();
  return answer;
}

/** The provider's sign-in page, coming back to `returnTo` (a path of the workbench). */
export function providerSignInUrl(returnTo: string): string {
  return `/auth/login?returnTo=${encodeURIComponent(returnTo)}`;
}

/**
 * A new person on this tab: everything the previous one was shown leaves the cache, and the session
 * answer goes in (the shell's observer of it stays subscribed, so the page renders as the new person).
 */
export function startAfresh(queryClient: QueryClient, auth: AuthSession): void {
  queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== AUTH_SESSION_KEY[0] });
  session.signOut();
  session.update(auth);
  queryClient.setQueryData(AUTH_SESSION_KEY, auth);
}
