/**
 * A flight's passenger list: CSV export, and the escort's printable lists (one table per flight with the
 * operation, route, handover point, departure with its time zone, seat count, case ids and signature
 * lines). Case ids only: the board holds no names, and a printed list leaves the building.
 */
import { useTranslation } from 'react-i18next';
import { DateTime } from '../../../components/DateTime';
import { ProblemMessage } from '../../../components/ProblemMessage';
import { downloadText } from '../../../format/csv';
import { useFlightPassengers, type OperationView } from '../../../queries/operations';
import { passengerCsv } from './flightSteps';
import './passengers.css';

type Flight = OperationView['flights'][number];

export function PassengerCsvButton({ operationId, flight, caseIds }: { operationId: string; flight: Flight; caseIds: readonly string[] }) {
  const { t } = useTranslation(['operations']);
  const exportCsv = () =>
    downloadText(
      `${operationId}-${flight.flightId}-passengers.csv`,
      passengerCsv(flight.flightId, flight.departure, caseIds, {
        flight: t('board.flight'),
        departure: t('board.departure'),
        seat: t('passengers.seat'),
        case: t('board.case'),
      }),
    );
  return (
    <button type="button" className="secondary" onClick={exportCsv} data-testid={`passengers-csv-${flight.flightId}`}>
      {t('passengers.csv', { flight: flight.flightId })}
    </button>
  );
}

export function PassengerPrint({ operation, onClose }: { operation: OperationView; onClose: () => void }) {
  const { t } = useTranslation(['operations', 'common']);
  const route = [operation.details.custodialCountry, ...operation.details.transitCountries, operation.details.receivingCountry].map((c) => t(`common:country.${c}`)).join(' → ');
  return (
    <section className="passenger-print card" aria-labelledby="passenger-print-title" data-testid="passenger-print">
      <div className="no-print">
        <button type="button" onClick={() => window.print()} data-testid="passenger-print-now">
          {t('passengers.printNow')}
        </button>{' '}
        <button type="button" className="secondary" onClick={onClose} data-testid="passenger-print-close">
          {t('passengers.close')}
        </button>
      </div>
      <h2 id="passenger-print-title">{t('passengers.title', { name: operation.details.name })}</h2>
      {operation.flights.map((f) => (
        <PrintedFlight key={f.flightId} operation={operation} flight={f} route={route} />
      ))}
    </section>
  );
}

function PrintedFlight({ operation, flight, route }: { operation: OperationView; flight: Flight; route: string }) {
  const { t } = useTranslation(['operations', 'common']);
  const passengers = useFlightPassengers(operation.operationId, flight.flightId);
  const caseIds = (passengers.data ?? []).map((e) => e.caseId);
  return (
    <div className="passenger-flight" data-testid={`passenger-print-${flight.flightId}`}>
      <h3>{t('passengers.flightTitle', { flight: flight.flightId })}</h3>
      <dl className="facts">
        <dt>{t('passengers.operation')}</dt>
        <dd>
          {operation.details.name} ({operation.operationId})
        </dd>
        <dt>{t('passengers.route')}</dt>
        <dd>{route}</dd>
        <dt>{t('passengers.handoverPoint')}</dt>
        <dd>{operation.details.handoverPoint}</dd>
        <dt>{t('board.departure')}</dt>
        <dd>
          <DateTime value={flight.departure} />
        </dd>
        <dt>{t('board.seats')}</dt>
        <dd data-testid={`passenger-print-seats-${flight.flightId}`}>{t('board.seatsOf', { seats: flight.seats, capacity: flight.capacity })}</dd>
      </dl>
      <ProblemMessage error={passengers.error} />
      <table>
        <caption>{t('passengers.listOf', { flight: flight.flightId })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('passengers.seat')}</th>
            <th scope="col">{t('board.case')}</th>
            <th scope="col">{t('passengers.check')}</th>
          </tr>
        </thead>
        <tbody>
          {caseIds.map((id, i) => (
            <tr key={id} data-case-id={id}>
              <td>{i + 1}</td>
              <td>{id}</td>
              <td />
            </tr>
          ))}
        </tbody>
      </table>
      <div className="signatures">
        <p className="signature">{t('passengers.signEscort')}</p>
        <p className="signature">{t('passengers.signReceiving')}</p>
      </div>
    </div>
  );
}
