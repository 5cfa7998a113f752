import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadText } from '../../format/csv';
import { fetchWholeManifest } from '../../queries/operations';
import { manifestCsv } from './manifestCsv';
import type { ManifestFilter } from './ManifestFilters';

/** The whole manifest under the filters shown (every page, not only this one) as a CSV file. */
export function ManifestExport({ operationId, filter }: { operationId: string; filter: ManifestFilter }) {
  const { t } = useTranslation(['operations', 'common']);
  const [state, setState] = useState<'idle' | 'busy' | 'failed'>('idle');
  const exportCsv = async () => {
    setState('busy');
    try {
      const entries = await fetchWholeManifest(operationId, filter);
      const text = manifestCsv(entries, {
        column: (c) => t(`manifest.column.${c}`),
        value: (c, v) => (c === 'status' ? t(`manifestStatus.${v}`) : c === 'exception' ? t(`exception.${v}`) : t(`common:${c}.${v}`)),
      });
      downloadText(`${operationId}-manifest.csv`, text);
      setState('idle');
    } catch {
      setState('failed');
    }
  };
  return (
    <p className="actions-row">
      <button type="button" className="secondary" disabled={state === 'busy'} onClick={() => void exportCsv()} data-testid="manifest-export">
        {state === 'busy' ? t('manifest.exporting') : t('manifest.export')}
      </button>
      {state === 'failed' && (
        <span role="alert" className="problem">
          {t('manifest.exportFailed')}
        </span>
      )}
    </p>
  );
}
