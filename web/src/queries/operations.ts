/** Server state of the operation pages: the list of my country's operations and one operation's board. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  ManifestChangeBodySchema,
  ManifestChangeResultSchema,
  OperationCreateBodySchema,
  OperationListQuerySchema,
  OperationListSchema,
  OperationViewQuerySchema,
  OperationViewSchema,
  PlanFlightsBodySchema,
  PlanResultSchema,
  FlightEventBodySchema,
  FlightEventResultSchema,
} from '../../../contracts/operations';
import { apiFetch, withQuery } from '../http/client';

export type OperationList = z.output<typeof OperationListSchema>;
export type OperationView = z.output<typeof OperationViewSchema>;
export type OperationCreateBody = z.input<typeof OperationCreateBodySchema>;
export type ManifestChangeBody = z.input<typeof ManifestChangeBodySchema>;
export type ManifestChangeResult = z.output<typeof ManifestChangeResultSchema>;
export type OperationListFilter = Pick<z.input<typeof OperationListQuerySchema>, 'status' | 'pageToken'>;
export type ManifestPageQuery = Pick<z.output<typeof OperationViewQuerySchema>, 'offset' | 'limit' | 'status' | 'flightId' | 'waitingOn'>;
export type ManifestEntry = OperationView['manifest']['entries'][number];

/**
 * Flights move on without anyone on the board acting: another country records the next event, a cut-off
 * passes. An officer waiting for a flight sees their form appear without reloading.
 */
export const BOARD_REFRESH_MS = 30_000;

export const operationKeys = {
  all: ['operations'] as const,
  list: (filter: OperationListFilter) => ['operations', 'list', filter.status ?? 'any', filter.pageToken ?? 'first'] as const,
  board: (operationId: string, page: ManifestPageQuery) =>
    ['operations', 'board', operationId, page.status ?? 'any', page.flightId ?? 'any', page.waitingOn ?? 'any', page.offset ?? 0, page.limit ?? 'default'] as const,
};

export function useOperations(filter: OperationListFilter) {
  return useQuery({
    queryKey: operationKeys.list(filter),
    queryFn: ({ signal }) => apiFetch<OperationList>(withQuery('/operations', { status: filter.status, pageToken: filter.pageToken }), { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useOperation(operationId: string, page: ManifestPageQuery) {
  return useQuery({
    queryKey: operationKeys.board(operationId, page),
    queryFn: ({ signal }) =>
      apiFetch<OperationView>(
        withQuery(`/operations/${encodeURIComponent(operationId)}`, {
          offset: page.offset,
          limit: page.limit,
          status: page.status,
          flightId: page.flightId,
          waitingOn: page.waitingOn,
        }),
        { signal },
      ),
    placeholderData: keepPreviousData,
    refetchInterval: BOARD_REFRESH_MS,
    refetchIntervalInBackground: false,
  });
}

/** POST /operations; the answer is the new board, so it is cached before the page moves to it. */
export function useCreateOperation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ['operations', 'create'],
    mutationFn: (body: OperationCreateBody) => apiFetch<OperationView>('/operations', { method: 'POST', body }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['operations', 'list'] });
    },
  });
}

/** POST /operations/{id}/cases: add or remove cases; answers each case's result. Boards and cases are read again. */
export function useChangeManifest(operationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ['operations', operationId, 'manifest'],
    mutationFn: (body: ManifestChangeBody) =>
      apiFetch<ManifestChangeResult>(`/operations/${encodeURIComponent(operationId)}/cases`, { method: 'POST', body }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['operations', 'board', operationId] });
      void queryClient.invalidateQueries({ queryKey: ['case'] });
      void queryClient.invalidateQueries({ queryKey: ['cases'] });
    },
  });
}

/** The largest page the API answers: 10,000 people are read in ten requests. */
const EXPORT_PAGE = 1000;

/**
 * Every manifest entry matching the filter, read page by page: for an export, which holds the whole
 * manifest, not the page shown. Not cached: an export is taken as of now.
 */
export async function fetchWholeManifest(operationId: string, filter: Pick<ManifestPageQuery, 'status' | 'flightId' | 'waitingOn'>): Promise<ManifestEntry[]> {
  const entries: ManifestEntry[] = [];
  for (let offset = 0; ; offset += EXPORT_PAGE) {
    const view = await apiFetch<OperationView>(
      withQuery(`/operations/${encodeURIComponent(operationId)}`, { ...filter, offset, limit: EXPORT_PAGE }),
    );
    entries.push(...view.manifest.entries);
    if (view.manifest.entries.length < EXPORT_PAGE || entries.length >= view.manifest.total) return entries;
  }
}

export type PlanFlightsBody = z.input<typeof PlanFlightsBodySchema>;
export type PlanResult = z.output<typeof PlanResultSchema>;
export type FlightEventBody = z.input<typeof FlightEventBodySchema>;
export type FlightEventResult = z.output<typeof FlightEventResultSchema>;

/** POST /operations/{id}/flights: 200 with the flights once planned, 202 while the cut-off is ahead. */
export function usePlanFlights(operationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ['operations', operationId, 'plan'],
    mutationFn: (body: PlanFlightsBody) => apiFetch<PlanResult>(`/operations/${encodeURIComponent(operationId)}/flights`, { method: 'POST', body }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['operations', 'board', operationId] });
      void queryClient.invalidateQueries({ queryKey: ['operations', 'passengers', operationId] });
    },
  });
}

/** POST /operations/{id}/custody-events: one custody event for everyone on a flight, answered per person. */
export function useFlightEvent(operationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ['operations', operationId, 'custody-event'],
    mutationFn: (body: FlightEventBody) =>
      apiFetch<FlightEventResult>(`/operations/${encodeURIComponent(operationId)}/custody-events`, { method: 'POST', body }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['operations', 'board', operationId] });
      void queryClient.invalidateQueries({ queryKey: ['operations', 'passengers', operationId] });
      void queryClient.invalidateQueries({ queryKey: ['case'] });
    },
  });
}

/** The people seated on one flight (the whole list, not a page). */
export function useFlightPassengers(operationId: string, flightId: string) {
  return useQuery({
    queryKey: ['operations', 'passengers', operationId, flightId],
    queryFn: () => fetchWholeManifest(operationId, { flightId }),
  });
}
