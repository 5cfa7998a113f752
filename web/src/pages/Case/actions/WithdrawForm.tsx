import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { WithdrawBodySchema } from '../../../../../contracts/actions';
import { Field } from '../../../components/forms/Field';
import { ActionForm } from './ActionForm';
import { useContractMessage } from './messages';
import type { ActionFormProps } from './types';
import { useActionSubmit } from './useActionSubmit';

export function WithdrawForm({ view, onDone }: ActionFormProps) {
  const { t } = useTranslation('case');
  const tr = useContractMessage();
  const form = useForm<z.input<typeof WithdrawBodySchema>, unknown, z.output<typeof WithdrawBodySchema>>({
    resolver: zodResolver(WithdrawBodySchema),
    defaultValues: { requestId: '', reason: '' },
  });
  // Withdrawing closes the case: it is asked once more, every time.
  const submit = useActionSubmit({ caseId: view.caseId, segment: 'withdraw', form, fields: ['reason'], onDone, needsConfirmation: () => true });
  return (
    <ActionForm segment="withdraw" submit={submit} hint={t('withdraw.hint')} confirmText={t('withdraw.confirm')}>
      <Field label={t('withdraw.reason')} error={tr(form.formState.errors.reason)} required>
        {(p) => <textarea {...p} rows={3} {...form.register('reason')} data-testid="withdraw-reason" />}
      </Field>
    </ActionForm>
  );
}
