/**
 * Server state of one case: its view, its timeline and the actions taken on it. Every action answers
 * the case as it is right after it, so the page shows that answer at once instead of asking again.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { z } from 'zod';
import type { CaseActionSegment } from '../../../domain/case';
import type { CaseViewSchema, TimelineResponseSchema } from '../../../contracts/case-view';
import { apiFetch } from '../http/client';

export type CaseView = z.output<typeof CaseViewSchema>;
export type CaseTimeline = z.output<typeof TimelineResponseSchema>;

/** Stage, countdowns and what the case waits on change without anyone on this page acting. */
export const CASE_REFRESH_MS = 30_000;

export const caseKeys = {
  all: ['case'] as const,
  view: (caseId: string) => ['case', caseId, 'view'] as const,
  timeline: (caseId: string) => ['case', caseId, 'timeline'] as const,
};

/** Lists that show this case in a row; an action may move it between them. */
const LIST_DOMAINS = ['cases', 'inbox', 'monitor', 'operations'] as const;

const casePath = (caseId: string) => `/cases/${encodeURIComponent(caseId)}`;

export function useCaseView(caseId: string) {
  return useQuery({
    queryKey: caseKeys.view(caseId),
    queryFn: ({ signal }) => apiFetch<CaseView>(casePath(caseId), { signal }),
    refetchInterval: CASE_REFRESH_MS,
    // A hidden tab does not need fresh countdowns; it catches up when shown again.
    refetchIntervalInBackground: false,
  });
}

/**
 * The timeline, read again whenever the view (refreshed on its own) counts more events than it shows:
 * a clock that fired or another country's action appears without a reload.
 */
export function useCaseTimeline(caseId: string, expectedLength: number | undefined) {
  const query = useQuery({
    queryKey: caseKeys.timeline(caseId),
    queryFn: ({ signal }) => apiFetch<CaseTimeline>(`${casePath(caseId)}/timeline`, { signal }),
    enabled: expectedLength !== undefined,
  });
  const shown = query.data?.events.length;
  const { refetch } = query;
  // Once per new count, so a timeline that answers fewer events than counted is not asked in a loop.
  const askedFor = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (expectedLength === undefined || shown === undefined || shown >= expectedLength || askedFor.current === expectedLength) return;
    askedFor.current = expectedLength;
    void refetch();
  }, [expectedLength, shown, refetch]);
  return query;
}

/** POST /cases/{caseId}/<segment> with a body of that action's contract schema. */
export function useCaseAction<Body>(caseId: string, segment: CaseActionSegment) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ['case', caseId, 'action', segment],
    mutationFn: (body: Body) => apiFetch<CaseView>(`${casePath(caseId)}/${segment}`, { method: 'POST', body }),
    onSuccess: (view) => {
      queryClient.setQueryData(caseKeys.view(caseId), view);
      void queryClient.invalidateQueries({ queryKey: caseKeys.timeline(caseId) });
      for (const domain of LIST_DOMAINS) void queryClient.invalidateQueries({ queryKey: [domain] });
    },
  });
}
