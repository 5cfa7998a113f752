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

/**
 * One id per submission when what is sent can change between tries (a field edited after a lost
 * answer, claim then release): a retry of the same body keeps its id, so the server acts once; a
 * different body is another submission and gets a new id, so it is not answered as a repeat of the
 * first. `renew` ends the submission (after it was accepted or finally refused).
 */
export function useSubmissionIdFor(): { current: () => string; idFor: (body: string) => string; renew: () => void } {
  const submission = useSubmissionId();
  const last = useRef<string | undefined>(undefined);
  return {
    current: submission.current,
    idFor: (body) => {
      if (last.current !== undefined && last.current !== body) submission.renew();
      last.current = body;
      return submission.current();
    },
    renew: () => {
      submission.renew();
      last.current = undefined;
    },
  };
}

/** A request body as the text that decides whether a retry is the same submission: everything but its id. */
export function bodyKey(body: unknown): string {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return JSON.stringify(body);
  const { requestId: _requestId, ...rest } = body as Record<string, unknown>;
  return JSON.stringify(rest);
}
