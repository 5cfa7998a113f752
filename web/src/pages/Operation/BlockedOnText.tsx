import { useTranslation } from 'react-i18next';
import { parseBlockedOn } from './blockedOn';

export function BlockedOnText({ text }: { text: string }) {
  const { t } = useTranslation(['operations', 'monitor', 'common']);
  const parsed = parseBlockedOn(text);
  if (!parsed) return <>{text}</>;
  const { on } = parsed;
  const waiting =
    on.kind === 'person'
      ? t('common:waitingOn.person', { role: t(`common:role.${on.role}`), country: t(`common:country.${on.country}`) })
      : on.kind === 'timer'
        ? t('common:waitingOn.timer', { clock: t(`monitor:clock.${on.clock}`) })
        : t('common:waitingOn.activity');
  return <>{`${t(`common:stage.${parsed.stage}`)}: ${waiting}`}</>;
}
