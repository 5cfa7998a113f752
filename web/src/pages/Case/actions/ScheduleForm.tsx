import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { ScheduleBodySchema } from '../../../../../contracts/actions';
import { TRANSPORTS } from '../../../../../domain/case';
import { Field } from '../../../components/forms/Field';
import { ActionForm } from './ActionForm';
import { useContractMessage } from './messages';
import { optionalText, type ActionFormProps } from './types';
import { useActionSubmit } from './useActionSubmit';

export function ScheduleForm({ view, onDone }: ActionFormProps) {
  const { t } = useTranslation('case');
  const tr = useContractMessage();
  const current = view.schedule;
  const form = useForm<z.input<typeof ScheduleBodySchema>, unknown, z.output<typeof ScheduleBodySchema>>({
    resolver: zodResolver(ScheduleBodySchema),
    // Rescheduling starts from what was agreed; the date input holds the calendar date.
    defaultValues: current
      ? { requestId: '', agreedDate: current.agreedDate.slice(0, 10), handoverPoint: current.handoverPoint, transport: current.transport, escort: current.escort, flight: current.flight }
      : { requestId: '', agreedDate: '', handoverPoint: '', escort: '' },
  });
  const submit = useActionSubmit({ caseId: view.caseId, segment: 'schedule', form, fields: ['agreedDate', 'handoverPoint', 'transport', 'escort', 'flight'], onDone });
  const { errors } = form.formState;
  return (
    <ActionForm segment="schedule" submit={submit} submitLabel={current ? t('schedule.reschedule') : undefined} hint={current ? t('schedule.rescheduleHint', { version: current.version }) : undefined}>
      <div className="form-grid">
        <Field label={t('schedule.agreedDate')} error={tr(errors.agreedDate)} required>
          {(p) => <input {...p} type="date" {...form.register('agreedDate')} data-testid="schedule-agreedDate" />}
        </Field>
        <Field label={t('schedule.handoverPoint')} hint={t('schedule.handoverPointHint')} error={tr(errors.handoverPoint)} required>
          {(p) => <input {...p} {...form.register('handoverPoint')} data-testid="schedule-handoverPoint" />}
        </Field>
        <Field label={t('schedule.transport')} error={tr(errors.transport)} required>
          {(p) => (
            <select {...p} {...form.register('transport')} data-testid="schedule-transport">
              <option value="">{t('chooseOne')}</option>
              {TRANSPORTS.map((m) => (
                <option key={m} value={m}>
                  {t(`transport.${m}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('schedule.escort')} error={tr(errors.escort)} required>
          {(p) => <input {...p} {...form.register('escort')} data-testid="schedule-escort" />}
        </Field>
        <Field label={t('schedule.flight')} error={tr(errors.flight)}>
          {(p) => <input {...p} {...form.register('flight', optionalText)} data-testid="schedule-flight" />}
        </Field>
      </div>
    </ActionForm>
  );
}
