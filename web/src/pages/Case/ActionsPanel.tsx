import { useEffect, useRef, useState, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseActionSegment } from '../../../../domain/case';
import type { CaseView } from '../../queries/case';
import { ApprovalForm } from './actions/ApprovalForm';
import { AssignmentForm } from './actions/AssignmentForm';
import { ClockExtensionForm } from './actions/ClockExtensionForm';
import { CustodyEventForm } from './actions/CustodyEventForm';
import { CustodyExceptionForm } from './actions/CustodyExceptionForm';
import { HoldForm } from './actions/HoldForm';
import { LegalReviewForm } from './actions/LegalReviewForm';
import { RefoulementReviewForm } from './actions/RefoulementReviewForm';
import { ResumeForm } from './actions/ResumeForm';
import { ScheduleForm } from './actions/ScheduleForm';
import { ScreeningForm } from './actions/ScreeningForm';
import type { ActionFormProps } from './actions/types';
import { VerificationForm } from './actions/VerificationForm';
import { WithdrawForm } from './actions/WithdrawForm';
import { WaitingOn } from './WaitingOn';

const FORMS: Record<CaseActionSegment, ComponentType<ActionFormProps>> = {
  screening: ScreeningForm,
  'refoulement-review': RefoulementReviewForm,
  verification: VerificationForm,
  'legal-review': LegalReviewForm,
  approvals: ApprovalForm,
  schedule: ScheduleForm,
  'custody-events': CustodyEventForm,
  'custody-exceptions': CustodyExceptionForm,
  hold: HoldForm,
  resume: ResumeForm,
  withdraw: WithdrawForm,
  'clock-extensions': ClockExtensionForm,
  assignment: AssignmentForm,
};

/** The forms of the actions this reader may take now (the server says which), or what the case waits on. */
export function ActionsPanel({ view }: { view: CaseView }) {
  const { t } = useTranslation(['case', 'common']);
  const [done, setDone] = useState<{ segment: CaseActionSegment; n: number } | undefined>(undefined);
  const statusRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (done) statusRef.current?.focus();
  }, [done]);
  return (
    <section className="card" aria-labelledby="case-actions" data-testid="case-actions">
      <h2 id="case-actions">{t('actions.title')}</h2>
      <div role="status" tabIndex={-1} ref={statusRef} data-testid="action-success" className={done ? 'success' : undefined}>
        {done && t('actions.done', { action: t(`common:action.${done.segment}`), stage: t(`common:stage.${view.stage}`) })}
      </div>
      {view.allowedActions.length === 0 ? (
        <div data-testid="no-actions">
          <p>{t('actions.none')}</p>
          <WaitingOn view={view} />
        </div>
      ) : (
        view.allowedActions.map((segment) => {
          const Form = FORMS[segment];
          // A new key after each action this reader took, so the next form starts from the case as it is
          // now; a refresh of the view alone keeps the forms, and what is typed in them, as they are.
          return <Form key={`${segment}-${done?.n ?? 0}`} view={view} onDone={(s) => setDone((d) => ({ segment: s, n: (d?.n ?? 0) + 1 }))} />;
        })
      )}
    </section>
  );
}
