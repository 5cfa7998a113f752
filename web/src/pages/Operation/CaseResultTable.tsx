import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export interface CaseResultRow {
  caseId: string;
  result: string;
  /** The result in words. */
  label: string;
  /** Done as asked; the others are marked for the reader to look at. */
  done: boolean;
  /** The operation's reason: the server's own English sentence, shown as it came. */
  reason?: string;
}

/** What each case answered to an operation's request: a link to the case, its result and the reason. */
export function CaseResultTable({ rows, heading, resultLabel, testId, rowTestId }: { rows: readonly CaseResultRow[]; heading?: ReactNode; resultLabel: string; testId: string; rowTestId: string }) {
  const { t } = useTranslation(['operations', 'common']);
  return (
    <div className="table-wrap">
      <table data-testid={testId}>
        {heading && <caption>{heading}</caption>}
        <thead>
          <tr>
            <th scope="col">{t('board.case')}</th>
            <th scope="col">{resultLabel}</th>
            <th scope="col">{t('board.note')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.caseId} data-testid={rowTestId} data-case-id={r.caseId} data-result={r.result}>
              <td>
                <Link to={`/cases/${encodeURIComponent(r.caseId)}`}>{r.caseId}</Link>
              </td>
              <td>
                <span className={r.done ? 'badge' : 'badge overdue'}>{r.label}</span>
              </td>
              <td lang={r.reason ? 'en' : undefined}>{r.reason ?? t('common:none')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
