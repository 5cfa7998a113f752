import { useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { VerificationBodySchema } from '../../../../../contracts/actions';
import { Field, FieldSet } from '../../../components/forms/Field';
import { ActionForm } from './ActionForm';
import { useContractMessage } from './messages';
import { projectedResolver } from './projectedResolver';
import { optionalText, type ActionFormProps } from './types';
import { useActionSubmit } from './useActionSubmit';

const RESULTS = VerificationBodySchema.shape.result.options;
type Values = z.input<typeof VerificationBodySchema>;

/** Only the fields of the chosen result go out: a hidden embassy or question is not sent. */
function body({ requestId, result, reference, referredTo, moreInformation }: Values): Values {
  return {
    requestId,
    result,
    reference,
    ...(result === 'not-a-national' ? { referredTo } : {}),
    ...(result === 'inconclusive' ? { moreInformation } : {}),
  };
}

export function VerificationForm({ view, onDone }: ActionFormProps) {
  const { t } = useTranslation('case');
  const tr = useContractMessage();
  const form = useForm<Values, unknown, z.output<typeof VerificationBodySchema>>({
    resolver: projectedResolver(VerificationBodySchema, body),
    defaultValues: { requestId: '' },
  });
  const submit = useActionSubmit({ caseId: view.caseId, segment: 'verification', form, fields: ['result', 'reference', 'referredTo', 'moreInformation'], onDone });
  const { errors } = form.formState;
  const result = useWatch({ control: form.control, name: 'result' });
  return (
    <ActionForm segment="verification" submit={submit} hint={t('verification.hint', { country: t(`common:country.${view.receivingCountry}`) })}>
      <FieldSet legend={t('verification.result')} error={tr(errors.result)}>
        {RESULTS.map((r) => (
          <label key={r} className="choice">
            <input type="radio" value={r} {...form.register('result')} data-testid={`verification-${r}`} /> {t(`verification.results.${r}`)}
          </label>
        ))}
      </FieldSet>
      <Field label={t('verification.reference')} hint={t('verification.referenceHint')} error={tr(errors.reference)}>
        {(p) => <input {...p} {...form.register('reference', optionalText)} data-testid="verification-reference" />}
      </Field>
      {result === 'not-a-national' && (
        <Field label={t('verification.referredTo')} hint={t('verification.referredToHint')} error={tr(errors.referredTo)} required>
          {(p) => (
            <input
              {...p}
              {...form.register('referredTo', { setValueAs: (v: string) => (v.trim() === '' ? undefined : v.trim().toUpperCase()) })}
              maxLength={2}
              size={4}
              autoCapitalize="characters"
              data-testid="verification-referredTo"
            />
          )}
        </Field>
      )}
      {result === 'inconclusive' && (
        <Field label={t('verification.moreInformation')} hint={t('verification.moreInformationHint')} error={tr(errors.moreInformation)} required>
          {(p) => <textarea {...p} rows={3} {...form.register('moreInformation', optionalText)} data-testid="verification-moreInformation" />}
        </Field>
      )}
    </ActionForm>
  );
}
