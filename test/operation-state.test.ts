/**
 * The operation's pure parts at the size of the largest operation: 10,000 cases pack for
 * continue-as-new far below Temporal's payload limit and unpack to the same state; seats fill the
 * departures in order; the roll-up always adds up.
 */
import type { OperationInput } from '../domain/operation';
import { MAX_MANIFEST } from '../domain/operation';
import { planSeats } from '../workflows/operation/planning';
import { rollUp } from '../workflows/operation/readiness';
import { initialState, pack, type ManifestEntry, type OperationState } from '../workflows/operation/state';

function input(): OperationInput {
  return {
    operationId: 'operation-MM-20250220-ABCDEFGHIJ',
    details: {
      name: 'Mae Sot airlift',
      custodialCountry: 'MM',
      receivingCountry: 'CN',
      transitCountries: ['TH'],
      handoverPoint: 'Mae Sot airport',
      transport: 'air',
      escort: 'police escort',
      window: { start: '2025-02-20T00:00:00Z', end: '2025-02-24T00:00:00Z' },
      capacity: 50,
    },
    createdBy: { id: 'mm-officer-1', role: 'officer', country: 'MM' },
    createdAt: '2025-02-19T00:00:00Z',
  };
}

function caseId(i: number): string {
  return `case-MM-2025-${String(i).padStart(10, '0')}`;
}

function fullState(): OperationState {
  const state = initialState(input());
  for (let i = 0; i < MAX_MANIFEST; i++) {
    const kind = i % 10;
    const entry: ManifestEntry =
      kind < 6
        ? { caseId: caseId(i), status: 'closed', stage: 'closed', outcome: 'handed-over', flightId: `F${String(1 + Math.floor(i / 50)).padStart(3, '0')}` }
        : kind < 8
          ? { caseId: caseId(i), status: 'blocked', stage: 'approvals', blockedOn: 'approvals: supervisor:CN, supervisor:TH', leftOut: '[plan-1] not ready at the cut-off (approvals: supervisor:CN, supervisor:TH)' }
          : kind < 9
            ? { caseId: caseId(i), status: 'ready', stage: 'scheduling', exception: 'did-not-board' }
            : { caseId: caseId(i), status: 'closed', stage: 'closed', outcome: 'referred-as-victim' };
    state.manifest.set(entry.caseId, entry);
  }
  return state;
}

describe('operation state', () => {
  it('carries 10,000 cases through continue-as-new in well under 1 MB, unchanged', () => {
    const state = fullState();
    const carried = pack(state);
    const bytes = Buffer.byteLength(JSON.stringify(carried));
    expect(bytes).toBeLessThan(1024 * 1024);
    // The readable form would be several times larger.
    expect(Buffer.byteLength(JSON.stringify([...state.manifest.values()]))).toBeGreaterThan(2 * bytes);

    const restored = initialState({ ...input(), carried });
    expect([...restored.manifest.values()]).toEqual([...state.manifest.values()]);
    expect(restored.runs).toBe(1);
  });

  it('seats ready cases in manifest order, capacity per departure, and leaves out the rest with the reason', () => {
    const state = initialState(input());
    const entries: ManifestEntry[] = [
      { caseId: caseId(1), status: 'ready' },
      { caseId: caseId(2), status: 'blocked', blockedOn: 'approvals: supervisor:CN' },
      { caseId: caseId(3), status: 'ready' },
      { caseId: caseId(4), status: 'closed', outcome: 'referred-as-victim' },
      { caseId: caseId(5), status: 'ready' },
      { caseId: caseId(6), status: 'ready' },
    ];
    for (const e of entries) state.manifest.set(e.caseId, e);
    const plan = planSeats(state, ['2025-02-20T06:00:00Z', '2025-02-20T12:00:00Z'], 2);
    expect(plan.seats.map((s) => [s.caseId, s.flightId])).toEqual([
      [caseId(1), 'F01'],
      [caseId(3), 'F01'],
      [caseId(5), 'F02'],
      [caseId(6), 'F02'],
    ]);
    expect([...plan.leftOut]).toEqual([[caseId(2), 'not ready at the cut-off (approvals: supervisor:CN)']]);

    const overbooked = planSeats(state, ['2025-02-20T06:00:00Z'], 3);
    expect(overbooked.leftOut.get(caseId(6))).toBe('no seat left: 1 departure(s) × 3');
  });

  it('rolls up every case exactly once', () => {
    const r = rollUp(fullState());
    const { total, ...counts } = r;
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(total);
    expect(r).toMatchObject({ total: 10_000, handedOver: 6_000, referredAsVictim: 1_000, pending: 3_000 });
  });
});
