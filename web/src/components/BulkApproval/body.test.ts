import { describe, expect, it } from 'vitest';
import { BulkApprovalBodySchema } from '../../../../contracts/bulk';
import { bulkBodyOf, closesCases, RequestIdsByBody } from './body';

const ids = ['case-KH-2026-ABCDEF1234', 'case-KH-2026-BCDEFG2345'];

describe('bulk decision body', () => {
  it('approves with a note only when one was typed', () => {
    expect(bulkBodyOf({ decision: 'approve', notes: '  ', reason: 'left over' }, ids, 'web-1')).toEqual({
      caseIds: ids,
      approval: { requestId: 'web-1', decision: 'approve' },
    });
    const body = bulkBodyOf({ decision: 'approve', notes: 'checked the manifest' }, ids, 'web-1');
    expect(BulkApprovalBodySchema.safeParse(body).success).toBe(true);
  });

  it('rejects with the reason and where the cases go, leaving out what belongs to an approval', () => {
    const body = bulkBodyOf({ decision: 'reject', notes: 'typed before switching', reason: 'identity unclear', next: 'identity-verification' }, ids, 'web-2');
    expect(body).toEqual({ caseIds: ids, approval: { requestId: 'web-2', decision: 'reject', reason: 'identity unclear', returnTo: 'identity-verification' } });
    expect(BulkApprovalBodySchema.safeParse(body).success).toBe(true);
    expect(bulkBodyOf({ decision: 'reject', reason: 'not ours', next: 'close' }, ids, 'web-2').approval).toEqual({
      requestId: 'web-2',
      decision: 'reject',
      reason: 'not ours',
      close: true,
    });
  });

  it('leaves the contract to refuse a rejection without a reason or a next step', () => {
    const result = BulkApprovalBodySchema.safeParse(bulkBodyOf({ decision: 'reject' }, ids, 'web-3'));
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((i) => i.path.join('.'));
    expect(paths).toContain('approval.reason');
  });

  it('keeps the requestId for the same body and gives a changed decision or selection its own', () => {
    let n = 0;
    const ids2 = new RequestIdsByBody(() => `web-${++n}`);
    const approve = { decision: 'approve' as const, notes: '' };
    const first = ids2.idFor(approve, ids);
    expect(ids2.idFor({ ...approve }, ids)).toBe(first);
    const reject = ids2.idFor({ decision: 'reject', reason: 'identity unclear', next: 'close' }, ids);
    expect(reject).not.toBe(first);
    expect(ids2.idFor(approve, ids.slice(0, 1))).not.toBe(first);
    // Back to the first body: still the first submission, so a repeat is answered as one.
    expect(ids2.idFor(approve, ids)).toBe(first);
    ids2.accepted();
    expect(ids2.idFor(approve, ids)).not.toBe(first);
  });

  it('asks again only before rejecting with closure', () => {
    expect(closesCases(bulkBodyOf({ decision: 'reject', reason: 'not ours', next: 'close' }, ids, 'a'))).toBe(true);
    expect(closesCases(bulkBodyOf({ decision: 'reject', reason: 'not ours', next: 'screening' }, ids, 'a'))).toBe(false);
    expect(closesCases(bulkBodyOf({ decision: 'approve', next: 'close' }, ids, 'a'))).toBe(false);
  });
});
