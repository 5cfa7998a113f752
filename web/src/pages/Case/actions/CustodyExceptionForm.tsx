import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { CustodyExceptionBodySchema } from '../../../../../contracts/actions';
import type { CustodyExceptionKind } from '../../../../../domain/case';
import { Field } from '../../../components/forms/Field';
import { browserTimeZone, localInputToIso } from '../../../format/dates';
import { useMe } from '../../../session/useSession';
import { ActionForm } from './ActionForm';
import { useContractMessage } from './messages';
import { optionalText, type ActionFormProps } from './types';
import { useActionSubmit } from './useActionSubmit';

type Values = z.input<typeof CustodyExceptionBodySchema>;

/**
 * A transfer that did not go through: the custodial country records that the person did not board
 * (before its release), the receiving country that who arrived is not who was announced. Which one is
 * the reader's follows from their country, as the case allows it.
 */
export function CustodyExceptionForm({ view, onDone }: ActionFormProps) {
  const { t } = useTranslation('case');
  const tr = useContractMessage();
  const me = useMe().data;
  const kind: CustodyExceptionKind = me?.country === view.receivingCountry ? 'identity-mismatch' : 'did-not-board';
  const [localAt, setLocalAt] = useState('');
  const form = useForm<Values, unknown, z.output<typeof CustodyExceptionBodySchema>>({
    resolver: zodResolver(CustodyExceptionBodySchema),
    defaultValues: { requestId: '', exception: kind, note: '' },
  });
  const submit = useActionSubmit({ caseId: view.caseId, segment: 'custody-exceptions', form, fields: ['exception', 'note', 'at', 'reference'], onDone, needsConfirmation: () => true });
  const { errors } = form.formState;
  return (
    <ActionForm segment="custody-exceptions" submit={submit} hint={t(`exception.hint.${kind}`)} confirmText={t(`exception.confirm.${kind}`)}>
      <p data-testid="custody-exception-kind">
        <strong>{t(`exception.kinds.${kind}`)}</strong>
      </p>
      <Field label={t('exception.note')} hint={t('exception.noteHint')} error={tr(errors.note)} required>
        {(p) => <textarea {...p} rows={3} {...form.register('note')} data-testid="custody-exception-note" />}
      </Field>
      <div className="form-grid">
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
                  data-testid="custody-exception-at"
                />
              )}
            </Field>
          )}
        />
        <Field label={t('fields.reference')} error={tr(errors.reference)}>
          {(p) => <input {...p} {...form.register('reference', optionalText)} data-testid="custody-exception-reference" />}
        </Field>
      </div>
    </ActionForm>
  );
}
