import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { OperationListQuerySchema } from '../../../../contracts/operations';
import { OPERATION_STATUSES, type OperationStatus } from '../../../../domain/operation';
import { Field } from '../../components/forms/Field';

const StatusSchema = OperationListQuerySchema.pick({ status: true });
type StatusInput = z.input<typeof StatusSchema>;
type StatusOutput = z.output<typeof StatusSchema>;

export function StatusFilter({ status, onChange }: { status: OperationStatus | undefined; onChange: (status: OperationStatus | undefined) => void }) {
  const { t } = useTranslation(['operations', 'common']);
  const form = useForm<StatusInput, unknown, StatusOutput>({ resolver: zodResolver(StatusSchema), values: { status } });
  return (
    <form className="filters" data-testid="form-operation-filter" noValidate onSubmit={(e) => void form.handleSubmit((v) => onChange(v.status))(e)}>
      <Field label={t('list.status')}>
        {(props) => (
          <select {...props} data-testid="operation-status-filter" {...form.register('status', { setValueAs: (v: unknown) => (v === '' ? undefined : v) })}>
            <option value="">{t('common:any')}</option>
            {OPERATION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <button type="submit" data-testid="operation-filter-submit">
        {t('apply')}
      </button>
    </form>
  );
}
