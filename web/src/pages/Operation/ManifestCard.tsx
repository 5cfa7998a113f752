import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Pager } from '../../components/Pager';
import { StageBadge } from '../../components/StageBadge';
import type { OperationView } from '../../queries/operations';
import { BlockedOnText } from './BlockedOnText';
import { ManifestExport } from './ManifestExport';
import { ManifestFilters, type ManifestFilter } from './ManifestFilters';

export const MANIFEST_PAGE_SIZE = 50;

/** One page of the manifest: each case's readiness, seat and what holds it back. */
export function ManifestCard({
  operation,
  filter,
  onFilter,
  onOffset,
  onRemove,
}: {
  operation: OperationView;
  filter: ManifestFilter;
  onFilter: (filter: ManifestFilter) => void;
  onOffset: (offset: number) => void;
  /** Offered to the custodial country's officers and supervisors while the person can still leave. */
  onRemove?: (caseId: string) => void;
}) {
  const { t } = useTranslation(['operations', 'common']);
  const manifest = operation.manifest;
  const page = Math.floor(manifest.offset / MANIFEST_PAGE_SIZE) + 1;
  const hasNext = manifest.offset + manifest.entries.length < manifest.total;
  return (
    <section className="card" aria-labelledby="operation-manifest">
      <h2 id="operation-manifest">
        {t('board.manifest')} <span className="badge">{t('board.manifestTotal', { count: manifest.total })}</span>
      </h2>
      <ManifestFilters operation={operation} filter={filter} onChange={onFilter} />
      <ManifestExport operationId={operation.operationId} filter={filter} />
      {manifest.entries.length === 0 ? (
        <p className="notice" data-testid="manifest-empty">
          {t('board.manifestEmpty')}
        </p>
      ) : (
        <div className="table-wrap">
          <table aria-labelledby="operation-manifest" data-testid="manifest-table">
            <thead>
              <tr>
                <th scope="col">{t('board.case')}</th>
                <th scope="col">{t('board.readinessStatus')}</th>
                <th scope="col">{t('board.stage')}</th>
                <th scope="col">{t('board.flight')}</th>
                <th scope="col">{t('board.note')}</th>
                {onRemove && (
                  <th scope="col">
                    <span className="visually-hidden">{t('manifest.actions')}</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {manifest.entries.map((e) => (
                <tr key={e.caseId} data-testid="manifest-row" data-case-id={e.caseId} data-status={e.status}>
                  <td>
                    <Link to={`/cases/${encodeURIComponent(e.caseId)}`}>{e.caseId}</Link>
                  </td>
                  <td>
                    <span className={e.status === 'blocked' ? 'badge overdue' : 'badge'}>{t(`manifestStatus.${e.status}`)}</span>
                  </td>
                  <td>{e.stage ? <StageBadge stage={e.stage} outcome={e.outcome} /> : t('common:none')}</td>
                  <td>{e.flightId ?? t('common:none')}</td>
                  <td>
                    {e.blockedOn && <BlockedOnText text={e.blockedOn} />}
                    {e.exception && <div>{t(`exception.${e.exception}`)}</div>}
                    {e.leftOut && <div>{e.leftOut}</div>}
                    {!e.blockedOn && !e.exception && !e.leftOut && t('common:none')}
                  </td>
                  {onRemove && (
                    <td>
                      {e.status !== 'in-transfer' && e.status !== 'closed' && (
                        <button type="button" className="secondary" onClick={() => onRemove(e.caseId)} data-testid="manifest-remove">
                          {t('manifest.remove', { caseId: e.caseId })}
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {(page > 1 || hasNext) && (
        <Pager
          page={page}
          hasPrevious={page > 1}
          hasNext={hasNext}
          onPrevious={() => onOffset(Math.max(0, manifest.offset - MANIFEST_PAGE_SIZE))}
          onNext={() => onOffset(manifest.offset + MANIFEST_PAGE_SIZE)}
        />
      )}
    </section>
  );
}
