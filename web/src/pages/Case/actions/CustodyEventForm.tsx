import { useState } from 'react';
import { Controller, useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { CustodyEventBodySchema } from '../../../../../contracts/actions';
import { CUSTODY_EVENTS } from '../../../../../domain/case';
import { Field } from '../../../components/forms/Field';
import { browserTimeZone, localInputToIso } from '../../../format/dates';
import { ActionForm } from './ActionForm';
import { useContractMessage } from './messages';
import { projectedResolver } from './projectedResolver';
import { optionalText, type ActionFormProps } from './types';
import { useActionSubmit } from './useActionSubmit';

type Values = z.input<typeof CustodyEventBodySchema>;

export function CustodyEventForm({ view, onDone }: ActionFormProps) {
  const { t } = useTranslation('case');
  const tr = useContractMessage();
  const expected = view.expectedCustodyEvent;
  const countries = [view.custodialCountry, ...view.transitCountries, view.receivingCountry];
  const [localAt, setLocalAt] = useState('');
  const form = useForm<Values, unknown, z.output<typeof CustodyEventBodySchema>>({
    resolver: projectedResolver(
      CustodyEventBodySchema,
      (v) => ({ ...v, identityRechecked: v.event === 'received-by-receiving' ? v.identityRechecked === true : undefined }),
      // The receiving country signs for the person only after checking who arrived.
      (b) => (b.event === 'received-by-receiving' && b.identityRechecked !== true ? { field: 'identityRechecked', message: t('custody.recheckRequired') } : undefined),
    ),
    defaultValues: { requestId: '', event: expected?.event, country: expected?.country, identityRechecked: false },
  });
  const submit = useActionSubmit({ caseId: view.caseId, segment: 'custody-events', form, fields: ['event', 'country', 'identityRechecked', 'at', 'reference'], onDone });
  const { errors } = form.formState;
  const event = useWatch({ control: form.control, name: 'event' });
  return (
    <ActionForm
      segment="custody-events"
      submit={submit}
      hint={expected ? t('custody.expectedHint', { event: t(`custody.events.${expected.event}`), country: t(`common:country.${expected.country}`) }) : undefined}
    >
      <div className="form-grid">
        <Field label={t('custody.event')} error={tr(errors.event)} required>
          {(p) => (
            <select {...p} {...form.register('event')} data-testid="custody-event">
              {CUSTODY_EVENTS.map((e) => (
                <option key={e} value={e}>
                  {t(`custody.events.${e}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('custody.country')} error={tr(errors.country)} required>
          {(p) => (
            <select {...p} {...form.register('country')} data-testid="custody-country">
              {[...new Set(countries)].map((c) => (
                <option key={c} value={c}>
                  {t(`common:country.${c}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Controller
          control={form.control}
          name="at"
          render={({ field }) => (
            <Field label={t('custody.at')} hint={t('custody.atHint', { zone: browserTimeZone() })} error={tr(errors.at)}>
              {(p) => (
                <input
                  {...p}
                  type="datetime-local"
                  name={field.name}
                  ref={field.ref}
                  value={localAt}
                  onBlur={field.onBlur}
                  onChange={(e) => {
                    setLocalAt(e.target.value);
                    field.onChange(e.target.value ? localInputToIso(e.target.value) : undefined);
                  }}
                  data-testid="custody-at"
                />
              )}
            </Field>
          )}
        />
        <Field label={t('fields.reference')} error={tr(errors.reference)}>
          {(p) => <input {...p} {...form.register('reference', optionalText)} data-testid="custody-reference" />}
        </Field>
      </div>
      {event === 'received-by-receiving' && (
        <div className={errors.identityRechecked ? 'field has-error' : 'field'}>
          <label className="choice">
            <input
              type="checkbox"
              {...form.register('identityRechecked')}
              aria-invalid={errors.identityRechecked ? true : undefined}
              aria-describedby={errors.identityRechecked ? 'identity-recheck-error' : undefined}
              data-testid="custody-identityRechecked"
            />{' '}
            {t('custody.identityRechecked')}
          </label>
          {errors.identityRechecked?.message && (
            <p id="identity-recheck-error" className="field-error" data-testid="field-error">
              {tr(errors.identityRechecked)?.message}
            </p>
          )}
        </div>
      )}
    </ActionForm>
  );
}
