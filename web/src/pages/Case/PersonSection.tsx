import { useTranslation } from 'react-i18next';
import { DateTime } from '../../components/DateTime';
import { regionName } from '../../format/countries';
import type { CaseView } from '../../queries/case';

/** Personal data: shown on this page only, never in lists. */
export function PersonSection({ person }: { person: CaseView['person'] }) {
  const { t, i18n } = useTranslation(['case', 'common']);
  // The six countries by their catalogue names; any other by the browser's name for it.
  const country = (code: string) => t(`common:country.${code}`, { defaultValue: regionName(code, i18n.resolvedLanguage ?? 'en') });
  return (
    <section className="card" aria-labelledby="case-person" data-testid="case-person">
      <h2 id="case-person">{t('person.title')}</h2>
      <p className="hint">{t('person.personalData')}</p>
      <dl className="facts">
        <dt>{t('person.fullName')}</dt>
        <dd data-testid="person-name">{person.fullName}</dd>
        <dt>{t('person.otherNames')}</dt>
        <dd>{person.otherNames.join(', ') || t('common:none')}</dd>
        <dt>{t('person.birthDate')}</dt>
        <dd>{person.birthDate ? <DateTime value={person.birthDate} dateOnly /> : t('person.unknown')}</dd>
        <dt>{t('person.sex')}</dt>
        <dd>{t(`person.sexes.${person.sex}`)}</dd>
        <dt>{t('person.claimedNationality')}</dt>
        <dd>{country(person.claimedNationality)}</dd>
        <dt>{t('person.biometricReference')}</dt>
        <dd>{person.biometricReference ?? t('common:none')}</dd>
      </dl>
      <h3>{t('person.documents')}</h3>
      {person.documents.length === 0 ? (
        <p>{t('person.noDocuments')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('person.documents')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('person.documentType')}</th>
                <th scope="col">{t('person.documentNumber')}</th>
                <th scope="col">{t('person.issuingCountry')}</th>
              </tr>
            </thead>
            <tbody>
              {person.documents.map((d, i) => (
                <tr key={i}>
                  <td>{t(`person.documentTypes.${d.type}`)}</td>
                  <td>{d.number}</td>
                  <td>{country(d.issuingCountry)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
