import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { HoldBodySchema } from '../../../../../contracts/actions';
import { Field } from '../../../components/forms/Field';
import { ActionForm } from './ActionForm';
import { useContractMessage } from './messages';
import type { ActionFormProps } from './types';
import { useActionSubmit } from './useActionSubmit';

export function HoldForm({ view, onDone }: ActionFormProps) {
  const { t } = useTranslation('case');
  const tr = useContractMessage();
  const form = useForm<z.input<typeof HoldBodySchema>, unknown, z.output<typeof HoldBodySchema>>({
    resolver: zodResolver(HoldBodySchema),
    defaultValues: { requestId: '', reason: '' },
  });
  const submit = useActionSubmit({ caseId: view.caseId, segment: 'hold', form, fields: ['reason'], onDone });
  return (
    <ActionForm segment="hold" submit={submit} hint={t('hold.hint')}>
      <Field label={t('hold.reason')} error={tr(form.formState.errors.reason)} required>
        {(p) => <textarea {...p} rows={3} {...form.register('reason')} data-testid="hold-reason" />}
      </Field>
    </ActionForm>
  );
}
