import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { ScreeningBodySchema } from '../../../../../contracts/actions';
import { Field, FieldSet } from '../../../components/forms/Field';
import { ActionForm } from './ActionForm';
import { useContractMessage } from './messages';
import { optionalText, type ActionFormProps } from './types';
import { useActionSubmit } from './useActionSubmit';

const RESULTS = ScreeningBodySchema.shape.result.options;

export function ScreeningForm({ view, onDone }: ActionFormProps) {
  const { t } = useTranslation('case');
  const tr = useContractMessage();
  const form = useForm<z.input<typeof ScreeningBodySchema>, unknown, z.output<typeof ScreeningBodySchema>>({
    resolver: zodResolver(ScreeningBodySchema),
    defaultValues: { requestId: '', vulnerable: false },
  });
  const submit = useActionSubmit({ caseId: view.caseId, segment: 'screening', form, fields: ['result', 'vulnerable', 'notes'], onDone });
  const { errors } = form.formState;
  return (
    <ActionForm segment="screening" submit={submit} hint={t('screening.hint')}>
      <FieldSet legend={t('screening.result')} error={tr(errors.result)}>
        {RESULTS.map((r) => (
          <label key={r} className="choice">
            <input type="radio" value={r} {...form.register('result')} data-testid={`screening-${r}`} /> {t(`screening.results.${r}`)}
          </label>
        ))}
      </FieldSet>
      <label className="choice">
        <input type="checkbox" {...form.register('vulnerable')} data-testid="screening-vulnerable" /> {t('screening.vulnerable')}
      </label>
      <Field label={t('fields.notes')} error={tr(errors.notes)}>
        {(p) => <textarea {...p} rows={3} {...form.register('notes', optionalText)} data-testid="screening-notes" />}
      </Field>
    </ActionForm>
  );
}
