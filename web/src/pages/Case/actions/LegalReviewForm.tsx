import { useFieldArray, useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { LegalReviewBodySchema } from '../../../../../contracts/actions';
import { Field, FieldSet } from '../../../components/forms/Field';
import { defaultLegalStep, possibleLegalSteps } from '../case-view';
import { ActionForm } from './ActionForm';
import { useContractMessage } from './messages';
import { projectedResolver } from './projectedResolver';
import type { ActionFormProps } from './types';
import { useActionSubmit } from './useActionSubmit';

type Body = z.input<typeof LegalReviewBodySchema>;
type Step = Body['step'];
type Decision = Extract<Body, { step: 'court-decision' | 'executive-decision' }>['decision'];
interface Values {
  requestId: string;
  step: Step;
  documents: Extract<Body, { step: 'formal-request' }>['documents'];
  decision?: Decision;
  reference: string;
}

/** The decisions a decision step allows, as the contract lists them. */
function decisionsOf(step: Exclude<Step, 'formal-request'>): readonly Decision[] {
  for (const o of LegalReviewBodySchema.options) if ('decision' in o.shape && o.shape.step.value === step) return o.shape.decision.options;
  return [];
}

function body(v: Values): Body {
  if (v.step === 'formal-request') return { requestId: v.requestId, step: v.step, documents: v.documents, reference: v.reference };
  return { requestId: v.requestId, step: v.step, decision: v.decision, reference: v.reference } as Body;
}

export function LegalReviewForm({ view, onDone }: ActionFormProps) {
  const { t } = useTranslation('case');
  const tr = useContractMessage();
  const steps = possibleLegalSteps(view.legalReview);
  const earlier = view.legalReview?.formalRequest?.documents;
  const form = useForm<Values, unknown, z.output<typeof LegalReviewBodySchema>>({
    resolver: projectedResolver(LegalReviewBodySchema, body),
    defaultValues: {
      requestId: '',
      step: defaultLegalStep(view.legalReview) ?? 'formal-request',
      // A supplementary request starts from the checklist already on file.
      documents: earlier && earlier.length > 0 ? earlier.map((d) => ({ ...d })) : [{ name: '', received: false }],
      reference: '',
    },
  });
  const documents = useFieldArray({ control: form.control, name: 'documents' });
  const submit = useActionSubmit({
    caseId: view.caseId,
    segment: 'legal-review',
    form,
    fields: ['step', 'documents', 'decision', 'reference'],
    onDone,
    needsConfirmation: (v) => v.step !== 'formal-request' && (v.decision === 'not-extraditable' || v.decision === 'refused'),
  });
  const { errors } = form.formState;
  const step = useWatch({ control: form.control, name: 'step' });
  return (
    <ActionForm segment="legal-review" submit={submit} hint={t('legalReview.hint')} confirmText={t('legalReview.confirmNegative')}>
      <Field label={t('legalReview.step')} error={tr(errors.step)}>
        {(p) => (
          <select {...p} {...form.register('step', { onChange: () => form.setValue('decision', undefined) })} data-testid="legal-review-step">
            {steps.map((s) => (
              <option key={s} value={s}>
                {t(`legalReview.steps.${s}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {step === 'formal-request' ? (
        <FieldSet legend={t('legalReview.documents')} error={tr(errors.documents?.root ?? (errors.documents))}>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{t('legalReview.documents')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('legalReview.documentName')}</th>
                  <th scope="col">{t('legalReview.received')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('legalReview.remove')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {documents.fields.map((row, i) => (
                  <tr key={row.id}>
                    <td>
                      <Field label={<span className="visually-hidden">{t('legalReview.documentN', { n: i + 1 })}</span>} error={tr(errors.documents?.[i]?.name)}>
                        {(p) => <input {...p} {...form.register(`documents.${i}.name`)} data-testid={`legal-review-document-${i}`} />}
                      </Field>
                    </td>
                    <td>
                      <label className="choice">
                        <input type="checkbox" {...form.register(`documents.${i}.received`)} /> {t('legalReview.receivedN', { n: i + 1 })}
                      </label>
                    </td>
                    <td>
                      <button type="button" className="secondary" onClick={() => documents.remove(i)} disabled={documents.fields.length === 1}>
                        {t('legalReview.removeN', { n: i + 1 })}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="actions-row">
            <button type="button" className="secondary" onClick={() => documents.append({ name: '', received: false })}>
              {t('legalReview.addDocument')}
            </button>
          </div>
        </FieldSet>
      ) : (
        <FieldSet legend={t(`legalReview.steps.${step}`)} error={tr(errors.decision)}>
          {decisionsOf(step).map((d) => (
            <label key={d} className="choice">
              <input type="radio" value={d} {...form.register('decision')} data-testid={`legal-review-${d}`} /> {t(`legalReview.decisions.${d}`)}
            </label>
          ))}
        </FieldSet>
      )}
      <Field label={t('fields.reference')} error={tr(errors.reference)} required>
        {(p) => <input {...p} {...form.register('reference')} data-testid="legal-review-reference" />}
      </Field>
    </ActionForm>
  );
}
