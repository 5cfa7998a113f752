import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { MANIFEST_STATUSES, type ManifestStatus } from '../../../../domain/operation';
import { ProblemMessage } from '../../components/ProblemMessage';
import { useOperation } from '../../queries/operations';
import { FlightsCard } from './FlightsCard';
import { MANIFEST_PAGE_SIZE, ManifestCard } from './ManifestCard';
import { OperationFacts } from './OperationFacts';
import { ReadinessCard, RollUpCard } from './ReadinessCard';

function manifestStatusOf(param: string | null): ManifestStatus | undefined {
  return (MANIFEST_STATUSES as readonly string[]).includes(param ?? '') ? (param as ManifestStatus) : undefined;
}

function offsetOf(param: string | null): number {
  const n = Number(param ?? '0');
  return Number.isInteger(n) && n >= 0 ? n - (n % MANIFEST_PAGE_SIZE) : 0;
}

export default function OperationPage() {
  const { t } = useTranslation(['operations', 'common']);
  const { operationId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const status = manifestStatusOf(params.get('manifest'));
  const offset = offsetOf(params.get('offset'));
  const board = useOperation(operationId, { status, offset, limit: MANIFEST_PAGE_SIZE });
  const operation = board.data;

  const setPage = (next: { status?: ManifestStatus; offset?: number }) => {
    const p: Record<string, string> = {};
    if (next.status) p.manifest = next.status;
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
            manifest={operation.manifest}
            status={status}
            onStatus={(s) => setPage({ status: s })}
            onOffset={(o) => setPage({ status, offset: o })}
          />
        </>
      )}
    </>
  );
}
