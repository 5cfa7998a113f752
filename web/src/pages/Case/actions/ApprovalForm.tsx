import { useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { ApprovalBodySchema } from '../../../../../contracts/actions';
import type { ReturnableStage } from '../../../../../domain/case';
import { Field, FieldSet } from '../../../components/forms/Field';
import { useMe } from '../../../session/useSession';
import { returnableStages } from '../case-view';
import { ActionForm } from './ActionForm';
import { useContractMessage } from './messages';
import { projectedResolver } from './projectedResolver';
import { optionalText, type ActionFormProps } from './types';
import { useActionSubmit } from './useActionSubmit';

type Body = z.input<typeof ApprovalBodySchema>;
const DECISIONS = ApprovalBodySchema.options.map((o) => o.shape.decision.value);
interface Values {
  requestId: string;
  decision?: Body['decision'];
  notes?: string;
  reason?: string;
  /** A stage to return the case to, or `close` to end it as refused. */
  returnTo?: ReturnableStage | 'close';
}

function body(v: Values): Body {
  if (v.decision === 'approve') return { requestId: v.requestId, decision: 'approve', notes: v.notes };
  if (v.decision === 'reject') {
    return { requestId: v.requestId, decision: 'reject', reason: v.reason ?? '', ...(v.returnTo === 'close' ? { close: true } : v.returnTo ? { returnTo: v.returnTo } : {}) };
  }
  // No decision chosen: the contract says so on the decision field.
  return { requestId: v.requestId, decision: v.decision } as unknown as Body;
}

export function ApprovalForm({ view, onDone }: ActionFormProps) {
  const { t } = useTranslation('case');
  const tr = useContractMessage();
  const me = useMe().data;
  const slot = view.approvals.find((a) => a.country === me?.country);
  const form = useForm<Values, unknown, z.output<typeof ApprovalBodySchema>>({
    resolver: projectedResolver(ApprovalBodySchema, body),
    defaultValues: { requestId: '' },
  });
  const submit = useActionSubmit({
    caseId: view.caseId,
    segment: 'approvals',
    form,
    fields: ['decision', 'notes', 'reason', 'returnTo'],
    onDone,
    needsConfirmation: (v) => v.decision === 'reject' && v.close === true,
  });
  const { errors } = form.formState;
  const decision = useWatch({ control: form.control, name: 'decision' });
  const country = t(`common:country.${slot?.country ?? me?.country ?? view.custodialCountry}`);
  return (
    <ActionForm segment="approvals" submit={submit} hint={slot ? t(`approvals.slotHint.${slot.slot}`, { country }) : undefined} confirmText={t('approvals.confirmClose')}>
      <FieldSet legend={t('approvals.decision')} error={tr(errors.decision)}>
        {DECISIONS.map((d) => (
          <label key={d} className="choice">
            <input type="radio" value={d} {...form.register('decision')} data-testid={`approval-${d}`} /> {t(`approvals.decisions.${d}`)}
          </label>
        ))}
      </FieldSet>
      {decision === 'reject' ? (
        <>
          <Field label={t('approvals.reason')} error={tr(errors.reason)} required>
            {(p) => <textarea {...p} rows={3} {...form.register('reason')} data-testid="approval-reason" />}
          </Field>
          <FieldSet legend={t('approvals.after')} error={tr(errors.returnTo)}>
            {returnableStages(view.track).map((stage) => (
              <label key={stage} className="choice">
                <input type="radio" value={stage} {...form.register('returnTo')} /> {t('approvals.returnTo', { stage: t(`common:stage.${stage}`) })}
              </label>
            ))}
            <label className="choice">
              <input type="radio" value="close" {...form.register('returnTo')} data-testid="approval-close" /> {t('approvals.close')}
            </label>
          </FieldSet>
        </>
      ) : (
        <Field label={t('fields.notes')} error={tr(errors.notes)}>
          {(p) => <textarea {...p} rows={3} {...form.register('notes', optionalText)} />}
        </Field>
      )}
    </ActionForm>
  );
}
