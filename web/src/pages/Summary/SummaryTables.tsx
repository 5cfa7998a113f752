import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { SummaryResponse } from '../../../../contracts/monitor';
import { formatNumber } from '../../format/numbers';

/** Counts with Latin digits and the language's grouping (10,000 open cases read as such). */
function useCount(): (value: number | undefined) => string {
  const { i18n } = useTranslation();
  return (value) => (value === undefined ? '' : formatNumber(value, i18n.resolvedLanguage ?? 'en'));
}

/** Open cases by stage, with the overdue ones and the countries each stage involves. */
export function StageTable({ summary }: { summary: SummaryResponse }) {
  const { t } = useTranslation(['monitor', 'common']);
  const n = useCount();
  const id = useId();
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{t('summary.byStage')}</h2>
      <p className="hint">{t('summary.byStageHint')}</p>
      <div className="table-wrap">
        <table aria-labelledby={id} data-testid="summary-stages">
          <thead>
            <tr>
              <th scope="col">{t('column.stage')}</th>
              <th scope="col">{t('summary.open')}</th>
              <th scope="col">{t('summary.overdue')}</th>
              {summary.countries.map((c) => (
                <th scope="col" key={c}>
                  {t(`common:country.${c}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {summary.byStage.map((row) => (
              <tr key={row.stage} data-stage={row.stage}>
                <th scope="row">{t(`common:stage.${row.stage}`)}</th>
                <td data-testid="stage-total">{n(row.total)}</td>
                <td>{n(row.overdue)}</td>
                {summary.countries.map((c) => (
                  <td key={c}>{n(row.byCountry[c])}</td>
                ))}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('summary.total')}</th>
              <td data-testid="summary-open">{n(summary.open)}</td>
              <td data-testid="summary-overdue">{n(summary.overdue)}</td>
              {summary.countries.map((c) => (
                <td key={c} />
              ))}
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}

export function OutcomeTable({ summary }: { summary: SummaryResponse }) {
  const { t } = useTranslation(['monitor', 'common']);
  const n = useCount();
  const id = useId();
  const total = summary.outcomes.reduce((n, o) => n + o.count, 0);
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{t('summary.outcomes')}</h2>
      {summary.outcomes.length === 0 ? (
        <p className="notice" data-testid="summary-no-outcomes">
          {t('summary.noOutcomes')}
        </p>
      ) : (
        <div className="table-wrap">
          <table aria-labelledby={id} data-testid="summary-outcomes">
            <thead>
              <tr>
                <th scope="col">{t('summary.outcome')}</th>
                <th scope="col">{t('summary.count')}</th>
              </tr>
            </thead>
            <tbody>
              {summary.outcomes.map((o) => (
                <tr key={o.outcome} data-outcome={o.outcome}>
                  <th scope="row">{t(`common:outcome.${o.outcome}`)}</th>
                  <td>{n(o.count)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t('summary.total')}</th>
                <td>{n(total)}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </section>
  );
}

export function ReleaseTable({ summary }: { summary: SummaryResponse }) {
  const { t } = useTranslation(['monitor', 'common']);
  const n = useCount();
  const id = useId();
  const r = summary.legalClockReleases;
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{t('summary.releases')}</h2>
      <p className="hint">{t('summary.releasesHint')}</p>
      <div className="table-wrap">
        <table aria-labelledby={id} data-testid="summary-releases">
          <thead>
            <tr>
              <th scope="col">{t('summary.outcome')}</th>
              <th scope="col">{t('summary.count')}</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">{t('common:outcome.released-custody-expired')}</th>
              <td>{n(r['released-custody-expired'])}</td>
            </tr>
            <tr>
              <th scope="row">{t('common:outcome.deemed-abandoned')}</th>
              <td>{n(r['deemed-abandoned'])}</td>
            </tr>
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('summary.total')}</th>
              <td data-testid="summary-releases-total">{n(r.total)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}
