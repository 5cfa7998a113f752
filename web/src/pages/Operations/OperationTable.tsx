import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { OperationSummary } from '../../../../contracts/operations';
import { CaseRoute } from '../../components/CaseRoute';
import { DateTime } from '../../components/DateTime';

export function OperationTable({ operations }: { operations: readonly OperationSummary[] }) {
  const { t } = useTranslation(['operations', 'common']);
  return (
    <div className="table-wrap">
      <table data-testid="operations-table">
        <caption className="visually-hidden">{t('list.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('list.operation')}</th>
            <th scope="col">{t('list.status')}</th>
            <th scope="col">{t('list.route')}</th>
            <th scope="col">{t('list.createdAt')}</th>
            <th scope="col">{t('list.completedAt')}</th>
          </tr>
        </thead>
        <tbody>
          {operations.map((o) => (
            <tr key={o.operationId} data-testid="operation-row" data-operation-id={o.operationId}>
              <td>
                <Link to={`/operations/${encodeURIComponent(o.operationId)}`} data-testid="operation-link">
                  {o.operationId}
                </Link>
              </td>
              <td>
                <span className="badge" data-status={o.status}>
                  {t(`status.${o.status}`)}
                </span>
              </td>
              <td>
                <CaseRoute custodial={o.custodialCountry} transit={o.transitCountries} receiving={o.receivingCountry} />
              </td>
              <td>
                <DateTime value={o.createdAt} />
              </td>
              <td>{o.completedAt ? <DateTime value={o.completedAt} /> : t('common:none')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
