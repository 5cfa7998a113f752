/**
 * What a case's snapshot means for the operation (readiness), and what the manifest adds up to
 * (roll-up). Pure functions over the state.
 */
import type { CaseSnapshot } from '../../activities/operation-activities';
import type { ManifestEntryView, OperationReadiness, OperationRollUp } from '../../domain/operation';
import type { ManifestEntry, OperationState } from './state';

/** Updates an entry from a fresh snapshot of its case. */
export function applySnapshot(state: OperationState, entry: ManifestEntry, snapshot: CaseSnapshot): void {
  if (snapshot.unreadable) return; // did not answer this time: what was known stands
  entry.blockedOn = undefined;
  if (!snapshot.found) {
    entry.status = 'unknown';
    entry.blockedOn = 'the case cannot be read';
    return;
  }
  entry.stage = snapshot.stage;
  entry.outcome = snapshot.outcome;
  if (snapshot.outcome) {
    entry.status = 'closed';
    return;
  }
  if (snapshot.operationId !== state.operationId) {
    entry.status = 'blocked';
    entry.blockedOn = 'the case does not name this operation';
    return;
  }
  switch (snapshot.stage) {
    case 'in-transfer':
      entry.status = 'in-transfer';
      return;
    case 'scheduling':
      // Approved by every country. A seat counts only if it is a flight of this operation that the case agrees on.
      entry.status = entry.flightId !== undefined && snapshot.flight === entry.flightId ? 'scheduled' : 'ready';
      if (entry.status === 'ready') entry.flightId = undefined;
      return;
    default: {
      entry.status = 'blocked';
      const on = snapshot.onHold ? 'legal hold' : (snapshot.waitingOn ?? []).join(', ') || 'nobody';
      entry.blockedOn = `${snapshot.stage ?? 'unknown stage'}: ${on}`;
    }
  }
}

export function rollUp(state: OperationState): OperationRollUp {
  const r: OperationRollUp = {
    total: state.manifest.size,
    handedOver: 0,
    referredAsVictim: 0,
    referredToEmbassy: 0,
    released: 0,
    refused: 0,
    withdrawn: 0,
    pending: 0,
  };
  for (const { outcome } of state.manifest.values()) {
    switch (outcome) {
      case 'handed-over':
        r.handedOver += 1;
        break;
      case 'referred-as-victim':
        r.referredAsVictim += 1;
        break;
      case 'referred-to-embassy':
        r.referredToEmbassy += 1;
        break;
      case 'released-custody-expired':
      case 'deemed-abandoned':
        r.released += 1;
        break;
      case 'refused':
        r.refused += 1;
        break;
      case 'withdrawn':
        r.withdrawn += 1;
        break;
      case undefined:
        r.pending += 1;
        break;
    }
  }
  return r;
}

export function readiness(state: OperationState): OperationReadiness {
  const counts = { blocked: 0, ready: 0, scheduled: 0, inTransfer: 0, closed: 0, unknown: 0 };
  const reasons = new Map<string, number>();
  for (const entry of state.manifest.values()) {
    switch (entry.status) {
      case 'blocked':
        counts.blocked += 1;
        reasons.set(entry.blockedOn ?? 'unknown', (reasons.get(entry.blockedOn ?? 'unknown') ?? 0) + 1);
        break;
      case 'ready':
        counts.ready += 1;
        break;
      case 'scheduled':
        counts.scheduled += 1;
        break;
      case 'in-transfer':
        counts.inTransfer += 1;
        break;
      case 'closed':
        counts.closed += 1;
        break;
      case 'unknown':
        counts.unknown += 1;
        break;
    }
  }
  const blockedOn = [...reasons.entries()]
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : 1));
  return { ...(state.readinessAsOf ? { asOf: state.readinessAsOf } : {}), ...counts, blockedOn };
}

export function entryView(entry: ManifestEntry): ManifestEntryView {
  const view: ManifestEntryView = { caseId: entry.caseId, status: entry.status };
  if (entry.stage) view.stage = entry.stage;
  if (entry.outcome) view.outcome = entry.outcome;
  if (entry.blockedOn) view.blockedOn = entry.blockedOn;
  if (entry.flightId) view.flightId = entry.flightId;
  if (entry.exception) view.exception = entry.exception;
  if (entry.leftOut) view.leftOut = entry.leftOut;
  return view;
}
