/**
 * One page of case summaries. Rows are memoised: ticking the checkbox of one case or a countdown
 * re-renders that row only, so a page of 100 stays quick on a checkpoint laptop.
 */
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CaseSummary } from '../../../../contracts/case-view';
import { Countdown } from '../../components/Countdown';
import { DateTime } from '../../components/DateTime';
import { SelectAllCheckbox } from '../../components/forms/SelectAllCheckbox';
import { parseWaitingOn } from './waiting';
import './cases.css';

export interface CaseTableProps {
  cases: readonly CaseSummary[];
  caption: string;
  /** The signed-in person's id: their own assignments read "you". */
  meId: string;
  /** Selection for bulk decisions; absent when this person has none to take. */
  selection?: {
    selected: ReadonlySet<string>;
    pageState: 'all' | 'some' | 'none';
    onToggle: (caseId: string, on: boolean) => void;
    onTogglePage: (on: boolean) => void;
  };
  busy: boolean;
}

export function CaseTable({ cases, caption, meId, selection, busy }: CaseTableProps) {
  const { t } = useTranslation(['cases', 'common']);
  return (
    <div className="table-wrap">
      <table className="case-table" data-testid="case-table" aria-busy={busy}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {selection && (
              <th scope="col">
                <SelectAllCheckbox testId="select-page" state={selection.pageState} onChange={selection.onTogglePage} label={t('table.selectPage')} />
              </th>
            )}
            <th scope="col">{t('table.caseId')}</th>
            <th scope="col">{t('table.track')}</th>
            <th scope="col">{t('table.route')}</th>
            <th scope="col">{t('table.stage')}</th>
            <th scope="col">{t('table.waitingOn')}</th>
            <th scope="col">{t('table.nextDeadline')}</th>
            <th scope="col">{t('table.legalDeadline')}</th>
            <th scope="col">{t('table.overdue')}</th>
            <th scope="col">{t('table.assignee')}</th>
            <th scope="col">{t('table.registeredAt')}</th>
            <th scope="col">{t('table.outcome')}</th>
          </tr>
        </thead>
        <tbody>
          {cases.map((c) => (
            <CaseRow
              key={c.caseId}
              summary={c}
              meId={meId}
              selectable={selection !== undefined}
              selected={selection?.selected.has(c.caseId) ?? false}
              onToggle={selection?.onToggle}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface CaseRowProps {
  summary: CaseSummary;
  meId: string;
  selectable: boolean;
  selected: boolean;
  onToggle: ((caseId: string, on: boolean) => void) | undefined;
}

const CaseRow = memo(function CaseRow({ summary: c, meId, selectable, selected, onToggle }: CaseRowProps) {
  const { t } = useTranslation(['cases', 'common']);
  const country = (code: string) => t(`common:country.${code}`);
  const closed = c.stage === 'closed';
  const transit = c.transitCountries.map(country).join(', ');
  const spokenRoute = transit
    ? t('table.routeVia', { custodial: country(c.custodialCountry), transit, receiving: country(c.receivingCountry) })
    : t('table.routeDirect', { custodial: country(c.custodialCountry), receiving: country(c.receivingCountry) });
  return (
    <tr data-case-id={c.caseId} data-testid="case-row">
      {selectable && (
        <td>
          <input
            type="checkbox"
            checked={selected}
            onChange={(e) => onToggle?.(c.caseId, e.target.checked)}
            aria-label={t('table.selectCase', { caseId: c.caseId })}
            data-testid="select-case"
          />
        </td>
      )}
      <td>
        <Link to={`/cases/${c.caseId}`} className="case-link" data-testid="case-link">
          {c.caseId}
        </Link>
      </td>
      <td>{t(`common:track.${c.track}`)}</td>
      <td>
        <span aria-hidden="true" className="route">
          {[c.custodialCountry, ...c.transitCountries, c.receivingCountry].map(country).join(' → ')}
        </span>
        <span className="visually-hidden">{spokenRoute}</span>
      </td>
      <td>
        <span className={closed ? 'badge closed' : 'badge'} data-stage={c.stage} data-testid="stage-badge">
          {t(`common:stage.${c.stage}`)}
        </span>
      </td>
      <td data-testid="waiting-on">{c.waitingOn.map((w) => <WaitLabel key={w} keyword={w} />)}</td>
      <td>
        {!closed && c.nextDeadline && (
          <>
            <DateTime value={c.nextDeadline} />
            <Countdown deadline={c.nextDeadline} />
          </>
        )}
      </td>
      <td>
        {!closed && c.nextLegalDeadline && (
          <>
            <DateTime value={c.nextLegalDeadline} />
            <Countdown deadline={c.nextLegalDeadline} />
          </>
        )}
      </td>
      <td>
        {c.overdue && (
          <span className="badge overdue" data-testid="overdue-badge">
            {t('common:overdue')}
          </span>
        )}
      </td>
      <td data-testid="assignee">{c.assignee ? (c.assignee === meId ? t('table.you') : c.assignee) : t('table.unassigned')}</td>
      <td>
        <DateTime value={c.registeredAt} />
      </td>
      <td data-testid="outcome">{c.outcome ? t(`common:outcome.${c.outcome}`) : ''}</td>
    </tr>
  );
});

function WaitLabel({ keyword }: { keyword: string }) {
  const { t } = useTranslation(['cases', 'common']);
  const wait = parseWaitingOn(keyword);
  let text: string;
  switch (wait.kind) {
    case 'person':
      text = t('common:waitingOn.person', { role: t(`common:role.${wait.role}`), country: t(`common:country.${wait.country}`) });
      break;
    case 'timer':
      text = t('common:waitingOn.timer', { clock: t(`clock.${wait.clock}`, { defaultValue: wait.clock }) });
      break;
    case 'activity':
      text = t('common:waitingOn.activity');
      break;
    default:
      text = wait.keyword;
  }
  return <div className="wait">{text}</div>;
}
