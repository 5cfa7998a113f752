import { useTranslation } from 'react-i18next';
import { DateTime } from '../../components/DateTime';
import type { CaseView } from '../../queries/case';

/**
 * The agreed handover, read-only, for every country on the route: when, where, how and with whom the
 * person is handed over. A plain agreed date shows as a date; an agreed date-time shows its time too.
 */
export function ScheduleSection({ schedule }: { schedule: NonNullable<CaseView['schedule']> }) {
  const { t } = useTranslation('case');
  return (
    <section className="card" aria-labelledby="case-schedule" data-testid="case-schedule">
      <h2 id="case-schedule">{t('schedule.title')}</h2>
      <dl className="facts">
        <dt>{t('schedule.agreedDate')}</dt>
        <dd data-testid="schedule-agreed-date">
          <DateTime value={schedule.agreedDate} dateOnly={schedule.agreedDate.length <= 10} />
        </dd>
        <dt>{t('schedule.handoverPoint')}</dt>
        <dd data-testid="schedule-handover-point">{schedule.handoverPoint}</dd>
        <dt>{t('schedule.transport')}</dt>
        <dd data-testid="schedule-transport">{t(`transport.${schedule.transport}`)}</dd>
        <dt>{t('schedule.escort')}</dt>
        <dd>{schedule.escort}</dd>
        {schedule.flight && (
          <>
            <dt>{t('schedule.flight')}</dt>
            <dd data-testid="schedule-flight">{schedule.flight}</dd>
          </>
        )}
        <dt>{t('schedule.versionLabel')}</dt>
        <dd>{schedule.version}</dd>
      </dl>
    </section>
  );
}
