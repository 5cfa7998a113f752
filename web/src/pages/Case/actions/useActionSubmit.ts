/**
 * One submission of a case action form: the contract schema has checked the values (zodResolver), the
 * request id stays the same for every retry of the same body and is new once the body changed (a field
 * edited after a lost answer is another submission, not a repeat of the first); a second click while it is on its way
 * sends nothing, the server's field errors land on the fields and anything else at the top of the form.
 * What the person typed stays on every failure.
 */
import { useRef, useState } from 'react';
import type { FieldValues, Path, PathValue, UseFormReturn } from 'react-hook-form';
import type { CaseActionSegment } from '../../../../../domain/case';
import { bodyKey, useSubmissionIdFor } from '../../../components/forms/useSubmission';
import { applyFieldErrors, isApiProblem, type ApiProblem } from '../../../http/problem';
import { useCaseAction } from '../../../queries/case';

export interface ActionSubmitOptions<TIn extends FieldValues, TOut> {
  caseId: string;
  segment: CaseActionSegment;
  form: UseFormReturn<TIn, unknown, TOut>;
  /** The body fields this form shows, for the server's field errors. */
  fields: readonly string[];
  onDone: (segment: CaseActionSegment) => void;
  /** Closing or destructive submissions ask once more before they are sent. */
  needsConfirmation?: (values: TOut) => boolean;
  /** A refusal without field errors that is nonetheless about one field (e.g. a clock's extension limit). */
  fieldOfRefusal?: (problem: ApiProblem) => Path<TIn> | undefined;
}

export function useActionSubmit<TIn extends FieldValues, TOut>(options: ActionSubmitOptions<TIn, TOut>) {
  const { caseId, segment, form, fields, onDone, needsConfirmation, fieldOfRefusal } = options;
  const submission = useSubmissionIdFor();
  const mutation = useCaseAction<unknown>(caseId, segment);
  const [problem, setProblem] = useState<unknown>(undefined);
  const [confirming, setConfirming] = useState<{ values: TOut } | undefined>(undefined);
  // Where the keyboard focus goes next (the form frame moves it): the problem, or the question to confirm.
  const [focus, setFocus] = useState<{ target: 'problem' | 'confirm'; n: number } | undefined>(undefined);
  const focusOn = (target: 'problem' | 'confirm') => setFocus((f) => ({ target, n: (f?.n ?? 0) + 1 }));
  const inFlight = useRef(false);

  const send = async (values: TOut) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setProblem(undefined);
    try {
      const requestId = submission.idFor(bodyKey(values));
      await mutation.mutateAsync({ ...(values as object), requestId });
      submission.renew();
      setConfirming(undefined);
      form.reset();
      onDone(segment);
    } catch (err) {
      setConfirming(undefined);
      if (isApiProblem(err)) {
        const known = new Set(fields);
        const rest = applyFieldErrors(err.problem, form.setError, known);
        const onField = err.problem.errors?.length ? undefined : fieldOfRefusal?.(err);
        if (onField) {
          form.setError(onField, { type: 'server', message: err.problem.detail ?? err.problem.title }, { shouldFocus: true });
          return;
        }
        const first = (err.problem.errors ?? []).map((e) => e.field.replace(/^body\./, '')).find((f) => known.has(f));
        if (first) form.setFocus(first as Path<TIn>);
        if (rest.length > 0 || !err.problem.errors?.length) {
          setProblem(err);
          if (!first) focusOn('problem');
        }
        return;
      }
      // A lost connection: a retry of the same body carries the same request id, so the server acts at most once.
      setProblem(err);
      focusOn('problem');
    } finally {
      inFlight.current = false;
    }
  };

  const onSubmit = (event: React.FormEvent<HTMLFormElement>) => {
    // A well-formed id for the contract check; the one sent is chosen by the body in send().
    form.setValue('requestId' as Path<TIn>, submission.current() as PathValue<TIn, Path<TIn>>);
    void form.handleSubmit(async (values) => {
      if (inFlight.current || mutation.isPending) return;
      if (needsConfirmation?.(values)) {
        setConfirming({ values });
        focusOn('confirm');
        return;
      }
      await send(values);
    })(event);
  };

  return {
    onSubmit,
    pending: mutation.isPending,
    problem,
    focus,
    confirming: confirming !== undefined,
    confirm: () => {
      if (confirming) void send(confirming.values);
    },
    cancelConfirm: () => setConfirming(undefined),
  };
}

export type ActionSubmit = ReturnType<typeof useActionSubmit>;
