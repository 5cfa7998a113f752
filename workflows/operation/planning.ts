/**
 * Seats at the cut-off: ready cases (approved by every country, no seat yet) in manifest order fill the
 * departures in order, `capacity` each. Everyone else who is still open is left out, with the reason.
 */
import type { OperationState } from './state';

export interface Seat {
  caseId: string;
  flightId: string;
  departure: string;
}

export interface SeatPlan {
  seats: Seat[];
  flights: { flightId: string; departure: string }[];
  /** caseId → why it has no seat. */
  leftOut: Map<string, string>;
}

export function flightId(n: number): string {
  return `F${String(n).padStart(2, '0')}`;
}

export function planSeats(state: OperationState, departures: string[], capacity: number): SeatPlan {
  const first = state.flights.length + 1;
  const flights = departures.map((departure, i) => ({ flightId: flightId(first + i), departure }));
  const seats: Seat[] = [];
  const leftOut = new Map<string, string>();
  const total = flights.length * capacity;
  for (const entry of state.manifest.values()) {
    switch (entry.status) {
      case 'ready': {
        if (seats.length < total) {
          const flight = flights[Math.floor(seats.length / capacity)];
          seats.push({ caseId: entry.caseId, flightId: flight.flightId, departure: flight.departure });
        } else {
          leftOut.set(entry.caseId, `no seat left: ${flights.length} departure(s) × ${capacity}`);
        }
        break;
      }
      case 'blocked':
        leftOut.set(entry.caseId, `not ready at the cut-off (${entry.blockedOn ?? 'blocked'})`);
        break;
      case 'unknown':
        leftOut.set(entry.caseId, `not ready at the cut-off (${entry.blockedOn ?? 'not read yet'})`);
        break;
      // Closed, scheduled and in-transfer cases need no seat from this plan.
      default:
        break;
    }
  }
  return { seats, flights, leftOut };
}

/** Left-out cases grouped by reason, for the plan's answer. */
export function groupLeftOut(leftOut: Map<string, string>): { reason: string; caseIds: string[] }[] {
  const groups = new Map<string, string[]>();
  for (const [caseId, reason] of leftOut) {
    const list = groups.get(reason) ?? [];
    list.push(caseId);
    groups.set(reason, list);
  }
  return [...groups.entries()].map(([reason, caseIds]) => ({ reason, caseIds }));
}
