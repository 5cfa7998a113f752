import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../session/useSession';
import { invalidateCaseLists } from '../../queries/intake';
import { currentImport, onImportChunkDone, useCurrentImport } from './currentImport';
import { ImportProgress } from './ImportProgress';
import { refusedRowsCsv, registeredRows, registeredRowsCsv, type FileRefusal, type ImportState } from './importStore';
import { MAX_FILE_BYTES, readImportFile, RefusedFile } from './readFile';
import { RowsTable } from './RowsTable';
import { useRuleMessage } from '../Register/useRuleMessage';
import './import.css';
import { downloadText } from '../../format/csv';

function RefusalMessage({ refusal }: { refusal: FileRefusal }) {
  const { t } = useTranslation('import');
  const values = {
    name: refusal.name,
    columns: refusal.columns?.join(', ') ?? '',
    positions: refusal.positions?.join(', ') ?? '',
    rows: refusal.rows ?? 0,
    line: refusal.line ?? '',
    maxMb: MAX_FILE_BYTES / 1024 / 1024,
    message: refusal.message,
  };
  return (
    <div role="alert" className="problem" data-testid="file-refused" data-code={refusal.code}>
      <p>
        <strong>{t('refused.title', { name: refusal.name })}</strong>
      </p>
      <p>{t(`refused.${refusal.code}`, values)}</p>
      <p>{t('refused.nothingStarted')}</p>
    </div>
  );
}

function Summary({ state }: { state: ImportState }) {
  const { t } = useTranslation('import');
  const file = state.file!;
  return (
    <dl className="facts" data-testid="preview-counts">
      <dt>{t('counts.rows')}</dt>
      <dd data-testid="count-rows">{file.rows.length}</dd>
      <dt>{t('counts.valid')}</dt>
      <dd data-testid="count-valid">{file.valid}</dd>
      <dt>{t('counts.invalid')}</dt>
      <dd data-testid="count-invalid">{file.invalid}</dd>
    </dl>
  );
}

function download(state: ImportState, rule: (message: string) => string | undefined): void {
  downloadText(`${state.file!.name.replace(/\.(csv|xlsx)$/i, '')}-refused-rows.csv`, refusedRowsCsv(state, (e) => `${e.field}: ${rule(e.message) ?? e.message}`));
}

/** Bulk intake: a file of arrests is read and checked row by row in the browser, then sent only when confirmed. */
export default function ImportPage() {
  const { t } = useTranslation(['import', 'common']);
  const me = useMe().data;
  const queryClient = useQueryClient();
  const state = useCurrentImport();
  const fileInput = useRef<HTMLInputElement>(null);
  const previewHeading = useRef<HTMLHeadingElement>(null);
  const resultHeading = useRef<HTMLHeadingElement>(null);
  const [readError, setReadError] = useState<string | undefined>();
  const rule = useRuleMessage();

  useEffect(() => {
    onImportChunkDone(() => invalidateCaseLists(queryClient));
  }, [queryClient]);

  const phase = state.phase;
  useEffect(() => {
    if (phase === 'preview') previewHeading.current?.focus();
    if (phase === 'done') resultHeading.current?.focus();
  }, [phase]);

  if (!me) return null;
  if (me.role !== 'officer') {
    return (
      <section>
        <h1>{t('title')}</h1>
        <p className="notice" data-testid="import-not-allowed">
          {t('notAllowed', { role: t(`common:role.${me.role}`), country: t(`common:country.${me.country}`) })}
        </p>
      </section>
    );
  }

  const running = phase === 'running';
  const sent = state.outcomes.size > 0;
  const refusedRows = state.counts.invalid + state.counts.conflict + state.counts.failed;

  const choose = async (file: File | undefined) => {
    if (!file || !currentImport.reading()) return;
    setReadError(undefined);
    try {
      currentImport.preview(await readImportFile(file, me.country));
    } catch (err) {
      if (err instanceof RefusedFile) currentImport.refuse(err.refusal);
      else {
        currentImport.clear();
        setReadError(err instanceof Error ? err.message : String(err));
      }
    } finally {
      if (fileInput.current) fileInput.current.value = '';
    }
  };

  return (
    <section className="import-page">
      <h1>{t('title')}</h1>
      <p className="subtitle">{t('intro', { country: t(`common:country.${me.country}`) })}</p>

      {running && (
        <p className="notice" role="status" data-testid="import-running">
          {t('running', { name: state.file?.name, answered: state.counts.answered, total: state.counts.toSend })}
        </p>
      )}

      <div className="card">
        <div className="field">
          <label htmlFor="import-file">{t('file.label')}</label>
          <p className="hint" id="import-file-hint">
            {t('file.hint', { maxMb: MAX_FILE_BYTES / 1024 / 1024 })}
          </p>
          <input
            ref={fileInput}
            id="import-file"
            type="file"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-describedby="import-file-hint"
            disabled={running || phase === 'reading'}
            onChange={(e) => void choose(e.target.files?.[0])}
            data-testid="import-file"
          />
        </div>
        {phase === 'reading' && (
          <p role="status" className="loading" data-testid="import-reading">
            {t('reading')}
          </p>
        )}
        {phase === 'refused' && state.refusal && <RefusalMessage refusal={state.refusal} />}
        {readError && (
          <div role="alert" className="problem" data-testid="file-refused" data-code="unreadable">
            {t('refused.unreadable', { message: readError })}
          </div>
        )}
      </div>

      {state.file && (phase === 'preview' || running || phase === 'done') && (
        <div className="card" data-testid="import-preview">
          <h2 ref={previewHeading} tabIndex={-1}>
            {t(sent ? 'results.title' : 'preview.title', { name: state.file.name })}
          </h2>
          <Summary state={state} />
          {phase === 'preview' && (
            <>
              <p>{state.file.valid > 0 ? t('preview.confirmHint', { count: state.file.valid }) : t('preview.nothingValid')}</p>
              <div className="actions-row">
                <button type="button" onClick={() => void currentImport.start()} disabled={state.file.valid === 0} data-testid="import-confirm">
                  {t('preview.confirm', { count: state.file.valid })}
                </button>
                <button type="button" className="secondary" onClick={() => currentImport.clear()} data-testid="import-discard">
                  {t('preview.discard')}
                </button>
                {state.file.invalid > 0 && (
                  <button type="button" className="secondary" onClick={() => download(state, rule)} data-testid="download-refused">
                    {t('download', { count: state.file.invalid })}
                  </button>
                )}
              </div>
            </>
          )}
          {sent && <ImportProgress state={state} />}
          {phase === 'done' && (
            <>
              <h3 ref={resultHeading} tabIndex={-1} data-testid="import-done">
                {t('results.done', { count: state.counts.toSend })}
              </h3>
              {registeredRows(state) > 0 && <p data-testid="registered-hint">{t('registered.hint')}</p>}
              <div className="actions-row">
                {registeredRows(state) > 0 && (
                  <button
                    type="button"
                    onClick={() => downloadText(`${state.file!.name.replace(/\.(csv|xlsx)$/i, '')}-registered.csv`, registeredRowsCsv(state))}
                    data-testid="download-registered"
                  >
                    {t('registered.download', { count: registeredRows(state) })}
                  </button>
                )}
                {refusedRows > 0 && (
                  <button type="button" className="secondary" onClick={() => download(state, rule)} data-testid="download-refused">
                    {t('download', { count: refusedRows })}
                  </button>
                )}
                {state.counts.failed > 0 && (
                  <button type="button" onClick={() => void currentImport.retryFailed()} data-testid="retry-failed">
                    {t('results.retryFailed', { count: state.counts.failed })}
                  </button>
                )}
                <button
                  type="button"
                  className="secondary"
                  onClick={() => {
                    currentImport.clear();
                    fileInput.current?.focus();
                  }}
                  data-testid="import-another"
                >
                  {t('results.another')}
                </button>
              </div>
            </>
          )}
          {running && (
            <div className="actions-row">
              <button type="button" className="danger" onClick={() => currentImport.cancel()} data-testid="import-cancel">
                {t('results.cancel')}
              </button>
            </div>
          )}
          <RowsTable state={state} running={running} />
        </div>
      )}
    </section>
  );
}
