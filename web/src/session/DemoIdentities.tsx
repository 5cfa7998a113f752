import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuthSession, DemoIdentity } from '../../../contracts/session';
import { COUNTRIES, ROLES } from '../../../domain/people';
import { signInAsDemo } from './auth';

/**
 * Development only (the server offers these in its embedded default alone): one button per role and
 * country, as a table so a country's five people sit on one row.
 */
export function DemoIdentities({ identities, onSignedIn }: { identities: DemoIdentity[]; onSignedIn: (auth: AuthSession) => void }) {
  const { t } = useTranslation(['signin', 'common']);
  const [failed, setFailed] = useState(false);
  const [busy, setBusy] = useState(false);
  const of = (role: string, country: string) => identities.find((d) => d.role === role && d.country === country);
  const signIn = async (identity: DemoIdentity) => {
    setBusy(true);
    setFailed(false);
    try {
      onSignedIn(await signInAsDemo(identity.id));
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="demo-identities" aria-labelledby="demo-identities-title">
      <h3 id="demo-identities-title">{t('demoTitle')}</h3>
      <p className="help">{t('demoHelp')}</p>
      {failed && (
        <p role="alert" className="problem">
          {t('unavailable')}
        </p>
      )}
      <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('countryColumn')}</th>
            {ROLES.map((role) => (
              <th scope="col" key={role}>
                {t(`common:role.${role}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {COUNTRIES.map((country) => (
            <tr key={country}>
              <th scope="row">{t(`common:country.${country}`)}</th>
              {ROLES.map((role) => {
                const identity = of(role, country);
                return (
                  <td key={role}>
                    {identity && (
                      <button
                        type="button"
                        className="secondary"
                        data-testid={`demo-${identity.id}`}
                        disabled={busy}
                        aria-label={t('demoAs', { role: t(`common:role.${role}`), country: t(`common:country.${country}`) })}
                        onClick={() => void signIn(identity)}
                      >
                        {t('demoSignIn')}
                      </button>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      </div>
    </section>
  );
}
