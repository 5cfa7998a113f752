/**
 * A bulk action's submission: the request id stays the same while the same body is retried (a lost
 * answer), so the server acts once; a changed body or selection is another submission with its own id;
 * after an accepted answer every body is new. A second click while one is on its way sends nothing.
 */
import { useRef } from 'react';
import { useSubmissionIdFor } from '../forms/useSubmission';

export function useBulkSubmission() {
  const submission = useSubmissionIdFor();
  const inFlight = useRef(false);
  return {
    /** The id for this body (everything the person chose, without the id itself). */
    idFor: (body: unknown) => submission.idFor(JSON.stringify(body)),
    current: submission.current,
    accepted: submission.renew,
    /** Runs `send` unless a submission is already on its way. */
    async once(send: () => Promise<void>) {
      if (inFlight.current) return;
      inFlight.current = true;
      try {
        await send();
      } finally {
        inFlight.current = false;
      }
    },
  };
}
