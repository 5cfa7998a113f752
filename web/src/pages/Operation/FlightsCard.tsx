import { useTranslation } from 'react-i18next';
import { DateTime } from '../../components/DateTime';
import type { OperationView } from '../../queries/operations';

/** The flight plans and the flights or convoys they made, with the custody events of each. */
export function FlightsCard({ operation }: { operation: OperationView }) {
  const { t } = useTranslation(['operations', 'common']);
  return (
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
    </section>
  );
}
