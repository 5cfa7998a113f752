import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { DateTime } from '../../components/DateTime';
import { ProblemMessage } from '../../components/ProblemMessage';
import { useOverdue } from '../../queries/monitor';
import { HorizonForm } from './HorizonForm';
import { OverdueTable } from './OverdueTable';

/** A horizon from the URL, if it is one the server takes; otherwise the server's default. */
function horizonOf(param: string | null): number | undefined {
  if (param === null || param.trim() === '') return undefined;
  const days = Number(param);
  return Number.isFinite(days) && days > 0 && days <= 365 ? days : undefined;
}

export default function OverduePage() {
  const { t } = useTranslation(['monitor', 'common']);
  const [params, setParams] = useSearchParams();
  const horizonDays = horizonOf(params.get('horizon'));
  const overdue = useOverdue(horizonDays);
  const data = overdue.data;
  return (
    <>
      <h1>{t('overdue.title')}</h1>
      <p className="subtitle">{t('overdue.intro')}</p>
      <HorizonForm
        horizonDays={horizonDays}
        onChange={(days) => setParams(days === undefined ? {} : { horizon: String(days) })}
      />
      <ProblemMessage error={overdue.error} />
      {overdue.isPending && (
        <p className="loading" role="status">
          {t('common:loading')}
        </p>
      )}
      {data && (
        <>
          <p role="status" data-testid="overdue-status">
            {t('overdue.horizonUntil', { days: data.horizonDays })} <DateTime value={data.horizonUntil} />
          </p>
          {data.cases.length === 0 ? (
            <p className="notice" data-testid="overdue-empty">
              {t('overdue.empty')}
            </p>
          ) : (
            <OverdueTable cases={data.cases} />
          )}
          {data.truncated && <p className="notice">{t('overdue.truncated', { count: data.cases.length })}</p>}
        </>
      )}
    </>
  );
}
