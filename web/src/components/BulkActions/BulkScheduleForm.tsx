/**
 * One schedule (agreed date and time with its offset, handover point, transport, escort, flight) for
 * every selected case, sent as POST /schedules/bulk and answered case by case. The form's values are the
 * request body, checked with the contract's schema before anything is sent; the server's field errors
 * land on the same fields and what was typed stays.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useRef, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { BulkScheduleBodySchema, MAX_BULK_SCHEDULES, type BulkScheduleResult } from '../../../../contracts/bulk';
import { TRANSPORTS } from '../../../../domain/case';
import { browserTimeZone, localInputToIso } from '../../format/dates';
import { applyFieldErrors, isApiProblem } from '../../http/problem';
import { useContractMessage } from '../../pages/Case/actions/messages';
import { optionalText } from '../../pages/Case/actions/types';
import { useBulkSchedule } from '../../queries/bulk-actions';
import { Field } from '../forms/Field';
import { ProblemMessage } from '../ProblemMessage';
import { BulkActionCard } from './BulkActionCard';
import { BulkResultList, countsOf } from './BulkResultList';
import { useBulkSubmission } from './submitOnce';

type Input = z.input<typeof BulkScheduleBodySchema>;
type Body = z.output<typeof BulkScheduleBodySchema>;
type Result = BulkScheduleResult['results'][number];
const ORDER: readonly Result['status'][] = ['scheduled', 'rescheduled', 'refused', 'not-found', 'failed'];
const FIELDS = new Set(['schedule.agreedDate', 'schedule.handoverPoint', 'schedule.transport', 'schedule.escort', 'schedule.flight']);
const BLANK: Input = { caseIds: [], schedule: { requestId: '', agreedDate: '', handoverPoint: '', transport: '' as Input['schedule']['transport'], escort: '' } };

export const BULK_SCHEDULE_SECTION = 'bulk-schedule';

export function BulkScheduleForm({ caseIds, onDone }: { caseIds: string[]; onDone?: (results: Result[]) => void }) {
  const { t } = useTranslation(['cases', 'case', 'common']);
  const tr = useContractMessage();
  const mutation = useBulkSchedule();
  const submission = useBulkSubmission();
  const [answer, setAnswer] = useState<BulkScheduleResult | null>(null);
  const [localDate, setLocalDate] = useState('');
  const [topErrors, setTopErrors] = useState<string[]>([]);
  const resultsHeading = useRef<HTMLHeadingElement>(null);
  const form = useForm<Input, unknown, Body>({ resolver: zodResolver(BulkScheduleBodySchema), defaultValues: BLANK });
  const { errors } = form.formState;
  const count = caseIds.length;
  const pending = mutation.isPending || form.formState.isSubmitting;

  useEffect(() => {
    if (answer) resultsHeading.current?.focus();
  }, [answer]);

  const send = (body: Body) =>
    submission.once(async () => {
      setTopErrors([]);
      try {
        const result = await mutation.mutateAsync(body);
        submission.accepted();
        form.reset(BLANK);
        setLocalDate('');
        setAnswer(result);
        onDone?.(result.results);
      } catch (err) {
        if (!isApiProblem(err)) return;
        const rest = applyFieldErrors<Input>(err.problem, form.setError, FIELDS);
        setTopErrors(rest.map((e) => `${e.field}: ${e.message}`));
      }
    });

  const onSubmit = (event: React.FormEvent<HTMLFormElement>) => {
    // The selection as it is now, and the id of this body (the same for a retry of the same body).
    const { requestId: _id, ...chosen } = form.getValues('schedule');
    form.setValue('caseIds', caseIds);
    form.setValue('schedule.requestId', submission.idFor({ caseIds, chosen }));
    void form.handleSubmit(send)(event);
  };

  const caseIdsError = errors.caseIds
    ? count === 0
      ? t('bulk.errors.noneSelected')
      : count > MAX_BULK_SCHEDULES
        ? t('bulk.errors.tooMany', { max: MAX_BULK_SCHEDULES })
        : errors.caseIds.message
    : undefined;

  const rows = (answer?.results ?? []).map((r) => ({
    caseId: r.caseId,
    status: r.status,
    label: t(`schedule.status.${r.status}`),
    done: r.status === 'scheduled' || r.status === 'rescheduled',
    stage: r.stage && t(`common:stage.${r.stage}`),
    detail:
      r.status === 'not-found'
        ? { text: t('common:problem.notFound') }
        : r.status === 'failed'
          ? { text: t('schedule.failedDetail') }
          : r.status === 'refused'
            ? r.problem?.detail
              ? { text: r.problem.detail, server: true }
              : undefined
            : { text: t('schedule.version', { version: r.version ?? 1 }) },
  }));

  return (
    <BulkActionCard
      id={BULK_SCHEDULE_SECTION}
      title={t('schedule.title')}
      testId="bulk-schedule"
      count={count}
      noneSelected={t('schedule.noneSelected')}
      appliesTo={t('schedule.appliesTo', { count })}
    >
      <form noValidate data-testid="action-schedule-bulk" aria-busy={pending} onSubmit={onSubmit}>
        <ProblemMessage error={topErrors.length === 0 ? mutation.error : undefined} testId="schedule-problem" />
        {caseIdsError && (
          <p role="alert" className="problem" data-testid="schedule-problem">
            {caseIdsError}
          </p>
        )}
        {topErrors.length > 0 && (
          <ul className="problem" role="alert">
            {topErrors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        )}
        <div className="form-grid">
          <Field label={t('schedule.agreedDate')} hint={t('schedule.agreedDateHint', { zone: browserTimeZone() })} error={tr(errors.schedule?.agreedDate)} required>
            {(p) => (
              <Controller
                control={form.control}
                name="schedule.agreedDate"
                render={({ field }) => (
                  <input
                    {...p}
                    type="datetime-local"
                    name={field.name}
                    ref={field.ref}
                    value={localDate}
                    onBlur={field.onBlur}
                    onChange={(e) => {
                      setLocalDate(e.target.value);
                      field.onChange(localInputToIso(e.target.value));
                    }}
                    data-testid="bulk-schedule-agreedDate"
                  />
                )}
              />
            )}
          </Field>
          <Field label={t('case:schedule.handoverPoint')} hint={t('case:schedule.handoverPointHint')} error={tr(errors.schedule?.handoverPoint)} required>
            {(p) => <input {...p} {...form.register('schedule.handoverPoint')} data-testid="bulk-schedule-handoverPoint" />}
          </Field>
          <Field label={t('case:schedule.transport')} error={tr(errors.schedule?.transport)} required>
            {(p) => (
              <select {...p} {...form.register('schedule.transport')} data-testid="bulk-schedule-transport">
                <option value="">{t('case:chooseOne')}</option>
                {TRANSPORTS.map((m) => (
                  <option key={m} value={m}>
                    {t(`case:transport.${m}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('case:schedule.escort')} error={tr(errors.schedule?.escort)} required>
            {(p) => <input {...p} {...form.register('schedule.escort')} data-testid="bulk-schedule-escort" />}
          </Field>
          <Field label={t('case:schedule.flight')} error={tr(errors.schedule?.flight)}>
            {(p) => <input {...p} {...form.register('schedule.flight', optionalText)} data-testid="bulk-schedule-flight" />}
          </Field>
        </div>
        <div className="actions-row">
          <button type="submit" disabled={pending || count === 0} data-testid="bulk-schedule-submit">
            {pending ? t('bulk.sending') : t('schedule.submit', { count })}
          </button>
        </div>
      </form>
      {answer && (
        <BulkResultList
          testId="schedule-results"
          caption={t('schedule.resultCaption')}
          counts={countsOf(answer.results, ORDER, (status, n) => t(`schedule.count.${status}`, { count: n }), ['refused', 'not-found', 'failed'])}
          rows={rows}
          headingRef={resultsHeading}
        />
      )}
    </BulkActionCard>
  );
}
