import { useTranslation } from 'react-i18next';
import type { ImportState } from './importStore';

/** How far the run is: a progress bar over the rows sent, and the server's answers so far by kind. */
export function ImportProgress({ state }: { state: ImportState }) {
  const { t } = useTranslation('import');
  const { counts } = state;
  const percent = counts.toSend === 0 ? 100 : Math.round((counts.answered / counts.toSend) * 100);
  const serverInvalid = counts.invalid - (state.file?.invalid ?? 0);
  return (
    <div className="import-progress" data-testid="import-progress">
      <div
        role="progressbar"
        aria-label={t('progress.label')}
        aria-valuemin={0}
        aria-valuemax={counts.toSend}
        aria-valuenow={counts.answered}
        aria-valuetext={t('progress.text', { answered: counts.answered, total: counts.toSend, percent })}
        className="progress-track"
        data-testid="import-progressbar"
      >
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
      <p aria-live="polite">{t('progress.text', { answered: counts.answered, total: counts.toSend, percent })}</p>
      <dl className="facts" data-testid="result-counts">
        <dt>{t('counts.created')}</dt>
        <dd data-testid="count-created">{counts.created}</dd>
        <dt>{t('counts.existing')}</dt>
        <dd data-testid="count-existing">{counts.existing}</dd>
        <dt>{t('counts.invalidServer')}</dt>
        <dd data-testid="count-invalid-server">{serverInvalid}</dd>
        <dt>{t('counts.conflict')}</dt>
        <dd data-testid="count-conflict">{counts.conflict}</dd>
        <dt>{t('counts.failed')}</dt>
        <dd data-testid="count-failed">{counts.failed}</dd>
      </dl>
    </div>
  );
}
