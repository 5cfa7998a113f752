import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuthSession } from '../../../contracts/session';
import { AUTH_SESSION_KEY, providerSignInUrl, readAuthSession, startAfresh } from './auth';
import { DemoIdentities } from './DemoIdentities';
import { session, SESSION_CHANNEL } from './session';
import { useAuthSession, useSessionState } from './useSession';

/**
 * Shown over the page when the API answers 401: the page and every form on it stay as they are, the
 * person signs in again in a small window (or, in development, with a demo identity), and can then submit
 * what they typed. Someone else signing in here starts afresh instead: nothing the first person was shown
 * is kept (the pages load again as the new person).
 */
export function SessionExpiredDialog() {
  const { t } = useTranslation('signin');
  const { expired } = useSessionState();
  const auth = useAuthSession().data;
  const queryClient = useQueryClient();
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (expired && !dialog.open) dialog.showModal();
    if (!expired && dialog.open) dialog.close();
  }, [expired]);

  useEffect(() => {
    if (!expired) return undefined;
    const check = () => void readAuthSession().then((signedIn) => resume(queryClient, signedIn), () => undefined);
    const channel = new BroadcastChannel(SESSION_CHANNEL);
    channel.onmessage = check;
    // A person who signed in in another tab instead comes back to this one.
    window.addEventListener('focus', check);
    return () => {
      channel.close();
      window.removeEventListener('focus', check);
    };
  }, [expired, queryClient]);

  return (
    <dialog ref={ref} aria-labelledby="session-expired-title" data-testid="session-expired" onCancel={(e) => e.preventDefault()}>
      <h2 id="session-expired-title">{t('expiredTitle')}</h2>
      <p>{t('expiredHelp')}</p>
      {expired && auth?.signInMethods.provider && (
        <button
          type="button"
          data-testid="signin-again"
          onClick={() => window.open(providerSignInUrl('/signed-in'), 'handover-sign-in', 'popup,width=520,height=720')}
        >
          {t('withProvider')}
        </button>
      )}
      {expired && auth?.signInMethods.demo && <DemoIdentities identities={auth.signInMethods.demo} onSignedIn={(signedIn) => resume(queryClient, signedIn)} />}
    </dialog>
  );
}

/** The same person goes on where they were; anyone else starts from an empty cache. */
function resume(queryClient: QueryClient, signedIn: AuthSession): void {
  if (!signedIn.signedIn) return;
  if (signedIn.me?.id === session.subject()) {
    session.update(signedIn);
    queryClient.setQueryData(AUTH_SESSION_KEY, signedIn);
    void queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== AUTH_SESSION_KEY[0] });
  } else {
    startAfresh(queryClient, signedIn);
  }
}
