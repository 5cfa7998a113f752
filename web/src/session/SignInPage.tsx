import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { SIGN_IN_FAILURES, type AuthSession, type SignInFailure } from '../../../contracts/session';
import { LanguageSelect } from '../components/LanguageSelect';
import { providerSignInUrl, startAfresh } from './auth';
import { DemoIdentities } from './DemoIdentities';

/** Why the last sign-in failed, from /signin?error=… (the server's redirect after a refused callback). */
export function signInFailureOf(search: string): SignInFailure | undefined {
  const error = new URLSearchParams(search).get('error');
  return (SIGN_IN_FAILURES as readonly string[]).includes(error ?? '') ? (error as SignInFailure) : undefined;
}

/** Where to come back after signing in: the page that was opened, except the sign-in page itself. */
export function returnPathOf(location: Location): string {
  return location.pathname === '/signin' ? '/' : `${location.pathname}${location.search}`;
}

export function SignInPage({ auth, unavailable }: { auth?: AuthSession; unavailable?: boolean }) {
  const { t } = useTranslation(['signin', 'common']);
  const queryClient = useQueryClient();
  const failure = signInFailureOf(window.location.search);
  const methods = auth?.signInMethods;
  return (
    <main id="main" className="signin">
      <div className="signin-card">
        <h1>{t('common:app.title')}</h1>
        <p className="brand-tagline">{t('common:app.tagline')}</p>
        <LanguageSelect />
        <h2>{t('title')}</h2>
        {failure && (
          <div role="alert" className="problem" data-testid="signin-failure" data-reason={failure}>
            <p>{t(`failure.${failure}`)}</p>
            <p className="help">{t('failureHelp')}</p>
          </div>
        )}
        {unavailable && (
          <p role="alert" className="problem">
            {t('unavailable')}
          </p>
        )}
        {methods?.provider && (
          <p>
            <a className="button" data-testid="signin-provider" href={providerSignInUrl(returnPathOf(window.location))}>
              {t('withProvider')}
            </a>
          </p>
        )}
        {methods && !methods.provider && !methods.demo && <p className="help">{t('noMethod')}</p>}
        {methods?.demo && (
          <DemoIdentities
            identities={methods.demo}
            onSignedIn={(signedIn) => {
              // A new person starts from an empty cache: nothing the previous one was shown is kept.
              startAfresh(queryClient, signedIn);
            }}
          />
        )}
      </div>
    </main>
  );
}
