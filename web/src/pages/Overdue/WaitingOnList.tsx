import { useTranslation } from 'react-i18next';
import { parseWaitingOn } from './waitingOn';

/** Who or what a case waits on, one line each. */
export function WaitingOnList({ keywords }: { keywords: readonly string[] }) {
  const { t } = useTranslation(['monitor', 'common']);
  if (keywords.length === 0) return <>{t('common:none')}</>;
  return (
    <ul className="compact-list" data-testid="waiting-on">
      {keywords.map((keyword) => {
        const word = parseWaitingOn(keyword);
        let text: string;
        if (word.kind === 'person') text = t('common:waitingOn.person', { role: t(`common:role.${word.role}`), country: t(`common:country.${word.country}`) });
        else if (word.kind === 'timer') text = t('common:waitingOn.timer', { clock: t(`monitor:clock.${word.clock}`) });
        else if (word.kind === 'activity') text = t('common:waitingOn.activity');
        else text = word.text;
        return <li key={keyword}>{text}</li>;
      })}
    </ul>
  );
}
