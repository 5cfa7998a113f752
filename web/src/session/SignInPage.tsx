import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { LanguageSelect } from '../components/LanguageSelect';
import { session } from './session';
import { SignInForm } from './SignInForm';

export function SignInPage({ failure }: { failure?: unknown }) {
  const { t } = useTranslation(['signin', 'common']);
  const queryClient = useQueryClient();
  return (
    <main id="main" className="signin">
      <div className="signin-card">
        <h1>{t('common:app.title')}</h1>
        <p className="brand-tagline">{t('common:app.tagline')}</p>
        <LanguageSelect />
        <h2>{t('title')}</h2>
        {failure !== undefined && <p role="alert" className="problem">{t('rejected')}</p>}
        <SignInForm
          idPrefix="signin"
          onSignedIn={(token) => {
            queryClient.clear();
            session.signIn(token);
          }}
        />
        <p className="help">{t('demoHelp')}</p>
      </div>
    </main>
  );
}
