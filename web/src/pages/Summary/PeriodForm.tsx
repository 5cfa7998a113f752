import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { Field } from '../../components/forms/Field';
import { PeriodSchema } from './period';

type PeriodInput = z.input<typeof PeriodSchema>;
type PeriodOutput = z.output<typeof PeriodSchema>;

export function PeriodForm({ days, onChange }: { days: number; onChange: (days: number) => void }) {
  const { t } = useTranslation('monitor');
  const form = useForm<PeriodInput, unknown, PeriodOutput>({ resolver: zodResolver(PeriodSchema), values: { days: String(days) } });
  const error = form.formState.errors.days;
  return (
    <form className="filters" data-testid="form-period" noValidate onSubmit={(e) => void form.handleSubmit((v) => onChange(v.days))(e)}>
      <Field label={t('summary.period')} hint={t('summary.periodHint')} error={error ? { message: t('summary.periodInvalid') } : undefined} required>
        {(props) => <input {...props} type="number" inputMode="numeric" min="1" max="3650" step="1" data-testid="period-days" {...form.register('days')} />}
      </Field>
      <button type="submit" data-testid="period-submit">
        {t('apply')}
      </button>
    </form>
  );
}
