import { useTranslation } from 'react-i18next';
import type { Outcome, Stage } from '../../../domain/case';

/** A case's stage in words (colour only adds to them); a closed case shows its outcome. */
export function StageBadge({ stage, outcome }: { stage: Stage; outcome?: Outcome }) {
  const { t } = useTranslation();
  return (
    <span className={stage === 'closed' ? 'badge closed' : 'badge'} data-stage={stage} data-testid="stage-badge">
      {t(`common:stage.${stage}`)}
      {outcome && ` · ${t(`common:outcome.${outcome}`)}`}
    </span>
  );
}
