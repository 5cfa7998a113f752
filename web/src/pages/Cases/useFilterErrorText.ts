import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_LEGAL_DEADLINE_DAYS, MAX_PAGE_SIZE } from '../../../../contracts/list';
import type { FilterError } from './filters';

/** A refused filter value in the reader's language; the contract's message when no translation fits. */
export function useFilterErrorText(): (error: FilterError) => string {
  const { t } = useTranslation('cases');
  return useCallback(
    (error: FilterError) =>
      error.kind === 'other' ? error.message : t(`errors.${error.kind}`, { max: error.kind === 'pageSize' ? MAX_PAGE_SIZE : MAX_LEGAL_DEADLINE_DAYS }),
    [t],
  );
}
