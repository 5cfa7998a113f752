/**
 * RFC 9457 problem details: the one shape of every 4xx/5xx answer. Details name rules and fields,
 * never a person, and never echo a request body.
 */
import { z } from 'zod';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export const FieldErrorSchema = z.object({
  field: z.string().describe('Dotted path of the offending field, e.g. `person.birthDate`'),
  message: z.string(),
});
export type FieldError = z.infer<typeof FieldErrorSchema>;

export const ProblemSchema = z
  .object({
    type: z.string().describe('URI reference naming the kind of problem'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional().describe('The request path'),
    requestId: z.string().optional().describe('Echoes X-Request-Id; quote it when reporting a problem'),
    errors: z.array(FieldErrorSchema).optional().describe('Validation errors, one per field'),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof ProblemSchema>;

/** The problem kinds Handover answers with; the slug becomes the `type` URI. */
export const PROBLEM_KINDS = {
  'validation-error': { status: 400, title: 'The request is not valid' },
  'malformed-json': { status: 400, title: 'The body is not valid JSON' },
  unauthenticated: { status: 401, title: 'Authentication required' },
  forbidden: { status: 403, title: 'Not allowed' },
  'csrf-refused': { status: 403, title: 'Cross-site request refused' },
  'not-found': { status: 404, title: 'Not found' },
  conflict: { status: 409, title: 'Conflict with the current state of the case' },
  'idempotency-conflict': { status: 409, title: 'Idempotency-Key reused with a different body' },
  'payload-too-large': { status: 413, title: 'The body is too large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported content type' },
  'unprocessable-action': { status: 422, title: 'The case refused the action' },
  'rate-limited': { status: 429, title: 'Too many requests' },
  internal: { status: 500, title: 'Internal error' },
  'temporal-unavailable': { status: 503, title: 'The case store is unavailable' },
  overloaded: { status: 503, title: 'The service is overloaded' },
  'worker-unavailable': { status: 503, title: 'No worker is serving cases right now' },
} as const satisfies Record<string, { status: number; title: string }>;
export type ProblemKind = keyof typeof PROBLEM_KINDS;

export function problemType(kind: ProblemKind): string {
  return `/problems/${kind}`;
}
