import { useTranslation } from 'react-i18next';
import { isApiProblem } from '../http/problem';
import { translatedProblemTitle } from '../i18n/problemTitle';

/**
 * An error as a person can act on it: for a refusal, what kind of refusal in the reader's language (by
 * its problem type) with the server's own detail after it (it names the rule, never a person; it is
 * English, and marked so for screen readers); a plain sentence for an outage or a lost connection.
 */
export function ProblemMessage({ error, testId }: { error: unknown; testId?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  let text: string;
  let detail: string | undefined;
  if (isApiProblem(error)) {
    if (error.status === 404) text = t('problem.notFound');
    else if (error.status === 503) text = t('problem.unavailable');
    else if (error.status === 429) text = t('problem.rateLimited');
    else if (error.status >= 500) text = t('problem.internal');
    else {
      text = translatedProblemTitle(t, error.problem);
      detail = error.problem.detail;
    }
  } else {
    text = t('problem.network');
  }
  return (
    <div role="alert" className="problem" data-testid={testId ?? 'problem'}>
      {detail === undefined ? text : <strong className="problem-title">{text}</strong>}
      {detail !== undefined && (
        <span className="problem-detail" lang="en" data-testid="problem-detail">
          {' '}
          {detail}
        </span>
      )}
      {isApiProblem(error) && error.problem.requestId && <span className="request-id"> ({t('problem.requestId', { id: error.problem.requestId })})</span>}
    </div>
  );
}
