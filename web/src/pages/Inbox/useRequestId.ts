import { useRef } from 'react';
import { useSubmissionId } from '../../components/forms/useSubmission';

/**
 * One requestId per submission when one form can send different bodies (claim, then release): a retry
 * of the same body keeps its id, so the server acts once; another body is another submission.
 */
export function useRequestIdFor(): { idFor: (body: string) => string; accepted: () => void } {
  const submission = useSubmissionId();
  const last = useRef<string | undefined>(undefined);
  return {
    idFor: (body) => {
      if (last.current !== undefined && last.current !== body) submission.renew();
      last.current = body;
      return submission.current();
    },
    accepted: () => {
      submission.renew();
      last.current = undefined;
    },
  };
}
