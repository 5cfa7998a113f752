import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { OPERATION_STATUSES, type OperationStatus } from '../../../../domain/operation';
import { Pager } from '../../components/Pager';
import { ProblemMessage } from '../../components/ProblemMessage';
import { useMe } from '../../session/useSession';
import { useOperations } from '../../queries/operations';
import { OperationTable } from './OperationTable';
import { canRunOperations } from './roles';
import { StatusFilter } from './StatusFilter';
import { back, currentToken, FIRST_PAGE, forward, pageNumber, type TokenTrail } from './tokens';

function statusOf(param: string | null): OperationStatus | undefined {
  return (OPERATION_STATUSES as readonly string[]).includes(param ?? '') ? (param as OperationStatus) : undefined;
}

export default function OperationsPage() {
  const { t } = useTranslation(['operations', 'common']);
  const me = useMe().data;
  const [params, setParams] = useSearchParams();
  const status = statusOf(params.get('status'));
  // Tokens belong to one filter: a new filter starts again on page 1.
  const [trail, setTrail] = useState<{ status: OperationStatus | undefined; trail: TokenTrail }>({ status, trail: FIRST_PAGE });
  const pages = trail.status === status ? trail.trail : FIRST_PAGE;
  const list = useOperations({ status, pageToken: currentToken(pages) });
  const operations = list.data?.operations ?? [];
  // While the next page loads, the list shown is the previous page's: its token would open the same page again.
  const next = list.isPlaceholderData ? undefined : list.data?.nextPageToken;
  return (
    <>
      <h1>{t('list.title')}</h1>
      {me && <p className="subtitle">{t('list.intro', { country: t(`common:country.${me.country}`) })}</p>}
      {me && canRunOperations(me) && (
        <p>
          <Link to="/operations/new" className="button" data-testid="operation-new">
            {t('create.open')}
          </Link>
        </p>
      )}
      <StatusFilter status={status} onChange={(s) => setParams(s ? { status: s } : {})} />
      <ProblemMessage error={list.error} />
      {list.isPending && (
        <p className="loading" role="status">
          {t('common:loading')}
        </p>
      )}
      {list.data && operations.length === 0 && (
        <p className="notice" data-testid="operations-empty">
          {t('list.empty')}
        </p>
      )}
      {operations.length > 0 && <OperationTable operations={operations} />}
      {(pageNumber(pages) > 1 || next) && (
        <Pager
          page={pageNumber(pages)}
          hasPrevious={pageNumber(pages) > 1}
          hasNext={next !== undefined}
          onPrevious={() => setTrail({ status, trail: back(pages) })}
          onNext={() => next && setTrail({ status, trail: forward(pages, next) })}
        />
      )}
    </>
  );
}
