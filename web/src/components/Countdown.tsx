import { useTranslation } from 'react-i18next';
import { splitDuration } from '../format/dates';
import { useNow } from './useNow';

/** Time left until `deadline`, live; past it, how long it has been overdue. */
export function Countdown({ deadline }: { deadline: string | undefined }) {
  const { t } = useTranslation();
  const now = useNow();
  if (!deadline) return null;
  const d = splitDuration(Date.parse(deadline) - now);
  const text = t('duration', { days: d.days, hours: d.hours, minutes: d.minutes, seconds: d.seconds });
  return (
    <span className={d.negative ? 'countdown overdue' : 'countdown'} data-testid="countdown">
      {d.negative ? t('overdueBy', { duration: text }) : t('remaining', { duration: text })}
    </span>
  );
}
