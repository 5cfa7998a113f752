import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import type { Me } from '../../../contracts/session';
import { LanguageSelect } from '../components/LanguageSelect';
import { signOut } from '../session/auth';
import { navigationOf } from './home';

export function Header({ me }: { me: Me }) {
  const { t } = useTranslation();
  const [signingOut, setSigningOut] = useState(false);
  return (
    <header className="app-header">
      <div className="brand">
        <span className="brand-name">{t('app.title')}</span>
        <span className="brand-tagline">{t('app.tagline')}</span>
      </div>
      <nav aria-label={t('nav.label')}>
        <ul>
          {navigationOf(me.role).map((item) => (
            <li key={item.to}>
              <NavLink to={item.to}>{t(item.key)}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="header-tools">
        <LanguageSelect />
        <span data-testid="whoami" className="whoami">
          {t('signedInAs', { name: me.name, role: t(`role.${me.role}`), country: t(`country.${me.country}`) })}
        </span>
        <button
          type="button"
          className="secondary"
          data-testid="sign-out"
          disabled={signingOut}
          onClick={() => {
            setSigningOut(true);
            // A full page load afterwards: nothing of this person stays in memory or in the cache.
            signOut().then(
              (answer) => window.location.assign(answer.redirectTo),
              () => window.location.assign('/signin'),
            );
          }}
        >
          {t('signOut')}
        </button>
      </div>
    </header>
  );
}
