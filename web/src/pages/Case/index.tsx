import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ProblemMessage } from '../../components/ProblemMessage';
import { isApiProblem } from '../../http/problem';
import { useCaseTimeline, useCaseView } from '../../queries/case';
import { ActionsPanel } from './ActionsPanel';
import { ApprovalsTable } from './ApprovalsTable';
import { ArrestSection } from './ArrestSection';
import { CaseHeader } from './CaseHeader';
import { ClocksTable } from './ClocksTable';
import { CustodyChain } from './CustodyChain';
import { PersonSection } from './PersonSection';
import { ScheduleSection } from './ScheduleSection';
import { Timeline } from './Timeline';

export default function CasePage() {
  const { t } = useTranslation(['case', 'common']);
  const { caseId = '' } = useParams();
  const view = useCaseView(caseId);
  const timeline = useCaseTimeline(caseId, view.data?.timelineLength);

  if (!view.data) {
    if (view.isError && isApiProblem(view.error) && (view.error.status === 404 || view.error.status === 400)) {
      return (
        <>
          <h1>{t('title')}</h1>
          <p role="alert" className="problem" data-testid="case-not-found">
            {t('notFound')}
          </p>
        </>
      );
    }
    return (
      <>
        <h1>{t('title')}</h1>
        {view.isError ? <ProblemMessage error={view.error} /> : <p className="loading" role="status">{t('common:loading')}</p>}
      </>
    );
  }

  const v = view.data;
  return (
    <div className="case-page" data-testid="case-page" data-case-id={v.caseId}>
      <CaseHeader view={v} />
      {view.isError && <ProblemMessage error={view.error} testId="case-refresh-problem" />}
      <ActionsPanel view={v} />
      <ClocksTable clocks={v.clocks} />
      <div className="grid">
        <PersonSection person={v.person} />
        <ArrestSection arrest={v.arrest} charges={v.charges} />
      </div>
      <ApprovalsTable approvals={v.approvals} />
      {v.schedule && <ScheduleSection schedule={v.schedule} />}
      <CustodyChain view={v} />
      <Timeline timeline={timeline.data} error={timeline.error} loading={timeline.isLoading} />
    </div>
  );
}
