/**
 * Server state of the case list (GET /cases): one request per page, the previous page kept on screen
 * while the next one loads. Keys start with 'cases'.
 */
import { keepPreviousData, useQuery, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { CaseListResponseSchema, CaseSummary } from '../../../contracts/case-view';
import type { CaseListQuerySchema } from '../../../contracts/list';
import type { Stage, Outcome } from '../../../domain/case';
import { apiFetch, withQuery } from '../http/client';

export type CaseList = z.output<typeof CaseListResponseSchema>;
/** The list's query string as sent: the strings of the URL, checked with CaseListQuerySchema first. */
export type CaseListParams = Partial<Record<keyof z.input<typeof CaseListQuerySchema>, string>>;

export const casesListKeys = {
  all: ['cases'] as const,
  lists: ['cases', 'list'] as const,
  page: (params: CaseListParams, pageToken: string | undefined) => ['cases', 'list', params, pageToken ?? null] as const,
};

/** A page of the list; `params` undefined (filters that do not pass the contract) asks nothing. */
export function useCaseList(params: CaseListParams | undefined, pageToken: string | undefined) {
  return useQuery({
    queryKey: casesListKeys.page(params ?? {}, pageToken),
    queryFn: ({ signal }) => apiFetch<CaseList>(withQuery('/cases', { ...params, pageToken }), { signal }),
    enabled: params !== undefined,
    placeholderData: keepPreviousData,
  });
}

export interface CaseRowChange {
  caseId: string;
  stage?: Stage;
  outcome?: Outcome;
  /** The wait that an action of the caller ended (`supervisor:TH`), gone from the row. */
  endedWait?: string;
}

/**
 * Puts the answers of actions into every cached page of the list at once. The pages are then only
 * marked stale, not refetched: search attributes may lag an answer by a moment, and a refetch now would
 * show the old row again.
 */
export function applyChangesToLists(queryClient: QueryClient, changes: readonly CaseRowChange[]): void {
  const byId = new Map(changes.map((c) => [c.caseId, c]));
  queryClient.setQueriesData<CaseList>({ queryKey: casesListKeys.lists }, (old) => {
    if (!old || !old.cases.some((c) => byId.has(c.caseId))) return old;
    return { ...old, cases: old.cases.map((c) => patch(c, byId.get(c.caseId))) };
  });
  void queryClient.invalidateQueries({ queryKey: casesListKeys.lists, refetchType: 'none' });
}

function patch(summary: CaseSummary, change: CaseRowChange | undefined): CaseSummary {
  if (!change) return summary;
  return {
    ...summary,
    ...(change.stage ? { stage: change.stage } : {}),
    ...(change.outcome ? { outcome: change.outcome } : {}),
    waitingOn: change.endedWait ? summary.waitingOn.filter((w) => w !== change.endedWait) : summary.waitingOn,
  };
}
