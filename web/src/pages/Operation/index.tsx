import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { MANIFEST_STATUSES, type ManifestStatus } from '../../../../domain/operation';
import { ProblemMessage } from '../../components/ProblemMessage';
import { useOperation } from '../../queries/operations';
import { useMe } from '../../session/useSession';
import { canRunOperations } from '../Operations/roles';
import { FlightsCard } from './FlightsCard';
import { MANIFEST_PAGE_SIZE, ManifestCard } from './ManifestCard';
import { ManifestChangeForm, type ManifestChangeRequest } from './ManifestChangeForm';
import type { ManifestFilter } from './ManifestFilters';
import { OperationFacts } from './OperationFacts';
import { ReadinessCard, RollUpCard } from './ReadinessCard';

function manifestStatusOf(param: string | null): ManifestStatus | undefined {
  return (MANIFEST_STATUSES as readonly string[]).includes(param ?? '') ? (param as ManifestStatus) : undefined;
}

function offsetOf(param: string | null): number {
  const n = Number(param ?? '0');
  return Number.isInteger(n) && n >= 0 ? n - (n % MANIFEST_PAGE_SIZE) : 0;
}

/** The filters live in the address, so a filtered manifest can be shared and survives a reload. */
function filterOf(params: URLSearchParams): ManifestFilter {
  return {
    status: manifestStatusOf(params.get('manifest')),
    flightId: params.get('flight') || undefined,
    waitingOn: params.get('waitingOn') || undefined,
  };
}

export default function OperationPage() {
  const { t } = useTranslation(['operations', 'common']);
  const me = useMe().data;
  const { operationId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const filter = filterOf(params);
  const offset = offsetOf(params.get('offset'));
  const board = useOperation(operationId, { ...filter, offset, limit: MANIFEST_PAGE_SIZE });
  const operation = board.data;
  const [changeRequest, setChangeRequest] = useState<{ n: number; request: ManifestChangeRequest } | undefined>();
  // The custodial country's officers and supervisors change the manifest; the others read it.
  const runs = operation !== undefined && me !== undefined && canRunOperations(me) && me.country === operation.details.custodialCountry;
  const open = operation !== undefined && (operation.status === 'open' || operation.status === 'planned');

  const setPage = (next: ManifestFilter & { offset?: number }) => {
    const p: Record<string, string> = {};
    if (next.status) p.manifest = next.status;
    if (next.flightId) p.flight = next.flightId;
    if (next.waitingOn) p.waitingOn = next.waitingOn;
    if (next.offset) p.offset = String(next.offset);
    setParams(p);
  };

  return (
    <>
      <p>
        <Link to="/operations">{t('board.back')}</Link>
      </p>
      <h1 data-testid="operation-title">{operation ? t('board.title', { name: operation.details.name }) : t('board.titleLoading')}</h1>
      <p className="subtitle">{operationId}</p>
      <ProblemMessage error={board.error} />
      {board.isPending && (
        <p className="loading" role="status">
          {t('common:loading')}
        </p>
      )}
      {operation && (
        <>
          <div className="grid">
            <OperationFacts operation={operation} />
            <ReadinessCard operation={operation} />
            <RollUpCard operation={operation} />
          </div>
          <FlightsCard operation={operation} />
          <ManifestCard
            operation={operation}
            filter={filter}
            onFilter={(f) => setPage(f)}
            onOffset={(o) => setPage({ ...filter, offset: o })}
            onRemove={runs && open ? (caseId) => setChangeRequest((c) => ({ n: (c?.n ?? 0) + 1, request: { action: 'remove', caseIds: [caseId] } })) : undefined}
          />
          {runs && open && <ManifestChangeForm key={changeRequest?.n ?? 0} operationId={operationId} request={changeRequest?.request} />}
        </>
      )}
    </>
  );
}
