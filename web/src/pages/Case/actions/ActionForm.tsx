import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseActionSegment } from '../../../../../domain/case';
import { ProblemMessage } from '../../../components/ProblemMessage';
import type { ActionSubmit } from './useActionSubmit';

/**
 * The frame of every action form: its heading, the problem of the last submission at the top, the
 * fields, and either the submit button or, for a closing decision, the question whether to go on.
 */
export function ActionForm({ segment, submit, submitLabel, confirmText, hint, children }: { segment: CaseActionSegment; submit: ActionSubmit; submitLabel?: string; confirmText?: string; hint?: ReactNode; children: ReactNode }) {
  const { t } = useTranslation(['case', 'common']);
  const headingId = useId();
  const confirmId = useId();
  const problemRef = useRef<HTMLDivElement>(null);
  const confirmRef = useRef<HTMLDivElement>(null);
  const { focus } = submit;
  useEffect(() => {
    if (focus?.target === 'problem') problemRef.current?.focus();
    if (focus?.target === 'confirm') confirmRef.current?.focus();
  }, [focus]);
  return (
    <section className="card case-action" aria-labelledby={headingId}>
      <h3 id={headingId}>{t(`common:action.${segment}`)}</h3>
      {hint && <p className="hint">{hint}</p>}
      <form data-testid={`action-${segment}`} aria-labelledby={headingId} noValidate onSubmit={submit.onSubmit}>
        <div ref={problemRef} tabIndex={-1}>
          {submit.problem !== undefined && <ProblemMessage error={submit.problem} testId="action-problem" />}
        </div>
        {children}
        {submit.confirming ? (
          <div className="notice" role="group" aria-labelledby={confirmId} ref={confirmRef} tabIndex={-1} data-testid={`confirm-${segment}`}>
            <p id={confirmId}>
              <strong>{confirmText ?? t('confirm.default')}</strong>
            </p>
            <div className="actions-row">
              <button type="button" className="danger" onClick={submit.confirm} disabled={submit.pending} data-testid={`confirm-yes-${segment}`}>
                {t('confirm.yes')}
              </button>
              <button type="button" className="secondary" onClick={submit.cancelConfirm} disabled={submit.pending}>
                {t('common:cancel')}
              </button>
            </div>
          </div>
        ) : (
          <div className="actions-row">
            <button type="submit" disabled={submit.pending} aria-disabled={submit.pending} data-testid={`submit-${segment}`}>
              {submit.pending ? t('sending') : (submitLabel ?? t(`common:action.${segment}`))}
            </button>
          </div>
        )}
      </form>
    </section>
  );
}
