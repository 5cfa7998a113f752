/**
 * POST /approvals/bulk: one supervisor decision for many cases, answered per case. Keys are not needed
 * (a mutation); the answer is put into the case list and the monitoring lists are marked stale.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { BulkApprovalBodySchema, BulkApprovalResult } from '../../../contracts/bulk';
import type { Me } from '../../../contracts/session';
import { apiFetch } from '../http/client';
import { applyChangesToLists } from './cases-list';

export type BulkApprovalBody = z.output<typeof BulkApprovalBodySchema>;

export function useBulkApproval(me: Pick<Me, 'role' | 'country'> | undefined) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: BulkApprovalBody) => apiFetch<BulkApprovalResult>('/approvals/bulk', { method: 'POST', body }),
    onSuccess: (answer) => {
      const decided = answer.results.filter((r) => r.status === 'approved' || r.status === 'rejected');
      applyChangesToLists(
        queryClient,
        decided.map((r) => ({
          caseId: r.caseId,
          ...(r.stage ? { stage: r.stage } : {}),
          ...(r.outcome ? { outcome: r.outcome } : {}),
          ...(me ? { endedWait: `${me.role}:${me.country}` } : {}),
        })),
      );
      void queryClient.invalidateQueries({ queryKey: ['monitor'] });
      for (const r of decided) void queryClient.invalidateQueries({ queryKey: ['case', r.caseId] });
    },
  });
}
