/**
 * The API's problem+json answers in the browser. The shape is the server's own schema (contracts/problem),
 * so a field error lands on the field the server named.
 */
import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import type { Problem } from '../../../contracts/problem';

export class ApiProblem extends Error {
  constructor(readonly problem: Problem, readonly retryAfterSeconds?: number) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiProblem';
  }
  get status(): number {
    return this.problem.status;
  }
  /** The problem's kind: the last part of its `type` URI, e.g. `validation-error`. */
  get kind(): string {
    return this.problem.type.split('/').pop() ?? this.problem.type;
  }
}

/** The browser could not reach the API at all (offline, proxy down): nothing was answered. */
export class NetworkProblem extends Error {
  constructor(cause: unknown) {
    super('network');
    this.name = 'NetworkProblem';
    this.cause = cause;
  }
}

export function isApiProblem(err: unknown): err is ApiProblem {
  return err instanceof ApiProblem;
}

/**
 * Puts each field error of a problem on the form field it names (`person.birthDate`, `documents.0.number`).
 * Returns the errors that name no field of this form, for a message at the top of the form.
 */
export function applyFieldErrors<T extends FieldValues>(
  problem: Problem,
  setError: UseFormSetError<T>,
  fields: ReadonlySet<string> | ((field: string) => boolean),
): { field: string; message: string }[] {
  const known = typeof fields === 'function' ? fields : (f: string) => fields.has(f) || [...fields].some((k) => f.startsWith(`${k}.`));
  const rest: { field: string; message: string }[] = [];
  for (const error of problem.errors ?? []) {
    const field = error.field.replace(/^body\./, '').replace(/\[(\d+)\]/g, '.$1');
    if (field !== '' && known(field)) setError(field as Path<T>, { type: 'server', message: error.message });
    else rest.push(error);
  }
  return rest;
}
