import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { Me } from '../../../../contracts/session';
import { BulkApprovalBar, type BulkCaseResult } from '../../components/BulkApproval/BulkApprovalBar';
import { ProblemMessage } from '../../components/ProblemMessage';
import { dropFromInboxes, useInbox } from '../../queries/monitor';
import type { CaseView } from '../../queries/case';
import { useMe } from '../../session/useSession';
import { groupByAction, inboxViewOf, INBOX_VIEWS, type InboxViewName } from './grouping';
import { InboxGroup } from './InboxGroup';

const VIEW_LABEL: Record<InboxViewName, string> = { all: 'views.all', me: 'views.mine', unassigned: 'views.unassigned' };

export default function InboxPage() {
  const me = useMe().data;
  // The shell renders pages only once the person is known.
  return me ? <Inbox me={me} /> : null;
}

function Inbox({ me }: { me: Me }) {
  const { t } = useTranslation(['inbox', 'common']);
  const [params] = useSearchParams();
  const view = inboxViewOf(params.get('assigned'));
  const inbox = useInbox(view === 'all' ? undefined : view);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [result, setResult] = useState<string | null>(null);
  // Once a bulk decision has answered, its per-case results stay on the page even though the decided
  // cases (and perhaps the whole approvals group) have left the inbox.
  const [bulkAnswered, setBulkAnswered] = useState(false);
  const resultRef = useRef<HTMLParagraphElement>(null);
  const queryClient = useQueryClient();

  const announce = (text: string) => {
    setResult(text);
    // After the row changes or leaves, focus goes to what happened rather than to the top of the page.
    requestAnimationFrame(() => resultRef.current?.focus());
  };
  const onAssigned = (caseId: string, v: CaseView) => {
    const assignee = v.assignment?.assignee;
    announce(
      assignee === undefined
        ? t('result.released', { caseId })
        : assignee === me.id
          ? t('result.claimed', { caseId })
          : t('result.handedOver', { caseId, assignee }),
    );
  };
  const onApproved = (caseId: string, v: CaseView) => {
    setSelected((s) => withOut(s, caseId));
    announce(t('result.approved', { caseId, country: t(`common:country.${me.country}`), stage: t(`common:stage.${v.stage}`) }));
  };

  const onBulkDone = (results: BulkCaseResult[]) => {
    const decided = results.filter((r) => r.status === 'approved' || r.status === 'rejected').map((r) => r.caseId);
    setBulkAnswered(true);
    dropFromInboxes(queryClient, decided);
    setSelected((s) => decided.reduce(withOut, s));
  };

  const items = inbox.data?.items ?? [];
  const visibleIds = new Set(items.map((i) => i.caseId));
  // Only cases still shown count: a case decided elsewhere leaves the selection with its row.
  const selectedIds = [...selected].filter((id) => visibleIds.has(id));
  const groups = groupByAction(items);
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="subtitle">{t('intro', { role: t(`common:role.${me.role}`), country: t(`common:country.${me.country}`) })}</p>
      <div className="filters">
        <nav aria-label={t('views.label')} className="views">
          <div className="actions-row">
            {INBOX_VIEWS.map((name) => (
              <Link
                key={name}
                to={name === 'all' ? '/inbox' : `/inbox?assigned=${name}`}
                aria-current={name === view ? 'page' : undefined}
                className="badge"
                data-testid={`inbox-view-${name}`}
              >
                {name === view ? <strong>{t(VIEW_LABEL[name])}</strong> : t(VIEW_LABEL[name])}
              </Link>
            ))}
          </div>
        </nav>
        <button type="button" className="secondary" data-testid="inbox-refresh" disabled={inbox.isFetching} onClick={() => void inbox.refetch()}>
          {t('common:refresh')}
        </button>
      </div>
      <p ref={resultRef} tabIndex={-1} role="status" className={result ? 'success' : 'visually-hidden'} data-testid="inbox-result">
        {result}
      </p>
      <ProblemMessage error={inbox.error} />
      {inbox.isPending && (
        <p className="loading" role="status">
          {t('common:loading')}
        </p>
      )}
      {inbox.data && items.length === 0 && (
        <p className="notice" data-testid="inbox-empty">
          {t(`empty.${view}`)}
        </p>
      )}
      {inbox.data?.truncated && <p className="notice">{t('truncated', { count: items.length })}</p>}
      {groups.map((group) => (
        <InboxGroup
          key={group.segment ?? 'other'}
          group={group}
          me={me}
          selected={selected}
          onSelect={(caseIds, on) => setSelected((s) => (on ? new Set([...s, ...caseIds]) : caseIds.reduce(withOut, s)))}
          onAssigned={onAssigned}
          onApproved={onApproved}
        />
      ))}
      {(bulkAnswered || groups.some((g) => g.segment === 'approvals')) && <BulkApprovalBar caseIds={selectedIds} onDone={onBulkDone} />}
    </>
  );
}

function withOut(set: ReadonlySet<string>, id: string): ReadonlySet<string> {
  const next = new Set(set);
  next.delete(id);
  return next;
}
