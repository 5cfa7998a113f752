/**
 * Every case involving the caller's country, server-paged. The filters live in the URL (bookmark it,
 * send it to a colleague); paging and the bulk selection live in the page and start over when the
 * filters change. Officers and supervisors act on the selection together: add to an operation, schedule
 * the handover, and (supervisors) approve or reject.
 */
import { useCallback, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { DEFAULT_PAGE_SIZE } from '../../../../contracts/list';
import { AddToOperationForm, ADD_TO_OPERATION_SECTION } from '../../components/BulkActions/AddToOperationForm';
import { BulkScheduleForm, BULK_SCHEDULE_SECTION } from '../../components/BulkActions/BulkScheduleForm';
import { SelectionBar } from '../../components/BulkActions/SelectionBar';
import { BulkApprovalBar, BULK_DECISION_SECTION, type BulkCaseResult } from '../../components/BulkApproval/BulkApprovalBar';
import { Pager } from '../../components/Pager';
import { ProblemMessage } from '../../components/ProblemMessage';
import { isApiProblem } from '../../http/problem';
import { useCaseList } from '../../queries/cases-list';
import { useMe } from '../../session/useSession';
import { CaseFilters } from './CaseFilters';
import { CaseTable } from './CaseTable';
import {
  PAGE_SIZES,
  countActiveFilters,
  filterIdentity,
  pageSizeNumber,
  readFilters,
  readPageSize,
  toSearchParams,
  validateQuery,
  type FilterValues,
} from './filters';
import { currentToken, nextPage, pageNumber, previousPage, rowRange, startTrail, trailFor } from './paging';
import { emptySelection, pageState, selectionFor, toggle, togglePage, without } from './selection';
import { useFilterErrorText } from './useFilterErrorText';

export default function CasesPage() {
  const { t } = useTranslation(['cases', 'common']);
  const me = useMe().data;
  const role = me?.role;
  const [searchParams, setSearchParams] = useSearchParams();
  const errorText = useFilterErrorText();
  const resultsHeading = useRef<HTMLHeadingElement>(null);

  const query = searchParams.toString();
  const values = useMemo(() => readFilters(new URLSearchParams(query)), [query]);
  const pageSize = readPageSize(searchParams);
  const check = useMemo(() => validateQuery(values, pageSize), [values, pageSize]);
  const urlErrors = check.ok ? [] : check.errors;
  const pageSizeOk = !urlErrors.some((e) => e.field === 'pageSize');
  const size = check.ok ? pageSizeNumber(pageSize) : DEFAULT_PAGE_SIZE;

  const identity = filterIdentity(values);
  const [trailState, setTrail] = useState(() => startTrail(`${identity}|${pageSize}`));
  const trail = trailFor(trailState, `${identity}|${pageSize}`);
  const [selectionState, setSelection] = useState(() => emptySelection(identity));
  const selection = selectionFor(selectionState, identity);

  const list = useCaseList(check.ok ? check.params : undefined, currentToken(trail));
  const serverProblem = isApiProblem(list.error) && list.error.status === 400 ? list.error : undefined;
  const cases = useMemo(() => (check.ok ? (list.data?.cases ?? []) : []), [check.ok, list.data]);
  const pageIds = useMemo(() => cases.map((c) => c.caseId), [cases]);
  const page = pageNumber(trail);
  const range = rowRange(page, size, cases.length);
  const nextToken = list.isPlaceholderData ? undefined : list.data?.nextPageToken;
  const filtered = countActiveFilters(values) > 0;
  const canDecide = role === 'supervisor';
  // Officers and supervisors of the custodial country add cases to its operations and schedule them; the
  // API answers for each case whether this country may.
  const canArrange = role === 'officer' || role === 'supervisor';
  const canSelect = canDecide || canArrange;
  const acting = role === 'officer' || role === 'supervisor' || role === 'legal';

  const apply = (next: FilterValues) => {
    setSearchParams(toSearchParams(next, pageSizeOk ? pageSize : undefined));
    resultsHeading.current?.focus();
  };

  const onToggle = useCallback((caseId: string, on: boolean) => setSelection((s) => toggle(selectionFor(s, identity), caseId, on)), [identity]);
  const onTogglePage = useCallback((on: boolean) => setSelection((s) => togglePage(selectionFor(s, identity), pageIds, on)), [identity, pageIds]);
  const selectedIds = useMemo(() => [...selection.ids], [selection.ids]);
  const onDecided = useCallback(
    (results: BulkCaseResult[]) =>
      // Cases that failed for want of an answer stay selected, so submitting again retries just those.
      setSelection((s) => without(selectionFor(s, identity), results.filter((r) => r.status !== 'failed').map((r) => r.caseId))),
    [identity],
  );
  // Cases the action did not take stay selected, to be looked at or sent again; the others are done.
  const keepOnly = useCallback(
    (results: readonly { caseId: string; kept: boolean }[]) =>
      setSelection((s) => without(selectionFor(s, identity), results.filter((r) => !r.kept).map((r) => r.caseId))),
    [identity],
  );
  const selectionActions = [
    ...(canDecide ? [{ target: BULK_DECISION_SECTION, label: t('selection.decide') }] : []),
    ...(canArrange
      ? [
          { target: ADD_TO_OPERATION_SECTION, label: t('selection.toOperation') },
          { target: BULK_SCHEDULE_SECTION, label: t('selection.toSchedule') },
        ]
      : []),
  ];

  return (
    <>
      <h1>{t('title')}</h1>
      <p className="subtitle">{me && t('subtitle', { country: t(`common:country.${me.country}`) })}</p>
      {role === 'officer' && (
        <p className="actions-row">
          <Link className="button" to="/register" data-testid="link-register">
            {t('common:nav.register')}
          </Link>
          <Link className="button secondary" to="/import" data-testid="link-import">
            {t('common:nav.import')}
          </Link>
        </p>
      )}

      {urlErrors.length > 0 && (
        <div role="alert" className="problem" data-testid="url-problem">
          <p>{t('urlProblem')}</p>
          <ul>
            {urlErrors.map((e) => (
              <li key={e.field} data-field={e.field}>
                <strong>{t(`filters.${e.field}`)}</strong>: {errorText(e)}
              </li>
            ))}
          </ul>
        </div>
      )}
      <CaseFilters
        values={values}
        urlErrors={urlErrors}
        serverProblem={serverProblem}
        acting={acting}
        onApply={apply}
        onClear={() => {
          setSearchParams(toSearchParams({}, pageSizeOk ? pageSize : undefined));
          resultsHeading.current?.focus();
        }}
      />

      <ProblemMessage error={list.error} testId="list-problem" />

      <section aria-labelledby="cases-results">
        <h2 id="cases-results" tabIndex={-1} ref={resultsHeading}>
          {t('results.title')}
        </h2>
        <div className="actions-row results-bar">
          <p role="status" data-testid="row-count" aria-busy={list.isFetching}>
            {!check.ok
              ? t('results.notAsked')
              : list.isPending
                ? t('common:loading')
                : cases.length === 0
                  ? <span data-testid="no-cases">{filtered ? t('results.noneMatch') : t('results.noneAtAll')}</span>
                  : `${t('results.range', { from: range.from, to: range.to })}${nextToken ? ` ${t('results.more')}` : ''}`}
            {list.isFetching && !list.isPending && ` ${t('results.updating')}`}
          </p>
          <label className="page-size">
            {t('results.pageSize')}{' '}
            <select
              value={pageSizeOk ? String(size) : String(DEFAULT_PAGE_SIZE)}
              data-testid="page-size"
              onChange={(e) => {
                const params = new URLSearchParams(searchParams);
                if (e.target.value === String(DEFAULT_PAGE_SIZE)) params.delete('pageSize');
                else params.set('pageSize', e.target.value);
                setSearchParams(params);
              }}
            >
              {[...new Set<number>([...PAGE_SIZES, size])].sort((a, b) => a - b).map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="secondary" onClick={() => void list.refetch()} disabled={!check.ok || list.isFetching} data-testid="refresh">
            {t('common:refresh')}
          </button>
        </div>

        {canSelect && <SelectionBar count={selection.ids.size} actions={selectionActions} onClear={() => setSelection(emptySelection(identity))} />}

        {cases.length > 0 && (
          <CaseTable
            cases={cases}
            caption={t('results.caption', { page })}
            meId={me?.id ?? ''}
            busy={list.isFetching}
            selection={
              canSelect
                ? { selected: selection.ids, pageState: pageState(selection, pageIds), onToggle, onTogglePage }
                : undefined
            }
          />
        )}
        {check.ok && (page > 1 || nextToken) && (
          <Pager
            page={page}
            hasPrevious={page > 1}
            hasNext={nextToken !== undefined}
            onPrevious={() => setTrail(previousPage(trail))}
            onNext={() => nextToken && setTrail(nextPage(trail, nextToken))}
          />
        )}
      </section>

      {canArrange && (
        <AddToOperationForm caseIds={selectedIds} onDone={(results) => keepOnly(results.map((r) => ({ caseId: r.caseId, kept: r.result === 'refused' })))} />
      )}
      {canArrange && (
        <BulkScheduleForm
          caseIds={selectedIds}
          onDone={(results) => keepOnly(results.map((r) => ({ caseId: r.caseId, kept: r.status === 'refused' || r.status === 'failed' })))}
        />
      )}
      {canDecide && <BulkApprovalBar caseIds={selectedIds} onDone={onDecided} />}
    </>
  );
}
