/**
 * A new operation of the caller's country: route, handover point, transport, escort, window and seats
 * per flight or convoy. The values are the request body, checked with the contract's schema before
 * anything is sent; the server's field errors land on the same fields and what was typed stays. One
 * request id per body, so a double click or a retry after a lost answer opens the same operation.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { Controller, useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { OperationCreateBodySchema, type OperationCreateBody } from '../../../../contracts/operations';
import type { Me } from '../../../../contracts/session';
import { TRANSPORTS } from '../../../../domain/case';
import { MAX_CAPACITY } from '../../../../domain/operation';
import { COUNTRIES } from '../../../../domain/people';
import { Field } from '../../components/forms/Field';
import { TransitCountries } from '../../components/forms/TransitCountries';
import { bodyKey, useSubmissionIdFor } from '../../components/forms/useSubmission';
import { ProblemMessage } from '../../components/ProblemMessage';
import { browserTimeZone, localInputToIso } from '../../format/dates';
import { applyFieldErrors, isApiProblem } from '../../http/problem';
import { useCreateOperation, type OperationCreateBody as OperationCreateInput } from '../../queries/operations';
import { useContractMessage } from '../Case/actions/messages';

const FIELDS: ReadonlySet<string> = new Set([
  'name',
  'custodialCountry',
  'receivingCountry',
  'transitCountries',
  'handoverPoint',
  'transport',
  'escort',
  'window.start',
  'window.end',
  'capacity',
]);

/** Seats per flight or convoy the form starts with: the charters of Feb 2025 seated 50. */
const DEFAULT_CAPACITY = 50;

export function OperationForm({ me }: { me: Me }) {
  const { t } = useTranslation(['operations', 'register', 'common']);
  const tr = useContractMessage();
  const navigate = useNavigate();
  const create = useCreateOperation();
  const submission = useSubmissionIdFor();
  const [unplaced, setUnplaced] = useState<string[]>([]);
  // What the person typed in the date inputs (wall time), kept apart from the ISO value sent.
  const [local, setLocal] = useState({ start: '', end: '' });
  const form = useForm<OperationCreateInput, unknown, OperationCreateBody>({
    resolver: zodResolver(OperationCreateBodySchema),
    defaultValues: {
      requestId: '',
      name: '',
      custodialCountry: me.country,
      transitCountries: [],
      handoverPoint: '',
      escort: '',
      window: { start: '', end: '' },
      capacity: DEFAULT_CAPACITY,
    },
  });
  const { errors } = form.formState;
  const busy = create.isPending || form.formState.isSubmitting;
  const receiving = useWatch({ control: form.control, name: 'receivingCountry' });
  const transit = (useWatch({ control: form.control, name: 'transitCountries' }) ?? []) as string[];
  const msg = (e: { message?: string } | undefined) => tr(e)?.message;
  const transitErrors = Array.isArray(errors.transitCountries) ? Array.from(errors.transitCountries as ({ message?: string } | undefined)[], msg) : [];

  const send = async (body: OperationCreateBody) => {
    if (create.isPending) return;
    setUnplaced([]);
    try {
      const view = await create.mutateAsync(body);
      submission.renew();
      void navigate(`/operations/${encodeURIComponent(view.operationId)}`);
    } catch (err) {
      if (!isApiProblem(err)) return;
      if (err.status !== 503 && err.status !== 429) submission.renew();
      setUnplaced(applyFieldErrors<OperationCreateInput>(err.problem, form.setError, FIELDS).map((e) => `${e.field}: ${e.message}`));
    }
  };

  const onSubmit = (event: React.FormEvent<HTMLFormElement>) => {
    form.setValue('requestId', submission.idFor(bodyKey(form.getValues())));
    void form.handleSubmit(send)(event);
  };

  const dateField = (which: 'start' | 'end') => (
    <Field
      label={t(`create.window.${which}`)}
      hint={t('create.window.hint', { zone: browserTimeZone() })}
      error={tr(errors.window?.[which])}
      required
    >
      {(p) => (
        <Controller
          control={form.control}
          name={`window.${which}`}
          render={({ field }) => (
            <input
              {...p}
              type="datetime-local"
              name={field.name}
              ref={field.ref}
              value={local[which]}
              onBlur={field.onBlur}
              onChange={(e) => {
                setLocal((l) => ({ ...l, [which]: e.target.value }));
                field.onChange(localInputToIso(e.target.value));
              }}
              data-testid={`create-window-${which}`}
            />
          )}
        />
      )}
    </Field>
  );

  return (
    <form noValidate className="card" data-testid="operation-create" aria-busy={busy} onSubmit={onSubmit}>
      <ProblemMessage error={unplaced.length === 0 ? create.error : undefined} testId="create-problem" />
      {unplaced.length > 0 && (
        <ul className="problem" role="alert" data-testid="create-problem">
          {unplaced.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
      <div className="form-grid">
        <Field label={t('create.name')} hint={t('create.nameHint')} error={tr(errors.name)} required>
          {(p) => <input {...p} {...form.register('name')} data-testid="create-name" />}
        </Field>
        <Field label={t('create.custodialCountry')} hint={t('create.custodialHint')}>
          {(p) => <input {...p} readOnly value={`${t(`common:country.${me.country}`)} (${me.country})`} data-testid="create-custodial" />}
        </Field>
        <Field label={t('create.receivingCountry')} error={tr(errors.receivingCountry)} required>
          {(p) => (
            <select {...p} {...form.register('receivingCountry', { setValueAs: (v: string) => (v === '' ? undefined : v) })} data-testid="create-receiving">
              <option value="">{t('register:choose')}</option>
              {COUNTRIES.filter((c) => c !== me.country).map((c) => (
                <option key={c} value={c}>
                  {t(`common:country.${c}`)} ({c})
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <TransitCountries
        values={transit}
        custodial={me.country}
        receiving={receiving}
        itemErrors={transitErrors}
        listError={errors.transitCountries && !Array.isArray(errors.transitCountries) ? msg(errors.transitCountries) : undefined}
        onChange={(next) => form.setValue('transitCountries', next as never, { shouldDirty: true, shouldValidate: form.formState.isSubmitted })}
      />
      <div className="form-grid">
        <Field label={t('create.handoverPoint')} hint={t('create.handoverPointHint')} error={tr(errors.handoverPoint)} required>
          {(p) => <input {...p} {...form.register('handoverPoint')} data-testid="create-handoverPoint" />}
        </Field>
        <Field label={t('create.transport')} error={tr(errors.transport)} required>
          {(p) => (
            <select {...p} {...form.register('transport', { setValueAs: (v: string) => (v === '' ? undefined : v) })} data-testid="create-transport">
              <option value="">{t('register:choose')}</option>
              {TRANSPORTS.map((m) => (
                <option key={m} value={m}>
                  {t(`transport.${m}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('create.escort')} hint={t('create.escortHint')} error={tr(errors.escort)} required>
          {(p) => <input {...p} {...form.register('escort')} data-testid="create-escort" />}
        </Field>
        {dateField('start')}
        {dateField('end')}
        <Field label={t('create.capacity')} hint={t('create.capacityHint', { max: MAX_CAPACITY })} error={tr(errors.capacity)} required>
          {(p) => (
            <input
              {...p}
              type="number"
              inputMode="numeric"
              min={1}
              max={MAX_CAPACITY}
              {...form.register('capacity', { setValueAs: (v: string) => (v === '' ? undefined : Number(v)) })}
              data-testid="create-capacity"
            />
          )}
        </Field>
      </div>
      <div className="actions-row">
        <button type="submit" disabled={busy} data-testid="create-submit">
          {busy ? t('create.sending') : t('create.submit')}
        </button>
      </div>
    </form>
  );
}
