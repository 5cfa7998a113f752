/** The manifest page of the operation view: filters by status, flight and what a case waits on, at 10,000 cases. */
import type { OperationInput } from '../domain/operation';
import { MAX_MANIFEST, waitsOn } from '../domain/operation';
import { initialState, type ManifestEntry, type OperationState } from '../workflows/operation/state';
import { operationView } from '../workflows/operation/view';

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

const caseId = (i: number) => `case-MM-2025-${String(i).padStart(10, '0')}`;

function fullState(): OperationState {
  const state = initialState(input());
  for (let i = 0; i < MAX_MANIFEST; i++) {
    const kind = i % 4;
    const entry: ManifestEntry =
      kind === 0
        ? { caseId: caseId(i), status: 'blocked', stage: 'approvals', blockedOn: 'approvals: supervisor:CN, supervisor:TH' }
        : kind === 1
          ? { caseId: caseId(i), status: 'blocked', stage: 'approvals', blockedOn: 'approvals: supervisor:TH' }
          : kind === 2
            ? { caseId: caseId(i), status: 'blocked', blockedOn: 'the case cannot be read' }
            : { caseId: caseId(i), status: 'ready', stage: 'scheduling', flightId: 'F001' };
    state.manifest.set(entry.caseId, entry);
  }
  return state;
}

describe('operation view: manifest filters', () => {
  it('reads who a case waits on from its blockedOn', () => {
    expect(waitsOn('approvals: supervisor:CN, supervisor:TH', 'supervisor:TH')).toBe(true);
    expect(waitsOn('approvals: supervisor:CN, supervisor:TH', 'supervisor:CN')).toBe(true);
    expect(waitsOn('approvals: supervisor:CN', 'supervisor:TH')).toBe(false);
    expect(waitsOn('the case cannot be read', 'the case cannot be read')).toBe(true);
    expect(waitsOn('xsupervisor:TH', 'supervisor:TH')).toBe(false);
    expect(waitsOn(undefined, 'supervisor:TH')).toBe(false);
  });

  it('pages the cases waiting on one role and country, alone or with status and flight', () => {
    const state = fullState();
    const th = operationView(state, { waitingOn: 'supervisor:TH', offset: 100, limit: 50 });
    expect(th.manifest.total).toBe(5_000);
    expect(th.manifest.entries).toHaveLength(50);
    expect(th.manifest.entries.every((e) => e.blockedOn?.includes('supervisor:TH'))).toBe(true);
    expect(operationView(state, { waitingOn: 'supervisor:CN' }).manifest.total).toBe(2_500);
    expect(operationView(state, { waitingOn: 'the case cannot be read', status: 'blocked' }).manifest.total).toBe(2_500);
    expect(operationView(state, { waitingOn: 'supervisor:TH', status: 'ready' }).manifest.total).toBe(0);
    expect(operationView(state, { flightId: 'F001' }).manifest.total).toBe(2_500);
    expect(operationView(state, {}).manifest.total).toBe(MAX_MANIFEST);
  });
});
