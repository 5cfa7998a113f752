/**
 * When each problem kind is answered: the one list the OpenAPI document and docs/integrators.md are held
 * against (test/openapi-problems.test.ts). Titles and statuses stay in PROBLEM_KINDS; this adds the words
 * an integrator needs to decide whether to fix the request, retry or report.
 */
import { PROBLEM_KINDS, problemType, type Problem, type ProblemKind } from './problem';

/** Every kind needs its sentence (a kind added to PROBLEM_KINDS without one does not compile). */
export const PROBLEM_WHEN: Record<ProblemKind, string> & Record<string, string> = {
  'validation-error':
    'A path, query, header or body field breaks its schema, or the body is empty; `errors` names each field. Fix the request; do not retry it unchanged.',
  'malformed-json': 'The body is not parseable JSON. Fix the request.',
  unauthenticated: 'No Bearer token, or a token that is expired, badly signed or for another issuer or audience. Get a new token.',
  forbidden:
    "The caller's role or country may not take this action (wrong role, another country's slot, four eyes: an approval by the person who prepared it).",
  'csrf-refused': 'A cookie-authenticated browser request came from another origin or without the anti-forgery header. Machine clients using Bearer tokens never see it.',
  'not-found': 'No such route, case or operation, or a case that does not involve the caller\'s country (answered exactly like a missing one).',
  conflict: 'The case is not in a stage that accepts the action, the action was already recorded differently, or the case is closed.',
  'idempotency-conflict': 'An Idempotency-Key or requestId was used before with a different body. Use a new key for a new request.',
  'payload-too-large': 'The body is larger than the route accepts (HANDOVER_BODY_LIMIT_BYTES, 1 MiB by default; 32 MiB on POST /api/v1/cases/bulk), or a bulk upload has more than 10,000 rows.',
  'unsupported-media-type': 'The body is not `application/json` (POST /api/v1/cases/bulk also takes `text/csv`).',
  'unprocessable-action': 'The case refused the action on its content: e.g. an extension beyond the treaty maximum, a custody event out of the route\'s order.',
  'rate-limited':
    'More than HANDOVER_RATE_LIMIT requests (600 by default) in a minute from one token subject (before sign-in: from one address; the workbench\'s script and style files are not counted). Wait `Retry-After` seconds.',
  internal: 'A fault in Handover. Nothing was half-done on the case; report the `requestId`.',
  'temporal-unavailable':
    'The case store (Temporal) did not answer in time, or this instance is shutting down. The action may or may not have been recorded: retry with the same requestId after `Retry-After` seconds.',
  overloaded: 'This instance sheds load (event loop delayed). Retry after `Retry-After` seconds.',
  'worker-unavailable':
    'No worker is polling the case task queue, or the case\'s last workflow task failed on a worker and is being retried, so the case cannot answer an action now. Nothing was recorded; retry after `Retry-After` seconds.',
};

export interface ProblemTypeDoc {
  kind: ProblemKind;
  type: string;
  status: number;
  title: string;
  when: string;
}

/** Every problem type, in status order. */
export function problemTypeCatalogue(): ProblemTypeDoc[] {
  return (Object.keys(PROBLEM_KINDS) as ProblemKind[])
    .map((kind) => ({ kind, type: problemType(kind), status: PROBLEM_KINDS[kind].status, title: PROBLEM_KINDS[kind].title, when: PROBLEM_WHEN[kind] }))
    .sort((a, b) => a.status - b.status);
}

/** An example answer of a kind, as the error handler writes it. */
export function exampleProblem(kind: ProblemKind, detail: string, instance: string, extras: Pick<Problem, 'errors'> = {}): Problem {
  return {
    type: problemType(kind),
    title: PROBLEM_KINDS[kind].title,
    status: PROBLEM_KINDS[kind].status,
    detail,
    instance,
    requestId: '6f1c2a9e-3b7d-4c55-9a0e-2d8b1f4e7c31',
    ...extras,
  };
}
