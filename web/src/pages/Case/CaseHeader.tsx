import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DateTime } from '../../components/DateTime';
import type { CaseView } from '../../queries/case';
import { useWaitingOnText } from './WaitingOn';

export function StageBadge({ view }: { view: CaseView }) {
  const { t } = useTranslation('common');
  return (
    <span className={view.stage === 'closed' ? 'badge closed' : 'badge'} data-testid="case-stage" data-stage={view.stage}>
      {t(`stage.${view.stage}`)}
    </span>
  );
}

/** What the case is, where it goes, whether it is held, and who works the step it waits on. */
export function CaseHeader({ view }: { view: CaseView }) {
  const { t } = useTranslation(['case', 'common']);
  const waitingText = useWaitingOnText();
  const route = [view.custodialCountry, ...view.transitCountries, view.receivingCountry];
  const personWait = view.waitingOn.find((w) => w.kind === 'person');
  return (
    <header className="card case-header" data-testid="case-header">
      <h1>
        {t('title')} <span data-testid="case-id">{view.caseId}</span>
      </h1>
      {view.hold && (
        <div className="notice hold" data-testid="hold-banner">
          <strong>{t('hold.banner')}</strong> {t('hold.bannerDetail', { reason: view.hold.reason, by: view.hold.by })} <DateTime value={view.hold.since} />
        </div>
      )}
      <dl className="facts">
        <dt>{t('header.stage')}</dt>
        <dd>
          <StageBadge view={view} />
          {view.overdue && (
            <span className="badge overdue" data-testid="case-overdue">
              {' '}
              {t('common:overdue')}
            </span>
          )}
        </dd>
        {view.outcome && (
          <>
            <dt>{t('header.outcome')}</dt>
            <dd data-testid="case-outcome" data-outcome={view.outcome}>
              {t(`common:outcome.${view.outcome}`)} {view.closedAt && <DateTime value={view.closedAt} />}
            </dd>
          </>
        )}
        <dt>{t('header.track')}</dt>
        <dd>{t(`common:track.${view.track}`)}</dd>
        <dt>{t('header.route')}</dt>
        <dd data-testid="case-route">
          <span className="visually-hidden">
            {t('header.routeSpoken', {
              custodial: t(`common:country.${view.custodialCountry}`),
              receiving: t(`common:country.${view.receivingCountry}`),
              transit: view.transitCountries.map((c) => t(`common:country.${c}`)).join(', ') || t('common:none'),
            })}
          </span>
          <span aria-hidden="true">{route.map((c) => t(`common:country.${c}`)).join(' → ')}</span>
        </dd>
        <dt>{t('header.externalReference')}</dt>
        <dd>{view.externalReference}</dd>
        <dt>{t('header.custodyStatus')}</dt>
        <dd>{t(`custodyStatus.${view.custodyStatus}`)}</dd>
        {view.operationId && (
          <>
            <dt>{t('header.operation')}</dt>
            <dd>
              <Link to={`/operations/${encodeURIComponent(view.operationId)}`} data-testid="case-operation">
                {view.operationId}
              </Link>
            </dd>
          </>
        )}
        <dt>{t('header.registered')}</dt>
        <dd>
          <DateTime value={view.registeredAt} /> · {view.registeredBy}
        </dd>
        <dt>{t('header.profile')}</dt>
        <dd>{view.profileId}</dd>
        {view.stage !== 'closed' && (
          <>
            <dt>{t('header.waitingOn')}</dt>
            <dd data-testid="case-waiting">{view.waitingOn.map(waitingText).join('; ') || t('common:none')}</dd>
            <dt>{t('header.assignment')}</dt>
            <dd data-testid="case-assignment">
              {view.assignment ? (
                <>
                  {t('header.assignedTo', { assignee: view.assignment.assignee, by: view.assignment.by })} <DateTime value={view.assignment.at} />
                </>
              ) : personWait ? (
                t('header.unassigned')
              ) : (
                t('common:none')
              )}
            </dd>
          </>
        )}
      </dl>
    </header>
  );
}
