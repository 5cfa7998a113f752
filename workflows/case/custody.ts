/**
 * The chain of custody of a transfer: which event comes next and who records it. Pure; read by the
 * validators (rules.ts), by what the case waits on (status.ts) and by the view.
 */
import type { CustodyEventKind } from '../../domain/case';
import type { Country } from '../../domain/people';
import { isClosed, type CaseState } from './state';

export interface CustodyStep {
  event: CustodyEventKind;
  country: Country;
}

/** The events of a transfer in the order they must be recorded. */
export function custodyChain(state: CaseState): CustodyStep[] {
  const reg = state.input.registration;
  return [
    { event: 'released-by-custodial', country: reg.custodialCountry },
    ...reg.transitCountries.flatMap((country): CustodyStep[] => [
      { event: 'entered-transit', country },
      { event: 'left-transit', country },
    ]),
    { event: 'received-by-receiving', country: reg.receivingCountry },
  ];
}

export function expectedCustodyStep(state: CaseState): CustodyStep | undefined {
  if (isClosed(state) || !state.schedule) return undefined;
  return custodyChain(state)[state.custodyEvents.length];
}
