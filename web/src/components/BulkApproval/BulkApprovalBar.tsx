/**
 * A supervisor's one decision (approve, or reject with a reason and where the cases go) for every case
 * selected in a list, sent as POST /approvals/bulk and answered case by case. Used by the case list and
 * the inbox: give it the selected case ids; `onDone` gets the answer of each case. Rejecting with closure
 * ends every selected case as refused, so the bar asks once more before sending it.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { useForm, useWatch, type FieldErrors, type Resolver } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { BulkApprovalBodySchema, MAX_BULK_APPROVALS, type BulkApprovalResult } from '../../../../contracts/bulk';
import { RETURNABLE_STAGES } from '../../../../domain/case';
import { newRequestId } from '../../http/client';
import { isApiProblem, applyFieldErrors } from '../../http/problem';
import { useBulkApproval, type BulkApprovalBody } from '../../queries/bulk-approvals';
import { useMe } from '../../session/useSession';
import { Field, FieldSet } from '../forms/Field';
import { ProblemMessage } from '../ProblemMessage';
import { BulkActionCard } from '../BulkActions/BulkActionCard';
import { bulkBodyOf, closesCases, RequestIdsByBody, type BulkDecisionDraft } from './body';
import { BulkResults } from './BulkResults';

export type BulkCaseResult = BulkApprovalResult['results'][number];

export const BULK_DECISION_SECTION = 'bulk-decision';

type DraftField = 'decision' | 'notes' | 'reason' | 'next';
const FIELD_OF: Record<string, DraftField> = {
  'approval.decision': 'decision',
  'approval.notes': 'notes',
  'approval.reason': 'reason',
  'approval.returnTo': 'next',
  'approval.close': 'next',
};

export function BulkApprovalBar({ caseIds, onDone }: { caseIds: string[]; onDone?: (results: BulkCaseResult[]) => void }) {
  const { t } = useTranslation(['cases', 'common']);
  const me = useMe().data;
  const mutation = useBulkApproval(me);
  const [requestIds] = useState(() => new RequestIdsByBody(newRequestId));
  const [answer, setAnswer] = useState<BulkApprovalResult | null>(null);
  const [topErrors, setTopErrors] = useState<string[]>([]);
  const resultsHeading = useRef<HTMLHeadingElement>(null);
  const confirmId = useId();
  const confirmRef = useRef<HTMLDivElement>(null);
  const submitRef = useRef<HTMLButtonElement>(null);
  // Asking "close them all?" after a submit of reject-and-close; the next submit is the confirmed one.
  const [confirming, setConfirming] = useState(false);
  const confirmed = useRef(false);

  // The resolver reads the selection at the moment of submitting, not when the form was created.
  const caseIdsRef = useRef(caseIds);
  useEffect(() => {
    caseIdsRef.current = caseIds;
  }, [caseIds]);

  const resolver: Resolver<BulkDecisionDraft, unknown, BulkApprovalBody> = (draft) => {
    const ids = caseIdsRef.current;
    const parsed = BulkApprovalBodySchema.safeParse(bulkBodyOf(draft, ids, requestIds.idFor(draft, ids)));
    if (parsed.success) return { values: parsed.data, errors: {} };
    const errors: FieldErrors<BulkDecisionDraft> = {};
    for (const issue of parsed.error.issues) {
      const path = issue.path.join('.');
      const field = FIELD_OF[path];
      const message = messageOf(path, issue.code, issue.message);
      if (field) errors[field] ??= { type: issue.code, message };
      else errors.root ??= { type: issue.code, message } as NonNullable<FieldErrors<BulkDecisionDraft>['root']>;
    }
    return { values: {}, errors };
  };

  function messageOf(path: string, code: string, message: string): string {
    if (path === 'approval.reason' && (code === 'too_small' || code === 'invalid_type')) return t('bulk.errors.reason');
    if (path === 'approval.returnTo' || path === 'approval.close') return t('bulk.errors.next');
    if (path === 'caseIds' && code === 'too_small') return t('bulk.errors.noneSelected');
    if (path === 'caseIds' && code === 'too_big') return t('bulk.errors.tooMany', { max: MAX_BULK_APPROVALS });
    return message;
  }

  const {
    register,
    handleSubmit,
    control,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<BulkDecisionDraft, unknown, BulkApprovalBody>({ resolver, defaultValues: { decision: 'approve', notes: '', reason: '', next: '' } });
  const decision = useWatch({ control, name: 'decision' });
  const next = useWatch({ control, name: 'next' });
  const pending = mutation.isPending || isSubmitting;
  const count = caseIds.length;
  // Only while the form still says reject-and-close: switching away drops the question.
  const asking = confirming && decision === 'reject' && next === 'close';

  // The answer replaces the form's focus: a screen reader reads the result heading and then the table.
  useEffect(() => {
    if (answer) resultsHeading.current?.focus();
  }, [answer]);
  useEffect(() => {
    if (asking) confirmRef.current?.focus();
  }, [asking]);

  // A double click starts two submissions before the button can be disabled: only the first is sent.
  const inFlight = useRef(false);
  const send = async (body: BulkApprovalBody) => {
    if (inFlight.current) return;
    if (closesCases(body) && !confirmed.current) {
      setConfirming(true);
      return;
    }
    setConfirming(false);
    inFlight.current = true;
    setTopErrors([]);
    try {
      const result = await mutation.mutateAsync(body);
      requestIds.accepted();
      // The next decision starts from a blank form, so a note or reason is never carried over by mistake.
      reset();
      setAnswer(result);
      onDone?.(result.results);
    } catch (err) {
      if (isApiProblem(err)) {
        const rest = applyFieldErrors<BulkDecisionDraft>(
          err.problem,
          (name, error) => setError(FIELD_OF[name] ?? 'root', error),
          (field) => field in FIELD_OF,
        );
        setTopErrors(rest.map((e) => `${e.field}: ${e.message}`));
      }
    } finally {
      inFlight.current = false;
    }
  };

  // The confirmed submission is built again from the form and the selection as they are now.
  const confirm = async () => {
    confirmed.current = true;
    try {
      await handleSubmit(send)();
    } finally {
      confirmed.current = false;
    }
  };
  const cancelConfirm = () => {
    setConfirming(false);
    requestAnimationFrame(() => submitRef.current?.focus());
  };

  return (
    <BulkActionCard
      id={BULK_DECISION_SECTION}
      title={t('bulk.title')}
      testId="bulk-approval"
      count={count}
      noneSelected={t('bulk.noneSelected')}
      appliesTo={t('bulk.appliesTo', { count })}
    >
      <form
        noValidate
        data-testid="action-approvals-bulk"
        aria-busy={pending}
        onSubmit={(e) => {
          void handleSubmit(send)(e);
        }}
      >
        <ProblemMessage error={mutation.error} testId="bulk-problem" />
        {errors.root?.message && (
          <p role="alert" className="problem" data-testid="bulk-problem">
            {errors.root.message}
          </p>
        )}
        {topErrors.length > 0 && (
          <ul className="problem">
            {topErrors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        )}
        <FieldSet legend={t('bulk.decision')} error={errors.decision}>
          <label className="choice">
            <input type="radio" value="approve" {...register('decision')} data-testid="bulk-decision-approve" />
            {t('bulk.approve')}
          </label>
          <label className="choice">
            <input type="radio" value="reject" {...register('decision')} data-testid="bulk-decision-reject" />
            {t('bulk.reject')}
          </label>
        </FieldSet>
        {decision === 'reject' ? (
          <>
            <Field label={t('bulk.reason')} hint={t('bulk.reasonHint')} error={errors.reason} required>
              {(props) => <textarea rows={3} {...props} aria-required="true" {...register('reason')} data-testid="bulk-reason" />}
            </Field>
            <FieldSet legend={t('bulk.next')} error={errors.next}>
              {RETURNABLE_STAGES.map((stage) => (
                <label className="choice" key={stage}>
                  <input type="radio" value={stage} {...register('next')} data-testid={`bulk-next-${stage}`} />
                  {t('bulk.returnTo', { stage: t(`common:stage.${stage}`) })}
                </label>
              ))}
              <label className="choice">
                <input type="radio" value="close" {...register('next')} data-testid="bulk-next-close" />
                {t('bulk.closeRefused')}
              </label>
            </FieldSet>
          </>
        ) : (
          <Field label={t('bulk.notes')} error={errors.notes}>
            {(props) => <textarea rows={2} {...props} {...register('notes')} data-testid="bulk-notes" />}
          </Field>
        )}
        {asking ? (
          <div className="notice" role="group" aria-labelledby={confirmId} ref={confirmRef} tabIndex={-1} data-testid="bulk-confirm">
            <p id={confirmId}>
              <strong>{t('bulk.confirmClose', { count })}</strong>
            </p>
            <div className="actions-row">
              <button type="button" className="danger" onClick={() => void confirm()} disabled={pending || count === 0} data-testid="bulk-confirm-yes">
                {pending ? t('bulk.sending') : t('bulk.confirmYes', { count })}
              </button>
              <button type="button" className="secondary" onClick={cancelConfirm} disabled={pending} data-testid="bulk-confirm-cancel">
                {t('common:cancel')}
              </button>
            </div>
          </div>
        ) : (
          <div className="actions-row">
            <button type="submit" ref={submitRef} className={decision === 'reject' ? 'danger' : undefined} disabled={pending || count === 0} data-testid="bulk-submit">
              {pending ? t('bulk.sending') : decision === 'reject' ? t('bulk.submitReject', { count }) : t('bulk.submitApprove', { count })}
            </button>
          </div>
        )}
      </form>
      {answer && <BulkResults answer={answer} headingRef={resultsHeading} />}
    </BulkActionCard>
  );
}
