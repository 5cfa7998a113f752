import { useTranslation } from 'react-i18next';
import { isApiProblem } from '../http/problem';

/**
 * An error as a person can act on it: the server's own detail for a refusal (it names the rule, never a
 * person), a plain sentence for an outage or a lost connection.
 */
export function ProblemMessage({ error, testId }: { error: unknown; testId?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  let text: string;
  if (isApiProblem(error)) {
    if (error.status === 404) text = t('problem.notFound');
    else if (error.status === 503) text = t('problem.unavailable');
    else if (error.status === 429) text = t('problem.rateLimited');
    else if (error.status >= 500) text = t('problem.internal');
    else text = error.problem.detail ?? error.problem.title;
  } else {
    text = t('problem.network');
  }
  return (
    <div role="alert" className="problem" data-testid={testId ?? 'problem'}>
      {text}
      {isApiProblem(error) && error.problem.requestId && <span className="request-id"> ({t('problem.requestId', { id: error.problem.requestId })})</span>}
    </div>
  );
}
