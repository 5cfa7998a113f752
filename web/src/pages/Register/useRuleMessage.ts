import { useTranslation } from 'react-i18next';
import { contractMessageKey } from '../../components/forms/contractMessages';

/** A rule's message in the person's language when the catalogue has it, as the rule wrote it otherwise. */
export function useRuleMessage(): (message: string | undefined) => string | undefined {
  const { t } = useTranslation(['register']);
  return (message) => {
    const known = contractMessageKey(message);
    return known ? t(known.key, known.values ?? {}) : message;
  };
}
