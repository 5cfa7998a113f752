import { useTranslation } from 'react-i18next';
import { DateTime } from '../../components/DateTime';
import type { CaseView } from '../../queries/case';

export function ArrestSection({ arrest, charges }: { arrest: CaseView['arrest']; charges: CaseView['charges'] }) {
  const { t } = useTranslation(['case', 'common']);
  return (
    <section className="card" aria-labelledby="case-arrest" data-testid="case-arrest">
      <h2 id="case-arrest">{t('arrest.title')}</h2>
      <dl className="facts">
        <dt>{t('arrest.time')}</dt>
        <dd>
          <DateTime value={arrest.time} />
        </dd>
        <dt>{t('arrest.place')}</dt>
        <dd>{arrest.place}</dd>
        <dt>{t('arrest.agency')}</dt>
        <dd>{arrest.agency}</dd>
        {arrest.operation && (
          <>
            <dt>{t('arrest.operation')}</dt>
            <dd>{arrest.operation}</dd>
          </>
        )}
        <dt>{t('arrest.charges')}</dt>
        <dd>
          {charges.length === 0 ? (
            t('common:none')
          ) : (
            <ul className="plain">
              {charges.map((c, i) => (
                <li key={i}>{c}</li>
              ))}
            </ul>
          )}
        </dd>
      </dl>
    </section>
  );
}
