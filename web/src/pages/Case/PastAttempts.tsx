import { useTranslation } from 'react-i18next';
import { DateTime } from '../../components/DateTime';
import type { CaseView } from '../../queries/case';

/** Transfers that did not go through: what was recorded of each before its exception, and the exception. */
export function PastAttempts({ attempts }: { attempts: NonNullable<CaseView['custodyAttempts']> }) {
  const { t } = useTranslation(['case', 'common']);
  return (
    <>
      <h3>{t('exception.attempts')}</h3>
      <ol data-testid="custody-attempts">
        {attempts.map((a, i) => (
          <li key={`${a.exception.at}-${i}`} data-testid="custody-attempt" data-exception={a.exception.exception}>
            <strong>{t(`exception.kinds.${a.exception.exception}`)}</strong> · {t(`common:country.${a.exception.country}`)} · <DateTime value={a.exception.at} /> ·{' '}
            {a.exception.by}
            <div>{a.exception.note}</div>
            <div className="hint">
              {t('exception.recordedBefore')}{' '}
              {a.events.length === 0 ? t('common:none') : a.events.map((e) => `${t(`custody.events.${e.event}`)} (${t(`common:country.${e.country}`)})`).join(', ')}
            </div>
          </li>
        ))}
      </ol>
    </>
  );
}
