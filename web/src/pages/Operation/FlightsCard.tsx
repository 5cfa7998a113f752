import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DateTime } from '../../components/DateTime';
import { ProblemMessage } from '../../components/ProblemMessage';
import { useFlightPassengers, type FlightEventResult, type OperationView } from '../../queries/operations';
import { useMe } from '../../session/useSession';
import { canRunOperations } from '../Operations/roles';
import { FlightEventAnswer, FlightEventForm } from './flights/FlightEventForm';
import { stepFor } from './flights/flightSteps';
import { PassengerCsvButton, PassengerPrint } from './flights/PassengerList';
import { PlanFlightsForm } from './flights/PlanFlightsForm';

/** The flight plans and the flights or convoys they made, with the custody events of each. */
export function FlightsCard({ operation }: { operation: OperationView }) {
  const { t } = useTranslation(['operations', 'common']);
  const me = useMe().data;
  const [printing, setPrinting] = useState(false);
  // The custodial country's officers and supervisors plan; the API refuses the others.
  const plans = me !== undefined && canRunOperations(me) && me.country === operation.details.custodialCountry && operation.status !== 'completed';
  if (printing) return <PassengerPrint operation={operation} onClose={() => setPrinting(false)} />;
  return (
    <>
    <section className="card" aria-labelledby="operation-flights">
      <h2 id="operation-flights">{t('board.flights')}</h2>
      {operation.plans.length === 0 ? (
        <p className="notice" data-testid="no-plans">
          {t('board.noPlans')}
        </p>
      ) : (
        <div className="table-wrap">
          <table data-testid="operation-plans">
            <caption>{t('board.plans')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('board.plan')}</th>
                <th scope="col">{t('board.planStatus')}</th>
                <th scope="col">{t('board.cutOff')}</th>
                <th scope="col">{t('board.scheduled')}</th>
                <th scope="col">{t('board.leftOut')}</th>
              </tr>
            </thead>
            <tbody>
              {operation.plans.map((p) => (
                <tr key={p.planId}>
                  <td>{p.planId}</td>
                  <td>{t(`planStatus.${p.status}`)}</td>
                  <td>
                    <DateTime value={p.cutOff} />
                  </td>
                  <td>{p.scheduled}</td>
                  <td>{p.leftOut}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {operation.flights.length > 0 && (
        <div className="table-wrap">
          <table data-testid="operation-flights-table">
            <caption>{t('board.flightList')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('board.flight')}</th>
                <th scope="col">{t('board.departure')}</th>
                <th scope="col">{t('board.seats')}</th>
                <th scope="col">{t('board.events')}</th>
              </tr>
            </thead>
            <tbody>
              {operation.flights.map((f) => (
                <tr key={f.flightId} data-flight-id={f.flightId}>
                  <td>{f.flightId}</td>
                  <td>
                    <DateTime value={f.departure} />
                  </td>
                  <td>{t('board.seatsOf', { seats: f.seats, capacity: f.capacity })}</td>
                  <td>
                    {f.events.length === 0 ? (
                      t('common:none')
                    ) : (
                      <ul>
                        {f.events.map((e) => (
                          <li key={e.requestId}>
                            {t(`custodyEvent.${e.event}`)} · {t(`common:country.${e.country}`)} · <DateTime value={e.at} /> ·{' '}
                            {t('board.eventCounts', { recorded: e.recorded, exceptions: e.exceptions, refused: e.refused })}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {operation.flights.length > 0 && (
        <p>
          <button type="button" className="secondary" onClick={() => setPrinting(true)} data-testid="passengers-print">
            {t('passengers.print')}
          </button>
        </p>
      )}
    </section>
    {operation.flights.map((f) => (
      <FlightSection key={f.flightId} operation={operation} flight={f} me={me} />
    ))}
    {plans && <PlanFlightsForm operation={operation} />}
    </>
  );
}

/** One flight: who is on it, its passenger list, and the event the caller's country records next. */
function FlightSection({ operation, flight, me }: { operation: OperationView; flight: OperationView['flights'][number]; me: { role: string; country: string } | undefined }) {
  const { t } = useTranslation(['operations', 'common']);
  const passengers = useFlightPassengers(operation.operationId, flight.flightId);
  const caseIds = (passengers.data ?? []).map((e) => e.caseId);
  const step = stepFor(me, operation.details, flight);
  const last = flight.events.at(-1);
  const [answer, setAnswer] = useState<FlightEventResult | undefined>();
  return (
    <section className="card" aria-labelledby={`flight-${flight.flightId}`} data-testid={`flight-${flight.flightId}`}>
      <h2 id={`flight-${flight.flightId}`}>{t('flights.title', { flight: flight.flightId })}</h2>
      <p>
        {t('flights.summary', { seats: flight.seats, capacity: flight.capacity })} · <DateTime value={flight.departure} />
        {last && <> · {t('flights.last', { event: t(`custodyEvent.${last.event}`) })}</>}
      </p>
      <details>
        <summary>{t('flights.passengers', { count: caseIds.length })}</summary>
        <ProblemMessage error={passengers.error} testId={`flight-passengers-${flight.flightId}-problem`} />
        <ul data-testid={`flight-passengers-${flight.flightId}`} aria-busy={passengers.isFetching}>
          {caseIds.map((id) => (
            <li key={id}>{id}</li>
          ))}
        </ul>
      </details>
      <PassengerCsvButton operationId={operation.operationId} flight={flight} caseIds={caseIds} />
      {step ? (
        passengers.data && <FlightEventForm key={`${step.event}-${step.country}`} operationId={operation.operationId} flightId={flight.flightId} step={step} caseIds={caseIds} onAnswer={setAnswer} />
      ) : (
        <p className="hint" data-testid={`flight-no-step-${flight.flightId}`}>
          {t('flights.notYours')}
        </p>
      )}
      {answer && <FlightEventAnswer answer={answer} testId={`boarding-${flight.flightId}-results`} />}
    </section>
  );
}
