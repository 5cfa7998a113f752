/**
 * The custody events of one flight or convoy in the route's order, and which one comes next for whom:
 * released by the custodial country, then entered and left transit in each transit country in the
 * order they are crossed, then received by the receiving country.
 */
import type { CustodyEventKind } from '../../../../../domain/case';
import type { Country } from '../../../../../domain/people';
import { csvText } from '../../../format/csv';
import type { OperationView } from '../../../queries/operations';

export interface FlightStep {
  event: CustodyEventKind;
  country: Country;
}

type Route = Pick<OperationView['details'], 'custodialCountry' | 'transitCountries' | 'receivingCountry'>;
type Flight = Pick<OperationView['flights'][number], 'events'>;

export function routeSteps(route: Route): FlightStep[] {
  return [
    { event: 'released-by-custodial', country: route.custodialCountry },
    ...route.transitCountries.flatMap((country): FlightStep[] => [
      { event: 'entered-transit', country },
      { event: 'left-transit', country },
    ]),
    { event: 'received-by-receiving', country: route.receivingCountry },
  ];
}

/** The first step of the route not yet recorded on the flight; undefined once it was received. */
export function nextStep(route: Route, flight: Flight): FlightStep | undefined {
  return routeSteps(route).find((s) => !flight.events.some((e) => e.event === s.event && e.country === s.country));
}

/** The step the caller's country records next on this flight, if it is theirs (officers only). */
export function stepFor(me: { role: string; country: string } | undefined, route: Route, flight: Flight): FlightStep | undefined {
  if (!me || me.role !== 'officer') return undefined;
  const next = nextStep(route, flight);
  return next && next.country === me.country ? next : undefined;
}

/** Which exception an event allows for a person: did-not-board on release, identity-mismatch on arrival. */
export function exceptionFor(event: CustodyEventKind): 'did-not-board' | 'identity-mismatch' | undefined {
  return event === 'released-by-custodial' ? 'did-not-board' : event === 'received-by-receiving' ? 'identity-mismatch' : undefined;
}

/** One flight's passenger list as CSV: case ids only (the board holds no names, and a list leaves the building). */
export function passengerCsv(flightId: string, departure: string, caseIds: readonly string[], columns: { flight: string; departure: string; seat: string; case: string }): string {
  return csvText([[columns.flight, columns.departure, columns.seat, columns.case], ...caseIds.map((id, i) => [flightId, departure, String(i + 1), id])]);
}
