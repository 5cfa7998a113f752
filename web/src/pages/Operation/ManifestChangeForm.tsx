/**
 * Add people to the manifest, or remove them with a reason: case ids pasted or read from a file (a list
 * of ids, or the bulk import's results CSV). The body is checked with the contract's schema before it is
 * sent; the answer comes case by case, and the ids the operation refused stay in the box to try again.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useRef, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { ManifestChangeBodySchema } from '../../../../contracts/operations';
import { MAX_MANIFEST, type ManifestCaseResult } from '../../../../domain/operation';
import { Field, FieldSet } from '../../components/forms/Field';
import { bodyKey, useSubmissionIdFor } from '../../components/forms/useSubmission';
import { ProblemMessage } from '../../components/ProblemMessage';
import { applyFieldErrors, isApiProblem } from '../../http/problem';
import { useChangeManifest, type ManifestChangeBody, type ManifestChangeResult } from '../../queries/operations';
import { useContractMessage } from '../Case/actions/messages';
import { optionalText } from '../Case/actions/types';
import { CaseResultTable } from './CaseResultTable';
import { caseIdsIn } from './caseIdList';

type Body = ManifestChangeBody;
type Output = z.output<typeof ManifestChangeBodySchema>;

/** People leave a manifest for a reason the escort and the case's own record must know: the workbench asks for one. */
const ChangeSchema = ManifestChangeBodySchema.superRefine((body, ctx) => {
  if (body.action === 'remove' && body.reason === undefined) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'must not be empty' });
});

const DONE: readonly ManifestCaseResult[] = ['added', 'already-in-manifest', 'removed'];

export interface ManifestChangeRequest {
  action: 'add' | 'remove';
  caseIds: string[];
}

/** `request` (from "Remove" on a manifest row) fills the form; the board mounts a new form for each one. */
export function ManifestChangeForm({ operationId, request }: { operationId: string; request?: ManifestChangeRequest }) {
  const { t } = useTranslation(['operations', 'common']);
  const tr = useContractMessage();
  const change = useChangeManifest(operationId);
  const submission = useSubmissionIdFor();
  const [ids, setIds] = useState(() => request?.caseIds.join('\n') ?? '');
  const [answer, setAnswer] = useState<ManifestChangeResult | undefined>();
  const [topErrors, setTopErrors] = useState<string[]>([]);
  const resultsHeading = useRef<HTMLHeadingElement>(null);
  const idsBox = useRef<HTMLTextAreaElement | null>(null);
  const form = useForm<Body, unknown, Output>({ resolver: zodResolver(ChangeSchema), defaultValues: { requestId: '', action: request?.action ?? 'add', caseIds: [] } });
  const { errors } = form.formState;
  const busy = change.isPending || form.formState.isSubmitting;
  const action = useWatch({ control: form.control, name: 'action' });

  useEffect(() => {
    if (request) idsBox.current?.focus();
  }, [request]);

  useEffect(() => {
    if (answer) resultsHeading.current?.focus();
  }, [answer]);

  const send = async (body: Output) => {
    if (change.isPending) return;
    setTopErrors([]);
    try {
      const result = await change.mutateAsync(body);
      submission.renew();
      setAnswer(result);
      // What was not done stays, to be corrected and sent again.
      const left = result.results.filter((r) => !DONE.includes(r.result)).map((r) => r.caseId);
      setIds(left.join('\n'));
      if (left.length === 0) form.reset({ requestId: '', action: body.action, caseIds: [] });
    } catch (err) {
      if (!isApiProblem(err)) return;
      const rest = applyFieldErrors<Body>(err.problem, form.setError, new Set(['reason', 'caseIds']));
      setTopErrors(rest.map((e) => `${e.field}: ${e.message}`));
    }
  };

  const onSubmit = (event: React.FormEvent<HTMLFormElement>) => {
    const caseIds = caseIdsIn(ids);
    form.setValue('caseIds', caseIds);
    form.setValue('requestId', submission.idFor(bodyKey(form.getValues())));
    void form.handleSubmit(send)(event);
  };

  const readFile = async (file: File | undefined) => {
    if (!file) return;
    const found = caseIdsIn(await file.text());
    setIds((current) => [...new Set([...caseIdsIn(current), ...found])].join('\n'));
  };

  const caseIdsError = errors.caseIds
    ? caseIdsIn(ids).length === 0
      ? t('change.noIds')
      : caseIdsIn(ids).length > MAX_MANIFEST
        ? t('change.tooMany', { max: MAX_MANIFEST })
        : tr(errors.caseIds)?.message
    : undefined;

  return (
    <section className="card" aria-labelledby="manifest-change" data-testid="manifest-change">
      <h2 id="manifest-change">{t('change.title')}</h2>
      <form noValidate aria-busy={busy} onSubmit={onSubmit} data-testid="manifest-change-form">
        <ProblemMessage error={topErrors.length === 0 ? change.error : undefined} testId="manifest-change-problem" />
        {topErrors.length > 0 && (
          <ul className="problem" role="alert" data-testid="manifest-change-problem">
            {topErrors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        )}
        <FieldSet legend={t('change.action')}>
          {(['add', 'remove'] as const).map((a) => (
            <label key={a} className="choice">
              <input type="radio" value={a} {...form.register('action')} data-testid={`manifest-change-${a}`} /> {t(`change.${a}`)}
            </label>
          ))}
        </FieldSet>
        <Field label={t('change.ids')} hint={t('change.idsHint')} error={caseIdsError ? { message: caseIdsError } : undefined} required>
          {(p) => (
            <textarea
              {...p}
              ref={idsBox}
              rows={6}
              value={ids}
              onChange={(e) => setIds(e.target.value)}
              spellCheck={false}
              data-testid="manifest-change-ids"
            />
          )}
        </Field>
        <Field label={t('change.file')} hint={t('change.fileHint')}>
          {(p) => <input {...p} type="file" accept=".csv,.txt,text/csv,text/plain" onChange={(e) => void readFile(e.target.files?.[0])} data-testid="manifest-change-file" />}
        </Field>
        <Field label={t('change.reason')} hint={t('change.reasonHint')} error={tr(errors.reason)} required={action === 'remove'}>
          {(p) => <input {...p} {...form.register('reason', optionalText)} data-testid="manifest-change-reason" />}
        </Field>
        <p className="hint" aria-live="polite">
          {t('change.counted', { count: caseIdsIn(ids).length })}
        </p>
        <button type="submit" disabled={busy} data-testid="manifest-change-submit">
          {busy ? t('change.sending') : t(action === 'remove' ? 'change.submitRemove' : 'change.submitAdd')}
        </button>
      </form>
      {answer && (
        <>
          <h3 ref={resultsHeading} tabIndex={-1}>
            {t('change.results', { count: answer.results.length, size: answer.manifestSize })}
          </h3>
          <CaseResultTable
            rows={answer.results.map((r) => ({ ...r, label: t(`change.outcome.${r.result}`), done: DONE.includes(r.result) }))}
            resultLabel={t('change.result')}
            testId="manifest-change-results"
            rowTestId="manifest-change-result"
          />
        </>
      )}
    </section>
  );
}
