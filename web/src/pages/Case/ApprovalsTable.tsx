import { useTranslation } from 'react-i18next';
import { DateTime } from '../../components/DateTime';
import type { CaseView } from '../../queries/case';

/** One slot per country: the custodial country releases, the receiving accepts, each transit country consents. */
export function ApprovalsTable({ approvals }: { approvals: CaseView['approvals'] }) {
  const { t } = useTranslation(['case', 'common']);
  return (
    <section className="card" aria-labelledby="case-approvals" data-testid="case-approvals">
      <h2 id="case-approvals">{t('approvals.title')}</h2>
      {approvals.length === 0 ? (
        <p>{t('approvals.none')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('approvals.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('approvals.country')}</th>
                <th scope="col">{t('approvals.slot')}</th>
                <th scope="col">{t('approvals.status')}</th>
                <th scope="col">{t('approvals.by')}</th>
                <th scope="col">{t('approvals.at')}</th>
                <th scope="col">{t('approvals.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {approvals.map((a) => (
                <tr key={`${a.country}-${a.slot}`} data-testid="approval-row" data-country={a.country} data-status={a.status}>
                  <th scope="row">{t(`common:country.${a.country}`)}</th>
                  <td>{t(`approvals.slots.${a.slot}`)}</td>
                  <td>
                    <span className={a.status === 'rejected' ? 'badge overdue' : a.status === 'approved' ? 'badge closed' : 'badge'}>{t(`approvals.statuses.${a.status}`)}</span>
                  </td>
                  <td>{a.by ?? '—'}</td>
                  <td>{a.at ? <DateTime value={a.at} /> : '—'}</td>
                  <td>{a.reason ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
