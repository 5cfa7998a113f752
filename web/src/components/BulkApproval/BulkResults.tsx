import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { BulkApprovalResult } from '../../../../contracts/bulk';

/** What the bulk decision did to each case, with the server's reason for each one it refused. */
export function BulkResults({ answer, headingRef }: { answer: BulkApprovalResult; headingRef: RefObject<HTMLHeadingElement | null> }) {
  const { t } = useTranslation(['cases', 'common']);
  const counts = [
    ['approved', answer.approved],
    ['rejected', answer.rejected],
    ['refused', answer.refused],
    ['not-found', answer.notFound],
    ['failed', answer.failed],
  ] as const;
  return (
    <div data-testid="bulk-results">
      <h3 tabIndex={-1} ref={headingRef}>
        {t('bulk.resultTitle', { count: answer.requested })}
      </h3>
      <p role="status" data-testid="bulk-summary" className={answer.refused + answer.failed + answer.notFound > 0 ? 'notice' : 'success'}>
        {counts
          .filter(([, n]) => n > 0)
          .map(([status, n]) => t(`bulk.count.${status}`, { count: n }))
          .join(' · ')}
      </p>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{t('bulk.resultCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('table.caseId')}</th>
              <th scope="col">{t('bulk.result')}</th>
              <th scope="col">{t('bulk.stageNow')}</th>
              <th scope="col">{t('bulk.detail')}</th>
            </tr>
          </thead>
          <tbody>
            {answer.results.map((r) => (
              <tr key={r.caseId} data-case-id={r.caseId} data-testid="bulk-result-row">
                <td>
                  <Link to={`/cases/${r.caseId}`}>{r.caseId}</Link>
                </td>
                <td>
                  <span className={r.status === 'approved' || r.status === 'rejected' ? 'badge closed' : 'badge overdue'} data-status={r.status} data-testid="bulk-result-status">
                    {t(`bulk.status.${r.status}`)}
                  </span>
                </td>
                <td>
                  {r.stage && t(`common:stage.${r.stage}`)}
                  {r.outcome && ` (${t(`common:outcome.${r.outcome}`)})`}
                </td>
                <td data-testid="bulk-result-detail">
                  {r.status === 'not-found'
                    ? t('common:problem.notFound')
                    : r.status === 'failed'
                      ? t('bulk.failedDetail')
                      : r.problem?.detail}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
