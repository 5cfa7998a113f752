/** The problem a request ends in, thrown anywhere and answered by the error handler as problem+json. */
import { PROBLEM_KINDS, ProblemSchema, problemType, type FieldError, type Problem, type ProblemKind } from '../contracts/problem';

/** Seconds a client should wait before retrying a 503. */
export const RETRY_AFTER_SECONDS = 5;

/** Thrown anywhere in a request; the error handler turns it into a problem+json answer. */
export class HttpProblem extends Error {
  readonly status: number;
  readonly title: string;
  readonly errors?: FieldError[];
  readonly retryAfterSeconds?: number;

  constructor(
    readonly kind: ProblemKind,
    readonly detail?: string,
    extras: { errors?: FieldError[]; retryAfterSeconds?: number } = {},
  ) {
    super(detail ?? PROBLEM_KINDS[kind].title);
    this.name = 'HttpProblem';
    this.status = PROBLEM_KINDS[kind].status;
    this.title = PROBLEM_KINDS[kind].title;
    this.errors = extras.errors;
    this.retryAfterSeconds = extras.retryAfterSeconds ?? (this.status === 503 ? RETRY_AFTER_SECONDS : undefined);
  }

  toProblem(instance: string, requestId: string): Problem {
    return {
      type: problemType(this.kind),
      title: this.title,
      status: this.status,
      ...(this.detail !== undefined ? { detail: this.detail } : {}),
      instance,
      requestId,
      ...(this.errors ? { errors: this.errors } : {}),
    };
  }
}

export function isHttpProblem(err: unknown): err is HttpProblem {
  return err instanceof HttpProblem;
}

/** Problem responses every authenticated route documents in the OpenAPI document. */
export const COMMON_PROBLEM_RESPONSES = {
  400: ProblemSchema,
  401: ProblemSchema,
  429: ProblemSchema,
  503: ProblemSchema,
} as const;
