import { describe, expect, it } from 'vitest';
import { exceptionFor, nextStep, passengerCsv, routeSteps, stepFor } from './flightSteps';

const route = { custodialCountry: 'MM', transitCountries: ['TH', 'LA'], receivingCountry: 'CN' } as const;
const ev = (event: string, country: string) => ({ event, country, at: '', by: '', requestId: `${event}-${country}`, recorded: 1, exceptions: 0, refused: 0 });

describe('the route of a flight', () => {
  it('lists release, each transit country in and out in order, then arrival', () => {
    expect(routeSteps({ ...route, transitCountries: [...route.transitCountries] }).map((s) => `${s.event}@${s.country}`)).toEqual([
      'released-by-custodial@MM',
      'entered-transit@TH',
      'left-transit@TH',
      'entered-transit@LA',
      'left-transit@LA',
      'received-by-receiving@CN',
    ]);
  });

  it('offers each country only the event it records next', () => {
    const r = { ...route, transitCountries: [...route.transitCountries] };
    const flight = { events: [ev('released-by-custodial', 'MM')] } as never;
    expect(nextStep(r, flight)).toEqual({ event: 'entered-transit', country: 'TH' });
    expect(stepFor({ role: 'officer', country: 'TH' }, r, flight)).toEqual({ event: 'entered-transit', country: 'TH' });
    expect(stepFor({ role: 'officer', country: 'MM' }, r, flight)).toBeUndefined();
    expect(stepFor({ role: 'officer', country: 'CN' }, r, flight)).toBeUndefined();
    expect(stepFor({ role: 'supervisor', country: 'TH' }, r, flight)).toBeUndefined();
    const thDone = { events: [ev('released-by-custodial', 'MM'), ev('entered-transit', 'TH'), ev('left-transit', 'TH')] } as never;
    expect(stepFor({ role: 'officer', country: 'LA' }, r, thDone)).toEqual({ event: 'entered-transit', country: 'LA' });
  });

  it('has no next event once the receiving country received the flight', () => {
    const direct = { custodialCountry: 'MM', transitCountries: [], receivingCountry: 'CN' } as never;
    expect(nextStep(direct, { events: [] })).toEqual({ event: 'released-by-custodial', country: 'MM' });
    expect(nextStep(direct, { events: [ev('released-by-custodial', 'MM'), ev('received-by-receiving', 'CN')] } as never)).toBeUndefined();
  });

  it('allows did-not-board with release and identity-mismatch with arrival only', () => {
    expect(exceptionFor('released-by-custodial')).toBe('did-not-board');
    expect(exceptionFor('received-by-receiving')).toBe('identity-mismatch');
    expect(exceptionFor('entered-transit')).toBeUndefined();
    expect(exceptionFor('left-transit')).toBeUndefined();
  });

  it('writes a passenger list of case ids with seat numbers', () => {
    const text = passengerCsv('F01', '2026-02-20T08:00:00.000Z', ['MM-1', 'MM-2'], { flight: 'Flight', departure: 'Departure', seat: 'Seat', case: 'Case' });
    expect(text).toBe('\ufeffFlight,Departure,Seat,Case\r\nF01,2026-02-20T08:00:00.000Z,1,MM-1\r\nF01,2026-02-20T08:00:00.000Z,2,MM-2\r\n');
  });
});
