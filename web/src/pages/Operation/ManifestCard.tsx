import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { MANIFEST_STATUSES, type ManifestStatus } from '../../../../domain/operation';
import { Pager } from '../../components/Pager';
import { StageBadge } from '../../components/StageBadge';
import type { OperationView } from '../../queries/operations';
import { BlockedOnText } from './BlockedOnText';

export const MANIFEST_PAGE_SIZE = 50;

/** One page of the manifest: each case's readiness, seat and what holds it back. */
export function ManifestCard({
  manifest,
  status,
  onStatus,
  onOffset,
}: {
  manifest: OperationView['manifest'];
  status: ManifestStatus | undefined;
  onStatus: (status: ManifestStatus | undefined) => void;
  onOffset: (offset: number) => void;
}) {
  const { t } = useTranslation(['operations', 'common']);
  const page = Math.floor(manifest.offset / MANIFEST_PAGE_SIZE) + 1;
  const hasNext = manifest.offset + manifest.entries.length < manifest.total;
  return (
    <section className="card" aria-labelledby="operation-manifest">
      <h2 id="operation-manifest">
        {t('board.manifest')} <span className="badge">{t('board.manifestTotal', { count: manifest.total })}</span>
      </h2>
      <div className="filters">
        <div className="field">
          <label htmlFor="manifest-status">{t('board.readinessStatus')}</label>
          <select
            id="manifest-status"
            data-testid="manifest-status-filter"
            value={status ?? ''}
            onChange={(e) => onStatus(e.target.value === '' ? undefined : (e.target.value as ManifestStatus))}
          >
            <option value="">{t('common:any')}</option>
            {MANIFEST_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`manifestStatus.${s}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
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
