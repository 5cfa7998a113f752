import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { InboxItem } from '../../../../contracts/monitor';
import type { Me } from '../../../../contracts/session';
import { CaseRoute } from '../../components/CaseRoute';
import { Countdown } from '../../components/Countdown';
import { DateTime } from '../../components/DateTime';
import { StageBadge } from '../../components/StageBadge';
import { mayChangeAssignment, type ActionGroup } from './grouping';
import { ApproveForm } from './ApproveForm';
import { ClaimRelease, HandOver, type AssignmentDone } from './AssignmentControls';
import { SelectAllCheckbox } from '../../components/forms/SelectAllCheckbox';

export interface GroupProps {
  group: ActionGroup<InboxItem>;
  me: Me;
  selected: ReadonlySet<string>;
  onSelect: (caseIds: string[], selected: boolean) => void;
  onAssigned: AssignmentDone;
  onApproved: AssignmentDone;
}

/** The cases that ask the same of me, under one heading: a table with what each needs and by when. */
export function InboxGroup({ group, me, selected, onSelect, onAssigned, onApproved }: GroupProps) {
  const { t } = useTranslation('inbox');
  const headingId = useId();
  const approvals = group.segment === 'approvals';
  const heading = group.segment ? t(`common:action.${group.segment}`) : t('group.other');
  return (
    <section className="card" data-testid="inbox-group" data-action={group.segment ?? 'other'} aria-labelledby={headingId}>
      <h2 id={headingId}>
        {heading} <span className="badge">{t('group.count', { count: group.items.length })}</span>
      </h2>
      <div className="table-wrap">
        <table aria-labelledby={headingId}>
          <thead>
            <tr>
              {approvals && (
                <th scope="col">
                  <SelectAllCheckbox
                    testId="select-all"
                    label={t('selectAll', { action: heading })}
                    state={group.items.every((i) => selected.has(i.caseId)) ? 'all' : group.items.some((i) => selected.has(i.caseId)) ? 'some' : 'none'}
                    onChange={(on) => onSelect(group.items.map((i) => i.caseId), on)}
                  />
                </th>
              )}
              <th scope="col">{t('column.case')}</th>
              <th scope="col">{t('column.stage')}</th>
              <th scope="col">{t('column.route')}</th>
              <th scope="col">{t('column.deadline')}</th>
              <th scope="col">{t('column.assignee')}</th>
              <th scope="col">{t('column.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {group.items.map((item) => (
              <tr key={item.caseId} data-testid="inbox-row" data-case-id={item.caseId} data-assignee={item.assignee ?? ''}>
                {approvals && (
                  <td>
                    <input
                      type="checkbox"
                      data-testid="select-case"
                      aria-label={t('selectCase', { caseId: item.caseId })}
                      checked={selected.has(item.caseId)}
                      onChange={(e) => onSelect([item.caseId], e.target.checked)}
                    />
                  </td>
                )}
                <td>
                  <Link to={`/cases/${encodeURIComponent(item.caseId)}`} data-testid="case-link">
                    {item.caseId}
                  </Link>
                  <div className="hint">{t(`common:track.${item.track}`)}</div>
                </td>
                <td>
                  <StageBadge stage={item.stage} outcome={item.outcome} />
                </td>
                <td>
                  <CaseRoute custodial={item.custodialCountry} transit={item.transitCountries} receiving={item.receivingCountry} />
                </td>
                <td>
                  {item.overdue && (
                    <span className="badge overdue" data-testid="overdue-badge">
                      {t('common:overdue')}
                    </span>
                  )}{' '}
                  {item.nextDeadline ? (
                    <>
                      <DateTime value={item.nextDeadline} />
                      <div>
                        <Countdown deadline={item.nextDeadline} />
                      </div>
                    </>
                  ) : (
                    t('common:none')
                  )}
                </td>
                <td data-testid="assignee">
                  {item.assignee === undefined ? t('assignee.nobody') : item.assignee === me.id ? t('assignee.you') : item.assignee}
                </td>
                <td>
                  <div className="actions-row">
                    {approvals && <ApproveForm caseId={item.caseId} me={me} onDone={onApproved} />}
                    {mayChangeAssignment(item.assignee, me) && (
                      <>
                        <ClaimRelease caseId={item.caseId} assignee={item.assignee} me={me} onDone={onAssigned} />
                        <HandOver caseId={item.caseId} me={me} onDone={onAssigned} />
                      </>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
