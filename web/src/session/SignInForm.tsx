import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiProblem } from '../http/problem';
import type { Me } from '../../../contracts/session';

/**
 * Paste-a-token sign-in: the API checks the token (GET /me) before it is kept, so a wrong or expired
 * token is refused here with a reason rather than on the first page.
 */
export function SignInForm({ onSignedIn, idPrefix }: { onSignedIn: (token: string) => void; idPrefix: string }) {
  const { t } = useTranslation('signin');
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputId = `${idPrefix}-token`;
  const errorId = `${idPrefix}-token-error`;

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const value = token.trim();
    if (value.split('.').length !== 3) {
      setError(t('unreadable'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const res = await fetch('/api/v1/me', { headers: { authorization: `Bearer ${value}` } });
      if (!res.ok) {
        setError(res.status === 401 ? t('rejected') : t('unavailable'));
        return;
      }
      (await res.json()) as Me;
      onSignedIn(value);
    } catch (err) {
      setError(isApiProblem(err) ? err.message : t('unavailable'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <p className="help">{t('help')}</p>
      <div className="field">
        <label htmlFor={inputId}>{t('token')}</label>
        <textarea
          id={inputId}
          data-testid="token-input"
          rows={4}
          value={token}
          onChange={(e) => setToken(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          autoComplete="off"
          spellCheck={false}
        />
        {error && (
          <p id={errorId} className="field-error" role="alert">
            {error}
          </p>
        )}
      </div>
      <button type="submit" data-testid="signin-submit" disabled={busy}>
        {t('submit')}
      </button>
    </form>
  );
}
