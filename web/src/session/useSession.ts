import { useQuery } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import type { AuthSession, Me } from '../../../contracts/session';
import { AUTH_SESSION_KEY, fetchAuthSession } from './auth';
import { session, type SessionState } from './session';

export function useSessionState(): SessionState {
  return useSyncExternalStore(session.subscribe, session.snapshot);
}

export const authSessionQuery = { queryKey: AUTH_SESSION_KEY, queryFn: fetchAuthSession, staleTime: Infinity, retry: 1 } as const;

/** Who is signed in on this browser (GET /auth/session), and how one may sign in. */
export function useAuthSession() {
  return useQuery(authSessionQuery);
}

/** The signed-in person as the API sees them (id, display name, role, country). */
export function useMe(): { data: Me | undefined } {
  const auth = useQuery({ ...authSessionQuery, select: (s: AuthSession) => s.me });
  return { data: auth.data };
}
