import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { parseWaitingOn } from '../Overdue/waitingOn';

/** Whom a blocked person waits on (`supervisor:TH`, `timer:take-over`) in words; a sentence of the server's as it is. */
export function useWaitingOnLabel(): (who: string) => string {
  const { t } = useTranslation(['operations', 'monitor', 'common']);
  return useCallback(
    (who: string) => {
      const on = parseWaitingOn(who);
      return on.kind === 'person'
        ? t('common:waitingOn.person', { role: t(`common:role.${on.role}`), country: t(`common:country.${on.country}`) })
        : on.kind === 'timer'
          ? t('common:waitingOn.timer', { clock: t(`monitor:clock.${on.clock}`) })
          : on.kind === 'activity'
            ? t('common:waitingOn.activity')
            : on.text;
    },
    [t],
  );
}
