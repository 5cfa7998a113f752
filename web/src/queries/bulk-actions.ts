/**
 * The case list's bulk actions besides approvals: POST /schedules/bulk (one schedule for many cases) and
 * POST /operations/{id}/cases with action add (the operation chosen in the form, so the id is part of the
 * mutation's input). Both answer per case; the cases they changed are read again.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { BulkScheduleBodySchema, BulkScheduleResult } from '../../../contracts/bulk';
import { apiFetch } from '../http/client';
import type { ManifestChangeBody, ManifestChangeResult } from './operations';

export type BulkScheduleBody = z.output<typeof BulkScheduleBodySchema>;

export function useBulkSchedule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: BulkScheduleBody) => apiFetch<BulkScheduleResult>('/schedules/bulk', { method: 'POST', body }),
    onSuccess: (answer) => {
      for (const r of answer.results) {
        if (r.status === 'scheduled' || r.status === 'rescheduled') void queryClient.invalidateQueries({ queryKey: ['case', r.caseId] });
      }
      void queryClient.invalidateQueries({ queryKey: ['cases'], refetchType: 'none' });
      void queryClient.invalidateQueries({ queryKey: ['monitor'] });
    },
  });
}

export function useAddToOperation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ operationId, body }: { operationId: string; body: ManifestChangeBody }) =>
      apiFetch<ManifestChangeResult>(`/operations/${encodeURIComponent(operationId)}/cases`, { method: 'POST', body }),
    onSuccess: (answer, { operationId }) => {
      void queryClient.invalidateQueries({ queryKey: ['operations', 'board', operationId] });
      for (const r of answer.results) if (r.result === 'added') void queryClient.invalidateQueries({ queryKey: ['case', r.caseId] });
      void queryClient.invalidateQueries({ queryKey: ['cases'], refetchType: 'none' });
    },
  });
}
