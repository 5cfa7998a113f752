import { useQuery } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import type { Me } from '../../../contracts/session';
import { apiFetch } from '../http/client';
import { session, type SessionState } from './session';

export function useSessionState(): SessionState {
  return useSyncExternalStore(session.subscribe, session.snapshot);
}

/** The identity query is per token: a different person signing in never sees the previous answer. */
export function meQueryKey(token: string | null): readonly unknown[] {
  return ['me', token];
}

/** The signed-in person as the API sees them (id, display name, role, country). */
export function useMe() {
  const { token } = useSessionState();
  return useQuery({
    queryKey: meQueryKey(token),
    queryFn: () => apiFetch<Me>('/me'),
    enabled: token !== null,
    staleTime: Infinity,
    retry: false,
  });
}
