import { useTranslation } from 'react-i18next';
import { DateTime } from '../../components/DateTime';
import { ProblemMessage } from '../../components/ProblemMessage';
import type { CaseTimeline } from '../../queries/case';

/** Every event of the case, oldest first: who did what, when, on which legal basis. */
export function Timeline({ timeline, error, loading }: { timeline: CaseTimeline | undefined; error: unknown; loading: boolean }) {
  const { t } = useTranslation(['case', 'common']);
  return (
    <section className="card" aria-labelledby="case-timeline" data-testid="case-timeline">
      <h2 id="case-timeline">{t('timeline.title')}</h2>
      {error !== null && error !== undefined && !timeline && <ProblemMessage error={error} />}
      {loading && !timeline && <p className="loading">{t('common:loading')}</p>}
      {timeline && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('timeline.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('timeline.at')}</th>
                <th scope="col">{t('timeline.actor')}</th>
                <th scope="col">{t('timeline.roleCountry')}</th>
                <th scope="col">{t('timeline.action')}</th>
                <th scope="col">{t('timeline.stage')}</th>
                <th scope="col">{t('timeline.detail')}</th>
                <th scope="col">{t('timeline.legalBasis')}</th>
              </tr>
            </thead>
            <tbody>
              {timeline.events.map((e) => (
                <tr key={e.seq} data-testid="timeline-row" data-action={e.action}>
                  <td>
                    <DateTime value={e.at} />
                  </td>
                  <td>{e.actor === 'system' ? t('timeline.system') : e.actor}</td>
                  <td>
                    {[e.actorRole && t(`common:role.${e.actorRole}`), e.actorCountry && t(`common:country.${e.actorCountry}`)].filter(Boolean).join(' · ') || '—'}
                  </td>
                  <td>{t(`timeline.actions.${e.action}`, { defaultValue: e.action })}</td>
                  <td>{t(`common:stage.${e.stage}`)}</td>
                  <td>{e.detail ?? '—'}</td>
                  <td>{e.legalBasis ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
