/**
 * Server state of the monitoring pages: the inbox, the overdue list, the summary, and the two actions
 * taken from the inbox (claim / hand over / release, approve). Keys start with 'monitor'.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ApprovalBodySchema, AssignmentBodySchema } from '../../../contracts/actions';
import type { InboxResponse, OverdueResponse, SummaryResponse } from '../../../contracts/monitor';
import type { Me } from '../../../contracts/session';
import { apiFetch, withQuery } from '../http/client';
import { caseKeys, type CaseView } from './case';

export type AssignedView = 'me' | 'unassigned' | undefined;
export type AssignmentBody = z.output<typeof AssignmentBodySchema>;
export type ApprovalBody = z.output<typeof ApprovalBodySchema>;

export const monitorKeys = {
  all: ['monitor'] as const,
  inbox: (assigned: AssignedView) => ['monitor', 'inbox', assigned ?? 'all'] as const,
  overdue: (horizonDays: number | undefined) => ['monitor', 'overdue', horizonDays ?? 'default'] as const,
  summary: (periodDays: number) => ['monitor', 'summary', periodDays] as const,
};

export function useInbox(assigned: AssignedView) {
  return useQuery({
    queryKey: monitorKeys.inbox(assigned),
    queryFn: ({ signal }) => apiFetch<InboxResponse>(withQuery('/inbox', { assigned }), { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useOverdue(horizonDays: number | undefined) {
  return useQuery({
    queryKey: monitorKeys.overdue(horizonDays),
    queryFn: ({ signal }) => apiFetch<OverdueResponse>(withQuery('/monitor/overdue', { horizonDays }), { signal }),
    placeholderData: keepPreviousData,
  });
}

/** Outcomes closed in the last `periodDays` days, counted up to the moment of asking. */
export function useSummary(periodDays: number) {
  return useQuery({
    queryKey: monitorKeys.summary(periodDays),
    queryFn: ({ signal }) => {
      const closedSince = new Date(Date.now() - periodDays * 86_400_000).toISOString();
      return apiFetch<SummaryResponse>(withQuery('/monitor/summary', { closedSince }), { signal });
    },
    placeholderData: keepPreviousData,
  });
}

/** Whether the case, as the action answered it, still waits on this person's role in their country. */
export function waitsOn(view: Pick<CaseView, 'waitingOn'>, me: Pick<Me, 'role' | 'country'>): boolean {
  return view.waitingOn.some((w) => w.kind === 'person' && w.role === me.role && w.country === me.country);
}

/**
 * Puts an action's answer into every cached inbox at once: the row follows the case (stage, deadline,
 * assignee), leaves the views it no longer belongs to, and the lists are marked stale. They are not
 * refetched here: search attributes may lag the answer by a moment, and a refetch would show the old row.
 */
export function applyCaseToInboxes(queryClient: QueryClient, view: CaseView, me: Pick<Me, 'id' | 'role' | 'country'>): void {
  queryClient.setQueryData(caseKeys.view(view.caseId), view);
  const assignee = view.assignment?.assignee;
  const stillMine = waitsOn(view, me) && view.stage !== 'closed';
  for (const [key, data] of queryClient.getQueriesData<InboxResponse>({ queryKey: ['monitor', 'inbox'] })) {
    if (!data) continue;
    const filter = key[2];
    const belongs = stillMine && (filter === 'all' || (filter === 'me' ? assignee === me.id : assignee === undefined));
    const items = data.items.flatMap((item) => {
      if (item.caseId !== view.caseId) return [item];
      if (!belongs) return [];
      const { assignee: _old, ...rest } = item;
      return [{ ...rest, stage: view.stage, overdue: view.overdue, nextDeadline: view.nextDeadline, ...(assignee ? { assignee } : {}) }];
    });
    queryClient.setQueryData<InboxResponse>(key, { ...data, items });
  }
  void queryClient.invalidateQueries({ queryKey: monitorKeys.all, refetchType: 'none' });
  void queryClient.invalidateQueries({ queryKey: ['cases'], refetchType: 'none' });
  void queryClient.invalidateQueries({ queryKey: ['operations'], refetchType: 'none' });
}

/** Cases decided elsewhere on the page (a bulk decision) leave every cached inbox at once. */
export function dropFromInboxes(queryClient: QueryClient, caseIds: readonly string[]): void {
  if (caseIds.length === 0) return;
  const gone = new Set(caseIds);
  for (const [key, data] of queryClient.getQueriesData<InboxResponse>({ queryKey: ['monitor', 'inbox'] })) {
    if (data) queryClient.setQueryData<InboxResponse>(key, { ...data, items: data.items.filter((i) => !gone.has(i.caseId)) });
  }
}

export function useAssignment(me: Me) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ caseId, body }: { caseId: string; body: AssignmentBody }) =>
      apiFetch<CaseView>(`/cases/${encodeURIComponent(caseId)}/assignment`, { method: 'POST', body }),
    onSuccess: (view) => applyCaseToInboxes(queryClient, view, me),
  });
}

export function useApproval(me: Me) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ caseId, body }: { caseId: string; body: ApprovalBody }) =>
      apiFetch<CaseView>(`/cases/${encodeURIComponent(caseId)}/approvals`, { method: 'POST', body }),
    onSuccess: (view) => applyCaseToInboxes(queryClient, view, me),
  });
}
