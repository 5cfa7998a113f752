import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { ClockExtensionBodySchema } from '../../../../../contracts/actions';
import { Field } from '../../../components/forms/Field';
import { runningLegalClocks } from '../case-view';
import { ActionForm } from './ActionForm';
import { useContractMessage } from './messages';
import type { ActionFormProps } from './types';
import { useActionSubmit } from './useActionSubmit';

export function ClockExtensionForm({ view, onDone }: ActionFormProps) {
  const { t } = useTranslation('case');
  const tr = useContractMessage();
  const clocks = runningLegalClocks(view.clocks);
  const form = useForm<z.input<typeof ClockExtensionBodySchema>, unknown, z.output<typeof ClockExtensionBodySchema>>({
    resolver: zodResolver(ClockExtensionBodySchema),
    defaultValues: { requestId: '', clock: clocks[0], decisionReference: '' },
  });
  const submit = useActionSubmit({
    caseId: view.caseId,
    segment: 'clock-extensions',
    form,
    fields: ['clock', 'days', 'decisionReference'],
    onDone,
    // The treaty profile's maximum is the server's to know: its refusal is about the number of days.
    fieldOfRefusal: (problem) => (problem.status === 409 && /at most/.test(problem.problem.detail ?? '') ? 'days' : undefined),
  });
  const { errors } = form.formState;
  return (
    <ActionForm segment="clock-extensions" submit={submit} hint={t('extension.hint')}>
      <div className="form-grid">
        <Field label={t('extension.clock')} error={tr(errors.clock)} required>
          {(p) => (
            <select {...p} {...form.register('clock')} data-testid="extension-clock">
              {clocks.map((c) => (
                <option key={c} value={c}>
                  {t(`clock.${c}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('extension.days')} hint={t('extension.daysHint')} error={tr(errors.days)} required>
          {(p) => <input {...p} type="number" inputMode="numeric" min={1} max={365} step={1} {...form.register('days', { valueAsNumber: true })} data-testid="extension-days" />}
        </Field>
        <Field label={t('fields.decisionReference')} error={tr(errors.decisionReference)} required>
          {(p) => <input {...p} {...form.register('decisionReference')} data-testid="extension-decisionReference" />}
        </Field>
      </div>
    </ActionForm>
  );
}
