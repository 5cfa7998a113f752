import { useQuery } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import type { Me } from '../../../contracts/session';
import { apiFetch } from '../http/client';
import { session, type SessionState } from './session';

export function useSessionState(): SessionState {
  return useSyncExternalStore(session.subscribe, session.snapshot);
}

/** The signed-in person as the API sees them (id, display name, role, country). */
export function useMe() {
  const { token } = useSessionState();
  return useQuery({
    queryKey: ['me', token],
    queryFn: () => apiFetch<Me>('/me'),
    enabled: token !== null,
    staleTime: Infinity,
    retry: false,
  });
}
