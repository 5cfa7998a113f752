import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { BulkApprovalResult } from '../../../../contracts/bulk';
import { BulkResultList, countsOf } from '../BulkActions/BulkResultList';

type Status = BulkApprovalResult['results'][number]['status'];
const ORDER: readonly Status[] = ['approved', 'rejected', 'refused', 'not-found', 'failed'];

/** What the bulk decision did to each case, with the server's reason for each one it refused. */
export function BulkResults({ answer, headingRef }: { answer: BulkApprovalResult; headingRef: RefObject<HTMLHeadingElement | null> }) {
  const { t } = useTranslation(['cases', 'common']);
  const rows = answer.results.map((r) => ({
    caseId: r.caseId,
    status: r.status,
    label: t(`bulk.status.${r.status}`),
    done: r.status === 'approved' || r.status === 'rejected',
    stage: r.stage && `${t(`common:stage.${r.stage}`)}${r.outcome ? ` (${t(`common:outcome.${r.outcome}`)})` : ''}`,
    detail:
      r.status === 'not-found'
        ? { text: t('common:problem.notFound') }
        : r.status === 'failed'
          ? { text: t('bulk.failedDetail') }
          : r.problem?.detail
            ? { text: r.problem.detail, server: true }
            : undefined,
  }));
  return (
    <BulkResultList
      testId="bulk-results"
      caption={t('bulk.resultCaption')}
      counts={countsOf(answer.results, ORDER, (status, count) => t(`bulk.count.${status}`, { count }), ['refused', 'not-found', 'failed'])}
      rows={rows}
      headingRef={headingRef}
    />
  );
}
