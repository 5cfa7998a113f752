import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { DateTime } from '../../components/DateTime';
import { ProblemMessage } from '../../components/ProblemMessage';
import { useSummary } from '../../queries/monitor';
import { periodDaysOf } from './period';
import { PeriodForm } from './PeriodForm';
import { OutcomeTable, ReleaseTable, StageTable } from './SummaryTables';

export default function SummaryPage() {
  const { t } = useTranslation(['monitor', 'common']);
  const [params, setParams] = useSearchParams();
  const days = periodDaysOf(params.get('days'));
  const summary = useSummary(days);
  const data = summary.data;
  return (
    <>
      <h1>{t('summary.title')}</h1>
      <PeriodForm days={days} onChange={(d) => setParams({ days: String(d) })} />
      <ProblemMessage error={summary.error} />
      {summary.isPending && (
        <p className="loading" role="status">
          {t('common:loading')}
        </p>
      )}
      {data && (
        <>
          <p className="subtitle" data-testid="summary-scope">
            {t('summary.scope', { country: t(`common:country.${data.country}`) })} {t('summary.generatedAt')} <DateTime value={data.generatedAt} />
          </p>
          <StageTable summary={data} />
          <p data-testid="summary-period">
            {t('summary.periodFrom')} <DateTime value={data.closedSince} /> {t('summary.periodTo')} <DateTime value={data.closedBefore} />
          </p>
          <div className="grid">
            <OutcomeTable summary={data} />
            <ReleaseTable summary={data} />
          </div>
        </>
      )}
    </>
  );
}
