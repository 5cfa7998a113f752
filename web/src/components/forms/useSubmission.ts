import { useRef } from 'react';
import { newRequestId } from '../../http/client';

/**
 * The requestId of one submission. It stays the same while the person retries the same submission
 * (a double click, a retry after a network error), so the server acts once; after an accepted
 * submission the next one gets a new id.
 */
export function useSubmissionId(): { current: () => string; renew: () => void } {
  const id = useRef<string>(newRequestId());
  return {
    current: () => id.current,
    renew: () => {
      id.current = newRequestId();
    },
  };
}
