import { useTranslation } from 'react-i18next';
import { Countdown } from '../../components/Countdown';
import { DateTime } from '../../components/DateTime';
import type { CaseView } from '../../queries/case';
import { clockBaseName, clockCountry } from './case-view';

/** Every clock of the case: legal ones release the person or end the request, working ones only escalate. */
export function ClocksTable({ clocks }: { clocks: CaseView['clocks'] }) {
  const { t } = useTranslation(['case', 'common']);
  const nameOf = (name: string) => {
    const base = clockBaseName(name);
    // A working SLA is named after its stage (`sla:screening`), a transit stop after its country.
    if (base === 'sla') return t('clock.sla', { stage: t(`common:stage.${clockCountry(name) ?? ''}`, { defaultValue: clockCountry(name) }) });
    const country = clockCountry(name);
    const label = t(`clock.${base}`, { defaultValue: base });
    return country ? `${label} (${t(`common:country.${country}`, { defaultValue: country })})` : label;
  };
  const consequenceOf = (c: CaseView['clocks'][number]) =>
    c.kind === 'working' ? t('consequence.working') : t(`consequence.${clockBaseName(c.name)}`, { defaultValue: c.consequence });
  const live = (c: CaseView['clocks'][number]) => c.status === 'running' || c.status === 'overdue';
  return (
    <section className="card" aria-labelledby="case-clocks" data-testid="case-clocks">
      <h2 id="case-clocks">{t('clocks.title')}</h2>
      {clocks.length === 0 ? (
        <p>{t('clocks.none')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('clocks.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('clocks.name')}</th>
                <th scope="col">{t('clocks.kind')}</th>
                <th scope="col">{t('clocks.status')}</th>
                <th scope="col">{t('clocks.deadline')}</th>
                <th scope="col">{t('clocks.remaining')}</th>
                <th scope="col">{t('clocks.consequence')}</th>
                <th scope="col">{t('clocks.legalBasis')}</th>
                <th scope="col">{t('clocks.extensions')}</th>
              </tr>
            </thead>
            <tbody>
              {clocks.map((c) => (
                <tr key={c.name} data-testid="clock-row" data-clock={c.name} data-kind={c.kind} data-status={c.status}>
                  <th scope="row">{nameOf(c.name)}</th>
                  <td>
                    <span className="badge">{t(`clocks.kinds.${c.kind}`)}</span>
                  </td>
                  <td>
                    <span className={c.status === 'overdue' || c.status === 'expired' ? 'badge overdue' : 'badge'}>{t(`clocks.statuses.${c.status}`)}</span>
                  </td>
                  <td>{c.deadline ? <DateTime value={c.deadline} /> : t('common:none')}</td>
                  <td>{live(c) ? <Countdown deadline={c.deadline} /> : c.status === 'paused' ? t('clocks.pausedByHold') : '—'}</td>
                  <td>{consequenceOf(c)}</td>
                  <td>{c.legalBasis ?? (c.kind === 'working' ? t('clocks.notLaw') : '—')}</td>
                  <td>
                    {c.extendedByDays ? t('clocks.extendedBy', { count: c.extendedByDays }) : t('common:none')}
                    {c.remindersSent ? ` · ${t('clocks.reminders', { count: c.remindersSent })}` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
