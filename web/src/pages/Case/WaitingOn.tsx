import { useTranslation } from 'react-i18next';
import { segmentOfAction } from '../../../../domain/case';
import type { CaseView } from '../../queries/case';

/** Who or what the case waits on, in words: the role and country of the person, the clock, or a retried notification. */
export function useWaitingOnText() {
  const { t } = useTranslation(['case', 'common']);
  return (w: CaseView['waitingOn'][number]): string => {
    switch (w.kind) {
      case 'person': {
        const segment = segmentOfAction(w.action);
        const who = t('common:waitingOn.person', { role: t(`common:role.${w.role}`), country: t(`common:country.${w.country}`) });
        return segment ? t('waiting.personFor', { who, action: t(`common:action.${segment}`) }) : who;
      }
      case 'timer':
        return t('common:waitingOn.timer', { clock: t(`clock.${w.clock.split(':')[0]}`, { defaultValue: w.clock }) });
      case 'activity':
        return t('common:waitingOn.activity');
    }
  };
}

export function WaitingOn({ view }: { view: CaseView }) {
  const { t } = useTranslation('case');
  const text = useWaitingOnText();
  if (view.stage === 'closed') return <p data-testid="waiting-on">{t('waiting.closed')}</p>;
  if (view.waitingOn.length === 0) return <p data-testid="waiting-on">{t('waiting.nothing')}</p>;
  return (
    <div data-testid="waiting-on">
      <p>{t('waiting.intro')}</p>
      <ul>
        {view.waitingOn.map((w, i) => (
          <li key={i}>{text(w)}</li>
        ))}
      </ul>
    </div>
  );
}
