import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { FieldError } from '../../../../contracts/problem';
import { Pager } from '../../components/Pager';
import { useRuleMessage } from '../Register/useRuleMessage';
import type { FileRow, ImportState, RowOutcome } from './importStore';

export const ROWS_PER_PAGE = 50;

export type RowFilter = 'all' | 'problems' | 'created' | 'existing' | 'conflict' | 'failed';

/** A row's status as the person reads it: the preview's verdict until the server has answered. */
export function rowStatus(row: FileRow, outcome: RowOutcome | undefined): 'ready' | 'invalid' | RowOutcome['status'] {
  if (!row.checked.ok) return 'invalid';
  return outcome?.status ?? 'ready';
}

function matches(filter: RowFilter, status: ReturnType<typeof rowStatus>): boolean {
  if (filter === 'all') return true;
  if (filter === 'problems') return status === 'invalid' || status === 'conflict' || status === 'failed';
  return status === filter;
}

function cell(row: FileRow, header: string[], column: string): string {
  const i = header.indexOf(column);
  return i < 0 ? '' : (row.cells[i] ?? '').trim();
}

/** The file's rows, a page at a time, with each row's problems or the case it registered. */
export function RowsTable({ state, running }: { state: ImportState; running: boolean }) {
  const { t } = useTranslation(['import', 'common']);
  const rule = useRuleMessage();
  const [filter, setFilter] = useState<RowFilter>('all');
  const [page, setPage] = useState(1);
  const file = state.file!;
  const rows = useMemo(
    () => file.rows.filter((r) => matches(filter, rowStatus(r, state.outcomes.get(r.row)))),
    [file, filter, state.outcomes],
  );
  const pages = Math.max(1, Math.ceil(rows.length / ROWS_PER_PAGE));
  const current = Math.min(page, pages);
  const shown = rows.slice((current - 1) * ROWS_PER_PAGE, current * ROWS_PER_PAGE);
  const filters: RowFilter[] = state.outcomes.size > 0 || running ? ['all', 'problems', 'created', 'existing', 'conflict', 'failed'] : ['all', 'problems'];
  const problems = (errors: readonly FieldError[]) => (
    <ul className="row-problems">
      {errors.map((e) => (
        <li key={e.field}>
          <strong>{e.field === 'row' ? t('row.whole') : e.field}</strong>: {rule(e.message)}
        </li>
      ))}
    </ul>
  );

  return (
    <div className="import-rows">
      <div className="filters">
        <div className="field">
          <label htmlFor="row-filter">{t('filter.label')}</label>
          <select
            id="row-filter"
            value={filter}
            onChange={(e) => {
              setFilter(e.target.value as RowFilter);
              setPage(1);
            }}
            data-testid="row-filter"
          >
            {filters.map((f) => (
              <option key={f} value={f}>
                {t(`filter.${f}`)}
              </option>
            ))}
          </select>
        </div>
        <p aria-live="polite" data-testid="rows-shown">
          {t('rowsShown', { count: rows.length, from: rows.length === 0 ? 0 : (current - 1) * ROWS_PER_PAGE + 1, to: (current - 1) * ROWS_PER_PAGE + shown.length })}
        </p>
      </div>
      <div className="table-wrap">
        <table data-testid="import-rows">
          <caption>{t('table.caption', { name: file.name })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('table.row')}</th>
              <th scope="col">{t('table.externalReference')}</th>
              <th scope="col">{t('table.fullName')}</th>
              <th scope="col">{t('table.route')}</th>
              <th scope="col">{t('table.status')}</th>
              <th scope="col">{t('table.details')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => {
              const outcome = state.outcomes.get(r.row);
              const status = rowStatus(r, outcome);
              const route = [cell(r, file.header, 'custodialCountry'), cell(r, file.header, 'transitCountries').replace(/\s*;\s*/g, ' → '), cell(r, file.header, 'receivingCountry')]
                .filter(Boolean)
                .join(' → ');
              return (
                <tr key={r.row} data-row={r.row} data-status={status} data-case-id={outcome?.caseId}>
                  <td>{r.row}</td>
                  <td>{cell(r, file.header, 'externalReference')}</td>
                  <td>{cell(r, file.header, 'fullName')}</td>
                  <td>{route}</td>
                  <td>
                    <span className={`badge status-${status}`} data-testid="row-status">
                      {t(`status.${status}`)}
                    </span>
                  </td>
                  <td>
                    {!r.checked.ok && problems(r.checked.errors)}
                    {outcome?.errors && problems(outcome.errors)}
                    {outcome?.caseId && (
                      <Link to={`/cases/${outcome.caseId}`} data-testid="row-case-link">
                        {outcome.caseId}
                      </Link>
                    )}
                    {outcome?.duplicateOfRow !== undefined && <span> {t('row.sameAs', { row: outcome.duplicateOfRow })}</span>}
                    {outcome?.status === 'conflict' && <p>{t('row.conflict')}</p>}
                    {outcome?.status === 'failed' && <p>{t('row.failed')}{outcome.detail ? ` (${outcome.detail})` : ''}</p>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {pages > 1 && (
        <Pager page={current} hasPrevious={current > 1} hasNext={current < pages} onPrevious={() => setPage(current - 1)} onNext={() => setPage(current + 1)} />
      )}
    </div>
  );
}
