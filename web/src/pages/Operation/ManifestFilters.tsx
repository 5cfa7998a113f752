import { useTranslation } from 'react-i18next';
import { blockedOnWho, MANIFEST_STATUSES, type ManifestStatus } from '../../../../domain/operation';
import type { OperationView } from '../../queries/operations';
import { useWaitingOnLabel } from './useWaitingOnLabel';

export interface ManifestFilter {
  status?: ManifestStatus;
  flightId?: string;
  waitingOn?: string;
}

/** The manifest's filters: readiness, flight or convoy, and whom blocked people wait on (from the readiness counts). */
export function ManifestFilters({ operation, filter, onChange }: { operation: OperationView; filter: ManifestFilter; onChange: (next: ManifestFilter) => void }) {
  const { t } = useTranslation(['operations', 'common']);
  const label = useWaitingOnLabel();
  const whos = [...new Set(operation.readiness.blockedOn.flatMap((b) => blockedOnWho(b.reason)))];
  // A filter from the address stays offered even when no one waits on it any more.
  if (filter.waitingOn && !whos.includes(filter.waitingOn)) whos.unshift(filter.waitingOn);
  const flights = operation.flights.map((f) => f.flightId);
  if (filter.flightId && !flights.includes(filter.flightId)) flights.unshift(filter.flightId);
  const set = (patch: ManifestFilter) => onChange({ ...filter, ...patch });
  return (
    <div className="filters" data-testid="manifest-filters">
      <div className="field">
        <label htmlFor="manifest-status">{t('board.readinessStatus')}</label>
        <select
          id="manifest-status"
          data-testid="manifest-status-filter"
          value={filter.status ?? ''}
          onChange={(e) => set({ status: e.target.value === '' ? undefined : (e.target.value as ManifestStatus) })}
        >
          <option value="">{t('common:any')}</option>
          {MANIFEST_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`manifestStatus.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="manifest-flight">{t('board.flight')}</label>
        <select id="manifest-flight" data-testid="manifest-flight-filter" value={filter.flightId ?? ''} onChange={(e) => set({ flightId: e.target.value || undefined })}>
          <option value="">{t('common:any')}</option>
          {flights.map((f) => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="manifest-waiting">{t('manifest.waitingOn')}</label>
        <select id="manifest-waiting" data-testid="manifest-waiting-filter" value={filter.waitingOn ?? ''} onChange={(e) => set({ waitingOn: e.target.value || undefined })}>
          <option value="">{t('common:any')}</option>
          {whos.map((w) => (
            <option key={w} value={w}>
              {label(w)}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
