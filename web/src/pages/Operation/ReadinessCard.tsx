import { useTranslation } from 'react-i18next';
import { DateTime } from '../../components/DateTime';
import { BlockedOnText } from './BlockedOnText';
import type { OperationView } from '../../queries/operations';

const READINESS = ['blocked', 'ready', 'scheduled', 'inTransfer', 'closed', 'unknown'] as const;
const ROLL_UP = ['handedOver', 'referredAsVictim', 'referredToEmbassy', 'released', 'refused', 'withdrawn', 'pending'] as const;

/** Where the manifest stands: how many cases can fly, what holds the others back. */
export function ReadinessCard({ operation }: { operation: OperationView }) {
  const { t } = useTranslation(['operations', 'common']);
  const r = operation.readiness;
  return (
    <section className="card" aria-labelledby="operation-readiness">
      <h2 id="operation-readiness">{t('board.readiness')}</h2>
      <p className="hint">{r.asOf ? <>{t('board.asOf')} <DateTime value={r.asOf} /></> : t('board.notReadYet')}</p>
      <div className="table-wrap">
        <table aria-labelledby="operation-readiness" data-testid="operation-readiness">
          <thead>
            <tr>
              <th scope="col">{t('board.readinessStatus')}</th>
              <th scope="col">{t('board.cases')}</th>
            </tr>
          </thead>
          <tbody>
            {READINESS.map((key) => (
              <tr key={key} data-readiness={key}>
                <th scope="row">{t(`readiness.${key}`)}</th>
                <td>{r[key]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {r.blockedOn.length > 0 && (
        <>
          <h3>{t('board.blockedOn')}</h3>
          <ul data-testid="blocked-on">
            {r.blockedOn.map((b) => (
              <li key={b.reason}>
                <BlockedOnText text={b.reason} /> — {b.count}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** Outcomes of the whole manifest; the counts add up to the total. */
export function RollUpCard({ operation }: { operation: OperationView }) {
  const { t } = useTranslation(['operations', 'common']);
  const u = operation.rollUp;
  return (
    <section className="card" aria-labelledby="operation-rollup">
      <h2 id="operation-rollup">{t('board.rollUp')}</h2>
      <div className="table-wrap">
        <table aria-labelledby="operation-rollup" data-testid="operation-rollup">
          <thead>
            <tr>
              <th scope="col">{t('board.outcome')}</th>
              <th scope="col">{t('board.cases')}</th>
            </tr>
          </thead>
          <tbody>
            {ROLL_UP.map((key) => (
              <tr key={key} data-outcome={key}>
                <th scope="row">{t(`rollUp.${key}`)}</th>
                <td>{u[key]}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('board.total')}</th>
              <td data-testid="rollup-total">{u.total}</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}
