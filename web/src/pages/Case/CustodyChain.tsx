import { useTranslation } from 'react-i18next';
import { DateTime } from '../../components/DateTime';
import type { CaseView } from '../../queries/case';
import { custodyChain } from './case-view';
import { PastAttempts } from './PastAttempts';

/** The hops of the transfer in order; what is recorded, and which hop comes next. */
export function CustodyChain({ view }: { view: CaseView }) {
  const { t } = useTranslation(['case', 'common']);
  const hops = custodyChain(view);
  return (
    <section className="card" aria-labelledby="case-custody" data-testid="case-custody">
      <h2 id="case-custody">{t('custody.title')}</h2>
      {!view.schedule && view.custodyEvents.length === 0 && <p className="hint">{t('custody.notYet')}</p>}
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{t('custody.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('custody.hop')}</th>
              <th scope="col">{t('custody.event')}</th>
              <th scope="col">{t('custody.country')}</th>
              <th scope="col">{t('custody.state')}</th>
              <th scope="col">{t('custody.at')}</th>
              <th scope="col">{t('custody.by')}</th>
              <th scope="col">{t('custody.identity')}</th>
              <th scope="col">{t('fields.reference')}</th>
            </tr>
          </thead>
          <tbody>
            {hops.map((h, i) => (
              <tr
                key={`${h.event}-${h.country}`}
                data-testid="custody-row"
                data-event={h.event}
                data-country={h.country}
                data-state={h.recorded ? 'recorded' : h.expected ? 'expected' : 'later'}
                className={h.expected ? 'expected-hop' : undefined}
                aria-current={h.expected ? 'step' : undefined}
              >
                <td>{i + 1}</td>
                <th scope="row">{t(`custody.events.${h.event}`)}</th>
                <td>{t(`common:country.${h.country}`)}</td>
                <td>
                  <span className={h.recorded ? 'badge closed' : 'badge'}>
                    {h.recorded ? t('custody.recorded') : h.expected ? t('custody.expectedNext') : t('custody.later')}
                  </span>
                </td>
                <td>{h.recorded ? <DateTime value={h.recorded.at} /> : '—'}</td>
                <td>{h.recorded?.by ?? '—'}</td>
                <td>{h.event === 'received-by-receiving' && h.recorded ? (h.recorded.identityRechecked ? t('common:yes') : t('common:no')) : '—'}</td>
                <td>{h.recorded?.reference ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {view.custodyAttempts && view.custodyAttempts.length > 0 && <PastAttempts attempts={view.custodyAttempts} />}
    </section>
  );
}
