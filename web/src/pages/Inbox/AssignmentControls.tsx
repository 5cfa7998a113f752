import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { AssignmentBodySchema } from '../../../../contracts/actions';
import type { Me } from '../../../../contracts/session';
import { Field } from '../../components/forms/Field';
import { ProblemMessage } from '../../components/ProblemMessage';
import { applyFieldErrors, isApiProblem } from '../../http/problem';
import { useAssignment } from '../../queries/monitor';
import type { CaseView } from '../../queries/case';
import { translateRule } from './messages';
import { useRequestIdFor } from './useRequestId';

type AssignmentInput = z.input<typeof AssignmentBodySchema>;
type AssignmentOutput = z.output<typeof AssignmentBodySchema>;

export type AssignmentDone = (caseId: string, view: CaseView) => void;

/** Claim the waiting step for myself, or release it; both say which case in their accessible name. */
export function ClaimRelease({ caseId, assignee, me, onDone }: { caseId: string; assignee: string | undefined; me: Me; onDone: AssignmentDone }) {
  const { t } = useTranslation('inbox');
  const mutation = useAssignment(me);
  const requestIds = useRequestIdFor();
  const form = useForm<AssignmentInput, unknown, AssignmentOutput>({
    resolver: zodResolver(AssignmentBodySchema),
    defaultValues: { requestId: '', assignee: null },
  });

  const send = (next: string | null) => {
    form.setValue('assignee', next);
    form.setValue('requestId', requestIds.idFor(JSON.stringify(next)));
    void form.handleSubmit(async (body) => {
      try {
        const view = await mutation.mutateAsync({ caseId, body });
        requestIds.accepted();
        onDone(caseId, view);
      } catch {
        // The problem is shown beside the buttons from the mutation's state.
      }
    })();
  };

  const busy = mutation.isPending;
  return (
    <form className="assignment" data-testid="form-assignment" onSubmit={(e) => e.preventDefault()} noValidate>
      <input type="hidden" {...form.register('requestId')} />
      {assignee !== me.id && (
        <button type="button" data-testid="claim" disabled={busy} onClick={() => send(me.id)}>
          {t('claim')}
          <span className="visually-hidden"> {caseId}</span>
        </button>
      )}
      {assignee !== undefined && (
        <button type="button" className="secondary" data-testid="release" disabled={busy} onClick={() => send(null)}>
          {t('release')}
          <span className="visually-hidden"> {caseId}</span>
        </button>
      )}
      {form.formState.errors.assignee && (
        <p className="field-error" role="alert">
          {translateRule(t, form.formState.errors.assignee.message)}
        </p>
      )}
      {mutation.error && <ProblemMessage error={mutation.error} testId="assignment-problem" />}
    </form>
  );
}

/** Hand the waiting step to a colleague of my country, by their user id. */
export function HandOver({ caseId, me, onDone }: { caseId: string; me: Me; onDone: AssignmentDone }) {
  const { t } = useTranslation('inbox');
  const [open, setOpen] = useState(false);
  const mutation = useAssignment(me);
  const requestIds = useRequestIdFor();
  const [problem, setProblem] = useState<unknown>(null);
  const form = useForm<AssignmentInput, unknown, AssignmentOutput>({
    resolver: zodResolver(AssignmentBodySchema),
    defaultValues: { requestId: '', assignee: '' },
  });
  const { errors } = form.formState;

  const submit = form.handleSubmit(async (body) => {
    setProblem(null);
    try {
      const view = await mutation.mutateAsync({ caseId, body });
      requestIds.accepted();
      form.reset({ requestId: '', assignee: '' });
      setOpen(false);
      onDone(caseId, view);
    } catch (err) {
      const rest = isApiProblem(err) ? applyFieldErrors(err.problem, form.setError, new Set(['assignee'])) : [];
      if (!isApiProblem(err) || rest.length > 0 || (err.problem.errors ?? []).length === 0) setProblem(err);
    }
  });

  if (!open) {
    return (
      <button type="button" className="secondary" data-testid="hand-over-open" aria-expanded="false" onClick={() => setOpen(true)}>
        {t('handOver')}
        <span className="visually-hidden"> {caseId}</span>
      </button>
    );
  }
  return (
    <form
      className="hand-over"
      data-testid="form-hand-over"
      noValidate
      onSubmit={(e) => {
        form.setValue('requestId', requestIds.idFor(JSON.stringify(form.getValues('assignee'))));
        void submit(e);
      }}
    >
      <ProblemMessage error={problem} testId="hand-over-problem" />
      <input type="hidden" {...form.register('requestId')} />
      <Field label={t('handOverTo', { caseId })} hint={t('handOverHint')} error={errors.assignee ? { message: translateRule(t, errors.assignee.message) } : undefined} required>
        {(props) => <input {...props} type="text" autoComplete="off" spellCheck={false} data-testid="hand-over-assignee" autoFocus {...form.register('assignee')} />}
      </Field>
      <div className="actions-row">
        <button type="submit" data-testid="hand-over-submit" disabled={mutation.isPending}>
          {t('handOverSubmit')}
        </button>
        <button type="button" className="secondary" onClick={() => setOpen(false)}>
          {t('common:cancel')}
        </button>
      </div>
    </form>
  );
}
