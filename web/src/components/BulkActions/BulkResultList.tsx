/**
 * What one bulk action did to each case: a summary line and a table with a link to every case, the
 * result in words and, for a case that was not changed, the server's reason (English, marked so).
 * Shared by the bulk decision, the bulk schedule and adding to an operation.
 */
import type { ReactNode, RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export interface BulkResultRow {
  caseId: string;
  status: string;
  /** The result in words. */
  label: string;
  /** Whether the case did what was asked (green) or not (amber). */
  done: boolean;
  stage?: string;
  /** Our own words (translated) or the server's reason (English). */
  detail?: { text: string; server?: boolean };
}

export interface BulkResultListProps {
  testId: string;
  caption: string;
  /** Counts by result in words, in the order shown. */
  counts: { label: string; problem: boolean }[];
  rows: readonly BulkResultRow[];
  headingRef: RefObject<HTMLHeadingElement | null>;
  /** Whether the table has a "stage now" column. */
  withStage?: boolean;
  /** Below the summary, e.g. a link to the operation. */
  children?: ReactNode;
}

export function BulkResultList({ testId, caption, counts, rows, headingRef, withStage = true, children }: BulkResultListProps) {
  const { t } = useTranslation(['cases', 'common']);
  return (
    <div data-testid={testId}>
      <h3 tabIndex={-1} ref={headingRef}>
        {t('bulk.resultTitle', { count: rows.length })}
      </h3>
      <p role="status" data-testid="bulk-summary" className={counts.some((c) => c.problem) ? 'notice' : 'success'}>
        {counts.map((c) => c.label).join(' · ')}
      </p>
      {children}
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{t('table.caseId')}</th>
              <th scope="col">{t('bulk.result')}</th>
              {withStage && <th scope="col">{t('bulk.stageNow')}</th>}
              <th scope="col">{t('bulk.detail')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.caseId} data-case-id={r.caseId} data-testid="bulk-result-row">
                <td>
                  <Link to={`/cases/${r.caseId}`}>{r.caseId}</Link>
                </td>
                <td>
                  <span className={r.done ? 'badge closed' : 'badge overdue'} data-status={r.status} data-testid="bulk-result-status">
                    {r.label}
                  </span>
                </td>
                {withStage && <td>{r.stage}</td>}
                <td data-testid="bulk-result-detail">{r.detail && (r.detail.server ? <span lang="en">{r.detail.text}</span> : r.detail.text)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** Counts by status, in the order given, leaving out the ones that did not happen. */
export function countsOf<S extends string>(rows: readonly { status: S }[], order: readonly S[], label: (status: S, count: number) => string, problems: readonly S[]) {
  return order
    .map((status) => ({ status, n: rows.filter((r) => r.status === status).length }))
    .filter(({ n }) => n > 0)
    .map(({ status, n }) => ({ label: label(status, n), problem: problems.includes(status) }));
}
