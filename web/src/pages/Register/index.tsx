import { useTranslation } from 'react-i18next';
import { useMe } from '../../session/useSession';
import { RegisterForm } from './RegisterForm';
import './register.css';

/** Registering one arrest: only a case officer of the custodial country may (the API's rule). */
export default function RegisterPage() {
  const { t } = useTranslation(['register', 'common']);
  const me = useMe().data;
  if (!me) return null;
  return (
    <section className="register-page">
      <h1 id="register-title">{t('title')}</h1>
      {me.role === 'officer' ? (
        <>
          <p className="subtitle">{t('intro', { country: t(`common:country.${me.country}`) })}</p>
          <RegisterForm me={me} />
        </>
      ) : (
        <p className="notice" data-testid="register-not-allowed">
          {t('notAllowed', { role: t(`common:role.${me.role}`), country: t(`common:country.${me.country}`) })}
        </p>
      )}
    </section>
  );
}
