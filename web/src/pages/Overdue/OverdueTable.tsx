import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { OverdueCase } from '../../../../contracts/monitor';
import { CaseRoute } from '../../components/CaseRoute';
import { Countdown } from '../../components/Countdown';
import { DateTime } from '../../components/DateTime';
import { StageBadge } from '../../components/StageBadge';
import { WaitingOnList } from './WaitingOnList';

export function OverdueTable({ cases }: { cases: readonly OverdueCase[] }) {
  const { t } = useTranslation(['monitor', 'common']);
  return (
    <div className="table-wrap">
      <table data-testid="overdue-table">
        <caption className="visually-hidden">{t('overdue.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('column.case')}</th>
            <th scope="col">{t('column.reasons')}</th>
            <th scope="col">{t('column.stage')}</th>
            <th scope="col">{t('column.route')}</th>
            <th scope="col">{t('column.waitingOn')}</th>
            <th scope="col">{t('column.nextDeadline')}</th>
            <th scope="col">{t('column.legalDeadline')}</th>
            <th scope="col">{t('column.retrying')}</th>
          </tr>
        </thead>
        <tbody>
          {cases.map((c) => (
            <tr key={c.caseId} data-testid="overdue-row" data-case-id={c.caseId}>
              <td>
                <Link to={`/cases/${encodeURIComponent(c.caseId)}`}>{c.caseId}</Link>
              </td>
              <td>
                {c.reasons.map((reason) => (
                  <span key={reason} className={reason === 'overdue' ? 'badge overdue' : 'badge'} data-reason={reason}>
                    {t(`reason.${reason}`)}
                  </span>
                ))}
              </td>
              <td>
                <StageBadge stage={c.stage} outcome={c.outcome} />
              </td>
              <td>
                <CaseRoute custodial={c.custodialCountry} transit={c.transitCountries} receiving={c.receivingCountry} />
              </td>
              <td>
                <WaitingOnList keywords={c.waitingOn} />
              </td>
              <td>
                <Deadline value={c.nextDeadline} />
              </td>
              <td>
                <Deadline value={c.nextLegalDeadline} />
              </td>
              <td>
                {c.retryingActivities.length === 0
                  ? t('common:none')
                  : c.retryingActivities.map((a) => (
                      <div key={a.activity} data-testid="retrying">
                        {t('retrying', { activity: a.activity, attempt: a.attempt ?? '?' })}
                        {a.nextAttemptAt && (
                          <>
                            {' '}
                            {t('nextAttempt')} <DateTime value={a.nextAttemptAt} />
                          </>
                        )}
                      </div>
                    ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Deadline({ value }: { value: string | undefined }) {
  const { t } = useTranslation();
  if (!value) return <>{t('common:none')}</>;
  return (
    <>
      <DateTime value={value} />
      <div>
        <Countdown deadline={value} />
      </div>
    </>
  );
}
