/**
 * One custody event for everyone on a flight or convoy: only the event the caller's country records
 * next on the route is offered. Per-person exceptions (did-not-board with the release, identity-mismatch
 * with the arrival) with a note; identity re-checked is required on arrival. Checked with the contract's
 * schema before sending; the answer comes per person, and the input for the refused ones is kept.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { FlightEventBodySchema } from '../../../../../contracts/operations';
import { Field } from '../../../components/forms/Field';
import { bodyKey, useSubmissionIdFor } from '../../../components/forms/useSubmission';
import { ProblemMessage } from '../../../components/ProblemMessage';
import { applyFieldErrors, isApiProblem } from '../../../http/problem';
import { useFlightEvent, type FlightEventBody, type FlightEventResult } from '../../../queries/operations';
import { useContractMessage } from '../../Case/actions/messages';
import { optionalText } from '../../Case/actions/types';
import { CaseResultTable } from '../CaseResultTable';
import { exceptionFor, type FlightStep } from './flightSteps';

type Output = z.output<typeof FlightEventBodySchema>;
const FIELDS: ReadonlySet<string> = new Set(['identityRechecked', 'reference', 'exceptions']);

/** Arrival needs the receiving country to have re-checked every identity. */
const EventSchema = FlightEventBodySchema.superRefine((body, ctx) => {
  if (body.event === 'received-by-receiving' && body.identityRechecked !== true) {
    ctx.addIssue({ code: 'custom', path: ['identityRechecked'], message: 'must be true' });
  }
});

export function FlightEventForm({
  operationId,
  flightId,
  step,
  caseIds,
  onAnswer,
}: {
  operationId: string;
  flightId: string;
  step: FlightStep;
  caseIds: readonly string[];
  /** The answer outlives this form: once recorded, the flight's next step replaces the form. */
  onAnswer: (answer: FlightEventResult) => void;
}) {
  const { t } = useTranslation(['operations', 'common']);
  const tr = useContractMessage();
  const record = useFlightEvent(operationId);
  const submission = useSubmissionIdFor();
  const exception = exceptionFor(step.event);
  const [marked, setMarked] = useState<Record<string, { on: boolean; note: string }>>({});
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const form = useForm<FlightEventBody, unknown, Output>({
    resolver: zodResolver(EventSchema),
    defaultValues: { requestId: '', flightId, event: step.event, country: step.country, identityRechecked: step.event === 'received-by-receiving' ? false : undefined },
  });
  const { errors } = form.formState;
  const busy = record.isPending || form.formState.isSubmitting;
  const prefix = `boarding-${flightId}`;

  const send = async (body: Output) => {
    if (record.isPending) return;
    setUnplaced([]);
    try {
      const result = await record.mutateAsync(body);
      submission.renew();
      onAnswer(result);
      // Only the refused people keep what was marked for them, to be corrected and sent again.
      const refused = new Set(result.results.filter((r) => r.result === 'refused').map((r) => r.caseId));
      setMarked((m) => Object.fromEntries(Object.entries(m).filter(([id]) => refused.has(id))));
    } catch (err) {
      if (!isApiProblem(err)) return;
      if (err.status !== 503 && err.status !== 429) submission.renew();
      setUnplaced(applyFieldErrors<FlightEventBody>(err.problem, form.setError, FIELDS).map((e) => `${e.field}: ${e.message}`));
    }
  };

  const onSubmit = (event: React.FormEvent<HTMLFormElement>) => {
    const exceptions = exception
      ? Object.entries(marked)
          .filter(([, m]) => m.on)
          .map(([caseId, m]) => ({ caseId, exception, note: m.note.trim() === '' ? undefined : m.note.trim() }))
      : [];
    form.setValue('exceptions', exceptions.length > 0 ? exceptions : undefined);
    form.setValue('requestId', submission.idFor(bodyKey(form.getValues())));
    void form.handleSubmit(send)(event);
  };

  const mark = (caseId: string, change: Partial<{ on: boolean; note: string }>) =>
    setMarked((m) => ({ ...m, [caseId]: { on: m[caseId]?.on ?? false, note: m[caseId]?.note ?? '', ...change } }));

  return (
    <div data-testid={prefix} data-event={step.event}>
      <h3>{t('boarding.title', { flight: flightId, event: t(`custodyEvent.${step.event}`), country: t(`common:country.${step.country}`) })}</h3>
      <form noValidate aria-busy={busy} onSubmit={onSubmit} data-testid={`${prefix}-form`}>
        <ProblemMessage error={unplaced.length === 0 ? record.error : undefined} testId={`${prefix}-problem`} />
        {unplaced.length > 0 && (
          <ul className="problem" role="alert" data-testid={`${prefix}-problem`}>
            {unplaced.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        )}
        {step.event === 'received-by-receiving' && (
          <Field label={t('boarding.identityRechecked')} error={tr(errors.identityRechecked)} required>
            {(p) => <input {...p} type="checkbox" {...form.register('identityRechecked')} data-testid={`${prefix}-identity`} />}
          </Field>
        )}
        <Field label={t('boarding.reference')} hint={t('boarding.referenceHint')} error={tr(errors.reference)}>
          {(p) => <input {...p} {...form.register('reference', optionalText)} data-testid={`${prefix}-reference`} />}
        </Field>
        {exception && caseIds.length > 0 && (
          <div className="table-wrap">
            <table data-testid={`${prefix}-exceptions`}>
              <caption>{t('boarding.exceptions', { exception: t(`exception.${exception}`) })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('board.case')}</th>
                  <th scope="col">{t(`exception.${exception}`)}</th>
                  <th scope="col">{t('boarding.note')}</th>
                </tr>
              </thead>
              <tbody>
                {caseIds.map((id) => (
                  <tr key={id} data-case-id={id}>
                    <td>{id}</td>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={t('boarding.markPerson', { exception: t(`exception.${exception}`), caseId: id })}
                        checked={marked[id]?.on ?? false}
                        onChange={(e) => mark(id, { on: e.target.checked })}
                        data-testid={`${prefix}-exception-${id}`}
                      />
                    </td>
                    <td>
                      <input
                        aria-label={t('boarding.noteFor', { caseId: id })}
                        value={marked[id]?.note ?? ''}
                        disabled={!(marked[id]?.on ?? false)}
                        maxLength={500}
                        onChange={(e) => mark(id, { note: e.target.value })}
                        data-testid={`${prefix}-note-${id}`}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <button type="submit" disabled={busy} data-testid={`${prefix}-submit`}>
          {busy ? t('boarding.sending') : t('boarding.submit', { event: t(`custodyEvent.${step.event}`) })}
        </button>
      </form>
    </div>
  );
}

export function FlightEventAnswer({ answer, testId }: { answer: FlightEventResult; testId: string }) {
  const { t } = useTranslation(['operations', 'common']);
  return (
    <div role="status">
      <CaseResultTable
        rows={answer.results.map((r) => ({ ...r, label: t(`boarding.outcome.${r.result}`), done: r.result === 'recorded' }))}
        heading={t('boarding.results', { recorded: answer.recorded, exceptions: answer.exceptions, refused: answer.refused })}
        resultLabel={t('boarding.result')}
        testId={testId}
        rowTestId="flight-event-result"
      />
    </div>
  );
}
