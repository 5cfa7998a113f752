/**
 * The bulk decision form's values are the body of POST /approvals/bulk itself. A person may type notes,
 * switch to "reject", type a reason and switch back: only the fields of the decision finally chosen go
 * into the body the contract checks (its objects are strict), and an empty optional note is left out.
 */
import type { z } from 'zod';
import type { BulkApprovalBodySchema } from '../../../../contracts/bulk';
import type { ReturnableStage } from '../../../../domain/case';

export type BulkApprovalInput = z.input<typeof BulkApprovalBodySchema>;

/** Every field either decision may hold while the person is filling the form in. */
export interface BulkDecisionDraft {
  requestId?: string;
  decision?: 'approve' | 'reject';
  notes?: string;
  reason?: string;
  /** Where rejected cases go: back to a stage, or closed as refused. */
  next?: ReturnableStage | 'close' | '';
}

export function bulkBodyOf(draft: BulkDecisionDraft, caseIds: readonly string[], requestId: string): BulkApprovalInput {
  if (draft.decision === 'reject') {
    return {
      caseIds: [...caseIds],
      approval: {
        requestId,
        decision: 'reject',
        reason: draft.reason ?? '',
        ...(draft.next === 'close' ? { close: true as const } : draft.next ? { returnTo: draft.next } : {}),
      },
    };
  }
  return {
    caseIds: [...caseIds],
    approval: { requestId, decision: 'approve', ...(draft.notes?.trim() ? { notes: draft.notes } : {}) },
  };
}
