import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { session, subjectOf } from './session';
import { SignInForm } from './SignInForm';
import { useSessionState } from './useSession';

/**
 * Shown over the page when the API answers 401: the page and every form on it stay as they are, the
 * person signs in again, and can then submit what they typed. Someone else signing in here starts
 * afresh instead: nothing the first person was shown is kept (the pages load again as the new person).
 */
export function SessionExpiredDialog() {
  const { t } = useTranslation('signin');
  const { expired } = useSessionState();
  const queryClient = useQueryClient();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (expired && !dialog.open) dialog.showModal();
    if (!expired && dialog.open) dialog.close();
  }, [expired]);
  return (
    <dialog ref={ref} aria-labelledby="session-expired-title" data-testid="session-expired" onCancel={(e) => e.preventDefault()}>
      <h2 id="session-expired-title">{t('expiredTitle')}</h2>
      <p>{t('expiredHelp')}</p>
      {expired && (
        <SignInForm
          idPrefix="again"
          onSignedIn={(token) => {
            if (subjectOf(token) === subjectOf(session.token())) {
              session.signIn(token);
              void queryClient.invalidateQueries();
            } else {
              queryClient.clear();
              session.signIn(token);
            }
          }}
        />
      )}
    </dialog>
  );
}
