import { useTranslation } from 'react-i18next';
import { CaseRoute } from '../../components/CaseRoute';
import { DateTime } from '../../components/DateTime';
import type { OperationView } from '../../queries/operations';

/** What the operation plans: route, handover point, transport, window and seats. */
export function OperationFacts({ operation }: { operation: OperationView }) {
  const { t } = useTranslation(['operations', 'common']);
  const d = operation.details;
  return (
    <section className="card" aria-labelledby="operation-facts">
      <h2 id="operation-facts">{t('board.details')}</h2>
      <dl className="facts" data-testid="operation-facts">
        <dt>{t('board.status')}</dt>
        <dd>
          <span className="badge" data-status={operation.status} data-testid="operation-status">
            {t(`status.${operation.status}`)}
          </span>
        </dd>
        <dt>{t('list.route')}</dt>
        <dd>
          <CaseRoute custodial={d.custodialCountry} transit={d.transitCountries} receiving={d.receivingCountry} />
        </dd>
        <dt>{t('board.handoverPoint')}</dt>
        <dd data-testid="handover-point">{d.handoverPoint}</dd>
        <dt>{t('board.transport')}</dt>
        <dd>{t(`transport.${d.transport}`)}</dd>
        <dt>{t('board.escort')}</dt>
        <dd>{d.escort}</dd>
        <dt>{t('board.window')}</dt>
        <dd>
          <DateTime value={d.window.start} /> – <DateTime value={d.window.end} />
        </dd>
        <dt>{t('board.capacity')}</dt>
        <dd>{d.capacity}</dd>
        <dt>{t('board.createdBy')}</dt>
        <dd>
          {operation.createdBy} · <DateTime value={operation.createdAt} />
        </dd>
        {operation.completedAt && (
          <>
            <dt>{t('list.completedAt')}</dt>
            <dd>
              <DateTime value={operation.completedAt} />
            </dd>
          </>
        )}
      </dl>
    </section>
  );
}
