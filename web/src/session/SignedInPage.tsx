import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { SESSION_CHANNEL } from './session';

/**
 * The end of a sign-in made again in a small window while a form waited in the workbench: tells the
 * waiting tab (which keeps what was typed) and closes. The opener link is cut by the cross-site round
 * trip through the provider, so the news goes through a BroadcastChannel.
 */
export function SignedInPage() {
  const { t } = useTranslation('signin');
  useEffect(() => {
    const channel = new BroadcastChannel(SESSION_CHANNEL);
    channel.postMessage({ type: 'signed-in' });
    channel.close();
    window.close();
  }, []);
  return (
    <main id="main" className="signin">
      <div className="signin-card">
        <h1 data-testid="signed-in">{t('signedInTitle')}</h1>
        <p>{t('signedInHelp')}</p>
      </div>
    </main>
  );
}
