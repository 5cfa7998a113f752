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

/**
 * One requestId per distinct body. A retry of the same decision for the same cases (after a lost answer)
 * keeps its id, so the server acts once; a changed decision, reason or selection is another submission
 * with its own id, never answered as a repeat of the first. Once a body is accepted every body is new.
 */
export class RequestIdsByBody {
  private readonly ids = new Map<string, string>();
  constructor(private readonly fresh: () => string) {}

  idFor(draft: BulkDecisionDraft, caseIds: readonly string[]): string {
    const key = JSON.stringify(bulkBodyOf(draft, caseIds, ''));
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.fresh();
      this.ids.set(key, id);
    }
    return id;
  }

  accepted(): void {
    this.ids.clear();
  }
}

/** Whether a body rejects and closes its cases as refused: that is asked again before it is sent. */
export function closesCases(body: BulkApprovalInput): boolean {
  return body.approval.decision === 'reject' && 'close' in body.approval && body.approval.close === true;
}
