/** Server state of the operation pages: the list of my country's operations and one operation's board. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { OperationListQuerySchema, OperationListSchema, OperationViewQuerySchema, OperationViewSchema } from '../../../contracts/operations';
import { apiFetch, withQuery } from '../http/client';

export type OperationList = z.output<typeof OperationListSchema>;
export type OperationView = z.output<typeof OperationViewSchema>;
export type OperationListFilter = Pick<z.input<typeof OperationListQuerySchema>, 'status' | 'pageToken'>;
export type ManifestPageQuery = Pick<z.output<typeof OperationViewQuerySchema>, 'offset' | 'limit' | 'status'>;

export const operationKeys = {
  all: ['operations'] as const,
  list: (filter: OperationListFilter) => ['operations', 'list', filter.status ?? 'any', filter.pageToken ?? 'first'] as const,
  board: (operationId: string, page: ManifestPageQuery) =>
    ['operations', 'board', operationId, page.status ?? 'any', page.offset ?? 0, page.limit ?? 'default'] as const,
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
        withQuery(`/operations/${encodeURIComponent(operationId)}`, { offset: page.offset, limit: page.limit, status: page.status }),
        { signal },
      ),
    placeholderData: keepPreviousData,
  });
}
