import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { OverdueQuerySchema } from '../../../../contracts/monitor';
import { Field } from '../../components/forms/Field';

const HorizonSchema = OverdueQuerySchema.pick({ horizonDays: true });
type HorizonInput = z.input<typeof HorizonSchema>;
type HorizonOutput = z.output<typeof HorizonSchema>;

/** How many clock days ahead a legal deadline puts a case on the list; empty: the server's default. */
export function HorizonForm({ horizonDays, onChange }: { horizonDays: number | undefined; onChange: (days: number | undefined) => void }) {
  const { t } = useTranslation('monitor');
  const form = useForm<HorizonInput, unknown, HorizonOutput>({
    resolver: zodResolver(HorizonSchema),
    values: { horizonDays: horizonDays === undefined ? undefined : String(horizonDays) },
  });
  const error = form.formState.errors.horizonDays;
  return (
    <form className="filters" data-testid="form-horizon" noValidate onSubmit={(e) => void form.handleSubmit((v) => onChange(v.horizonDays))(e)}>
      <Field label={t('overdue.horizon')} hint={t('overdue.horizonHint')} error={error ? { message: t('overdue.horizonInvalid') } : undefined}>
        {(props) => (
          <input
            {...props}
            type="number"
            inputMode="decimal"
            min="0"
            step="any"
            data-testid="horizon-days"
            {...form.register('horizonDays', { setValueAs: (v: unknown) => (v === '' || v === undefined ? undefined : v) })}
          />
        )}
      </Field>
      <button type="submit" data-testid="horizon-submit">
        {t('apply')}
      </button>
    </form>
  );
}
