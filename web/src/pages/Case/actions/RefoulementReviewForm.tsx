import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { RefoulementReviewBodySchema } from '../../../../../contracts/actions';
import { Field, FieldSet } from '../../../components/forms/Field';
import { ActionForm } from './ActionForm';
import { useContractMessage } from './messages';
import { optionalText, type ActionFormProps } from './types';
import { useActionSubmit } from './useActionSubmit';

export function RefoulementReviewForm({ view, onDone }: ActionFormProps) {
  const { t } = useTranslation('case');
  const tr = useContractMessage();
  const form = useForm<z.input<typeof RefoulementReviewBodySchema>, unknown, z.output<typeof RefoulementReviewBodySchema>>({
    resolver: zodResolver(RefoulementReviewBodySchema),
    defaultValues: { requestId: '', reference: '' },
  });
  const submit = useActionSubmit({
    caseId: view.caseId,
    segment: 'refoulement-review',
    form,
    fields: ['decision', 'reference', 'notes'],
    onDone,
    // Refusing closes the case for good.
    needsConfirmation: (v) => v.decision === 'refuse',
  });
  const { errors } = form.formState;
  return (
    <ActionForm segment="refoulement-review" submit={submit} hint={t('refoulement.hint')} confirmText={t('refoulement.confirmRefuse')}>
      <FieldSet legend={t('refoulement.decision')} error={tr(errors.decision)}>
        {(['proceed', 'refuse'] as const).map((d) => (
          <label key={d} className="choice">
            <input type="radio" value={d} {...form.register('decision')} data-testid={`refoulement-${d}`} /> {t(`refoulement.decisions.${d}`)}
          </label>
        ))}
      </FieldSet>
      <Field label={t('fields.decisionReference')} error={tr(errors.reference)} required>
        {(p) => <input {...p} {...form.register('reference')} data-testid="refoulement-reference" />}
      </Field>
      <Field label={t('fields.notes')} error={tr(errors.notes)}>
        {(p) => <textarea {...p} rows={3} {...form.register('notes', optionalText)} />}
      </Field>
    </ActionForm>
  );
}
