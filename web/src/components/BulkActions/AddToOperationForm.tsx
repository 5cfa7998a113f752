/**
 * Adds the selected cases to one of the caller's country's open operations (POST
 * /operations/{id}/cases, action add). Each case answers for itself: added, already in the manifest,
 * refused with the operation's reason, or not found; the board of the operation is a link away.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { z } from 'zod';
import { MAX_MANIFEST } from '../../../../domain/operation';
import { ManifestChangeBodySchema, OperationIdSchema } from '../../../../contracts/operations';
import { formatDateTime } from '../../format/dates';
import { isApiProblem } from '../../http/problem';
import { useAddToOperation } from '../../queries/bulk-actions';
import { useOperations, type ManifestChangeResult } from '../../queries/operations';
import { useMe } from '../../session/useSession';
import { Field } from '../forms/Field';
import { ProblemMessage } from '../ProblemMessage';
import { BulkActionCard } from './BulkActionCard';
import { BulkResultList, countsOf } from './BulkResultList';
import { useBulkSubmission } from './submitOnce';

/** The body of POST /operations/{id}/cases, and the operation it goes to. */
const AddToOperationSchema = ManifestChangeBodySchema.extend({ operationId: OperationIdSchema });
type Input = z.input<typeof AddToOperationSchema>;
type Values = z.output<typeof AddToOperationSchema>;
type Result = ManifestChangeResult['results'][number];
const ORDER: readonly Result['result'][] = ['added', 'already-in-manifest', 'refused', 'not-found'];

export const ADD_TO_OPERATION_SECTION = 'bulk-operation';

export function AddToOperationForm({ caseIds, onDone }: { caseIds: string[]; onDone?: (results: Result[]) => void }) {
  const { t, i18n } = useTranslation(['cases', 'common']);
  const me = useMe().data;
  const list = useOperations({ status: 'open' });
  const open = useMemo(() => (list.data?.operations ?? []).filter((o) => o.custodialCountry === me?.country), [list.data, me?.country]);
  const mutation = useAddToOperation();
  const submission = useBulkSubmission();
  const [answer, setAnswer] = useState<{ operationId: string; result: ManifestChangeResult } | null>(null);
  const resultsHeading = useRef<HTMLHeadingElement>(null);
  const form = useForm<Input, unknown, Values>({
    resolver: zodResolver(AddToOperationSchema),
    defaultValues: { operationId: '', requestId: '', action: 'add', caseIds: [] },
  });
  const { errors } = form.formState;
  const count = caseIds.length;
  const pending = mutation.isPending || form.formState.isSubmitting;

  useEffect(() => {
    if (answer) resultsHeading.current?.focus();
  }, [answer]);

  const send = ({ operationId, ...body }: Values) =>
    submission.once(async () => {
      try {
        const result = await mutation.mutateAsync({ operationId, body });
        submission.accepted();
        setAnswer({ operationId, result });
        onDone?.(result.results);
      } catch (err) {
        if (isApiProblem(err)) {
          for (const e of err.problem.errors ?? []) if (e.field === 'operationId') form.setError('operationId', { type: 'server', message: e.message });
        }
      }
    });

  const onSubmit = (event: React.FormEvent<HTMLFormElement>) => {
    const operationId = form.getValues('operationId');
    form.setValue('caseIds', caseIds);
    form.setValue('requestId', submission.idFor({ operationId, caseIds }));
    void form.handleSubmit(send)(event);
  };

  const caseIdsError = errors.caseIds
    ? count === 0
      ? t('bulk.errors.noneSelected')
      : count > MAX_MANIFEST
        ? t('bulk.errors.tooMany', { max: MAX_MANIFEST })
        : errors.caseIds.message
    : undefined;

  const rows = (answer?.result.results ?? []).map((r) => ({
    caseId: r.caseId,
    status: r.result,
    label: t(`operation.status.${r.result}`),
    done: r.result === 'added' || r.result === 'already-in-manifest',
    detail: r.result === 'not-found' ? { text: t('common:problem.notFound') } : r.reason ? { text: r.reason, server: true } : undefined,
  }));

  return (
    <BulkActionCard
      id={ADD_TO_OPERATION_SECTION}
      title={t('operation.title')}
      testId="bulk-operation"
      count={count}
      noneSelected={t('operation.noneSelected')}
      appliesTo={t('operation.appliesTo', { count })}
    >
      <form noValidate data-testid="action-operation-bulk" aria-busy={pending} onSubmit={onSubmit}>
        <ProblemMessage error={mutation.error} testId="operation-problem" />
        <ProblemMessage error={list.error} testId="operation-list-problem" />
        {caseIdsError && (
          <p role="alert" className="problem" data-testid="operation-problem">
            {caseIdsError}
          </p>
        )}
        {list.isSuccess && open.length === 0 ? (
          <p data-testid="operation-none-open">
            {t('operation.noneOpen')} <Link to="/operations">{t('operation.toOperations')}</Link>
          </p>
        ) : (
          <Field label={t('operation.operation')} error={errors.operationId && { message: t('operation.errors.operation') }} required>
            {(p) => (
              <select {...p} {...form.register('operationId')} data-testid="bulk-operation-id">
                <option value="">{list.isPending ? t('common:loading') : t('operation.choose')}</option>
                {open.map((o) => (
                  <option key={o.operationId} value={o.operationId}>
                    {t('operation.option', {
                      operationId: o.operationId,
                      receiving: t(`common:country.${o.receivingCountry}`),
                      created: formatDateTime(o.createdAt, i18n.language),
                    })}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <div className="actions-row">
          <button type="submit" disabled={pending || count === 0 || open.length === 0} data-testid="bulk-operation-submit">
            {pending ? t('bulk.sending') : t('operation.submit', { count })}
          </button>
        </div>
      </form>
      {answer && (
        <BulkResultList
          testId="operation-results"
          caption={t('operation.resultCaption')}
          counts={countsOf(answer.result.results.map((r) => ({ status: r.result })), ORDER, (status, n) => t(`operation.count.${status}`, { count: n }), ['refused', 'not-found'])}
          rows={rows}
          headingRef={resultsHeading}
          withStage={false}
        >
          <p>
            <Link to={`/operations/${answer.operationId}`} data-testid="operation-board-link">
              {t('operation.board', { operationId: answer.operationId })}
            </Link>
          </p>
        </BulkResultList>
      )}
    </BulkActionCard>
  );
}
