import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime } from '../format/dates';

/** An instant with its time zone and Gregorian year; the machine-readable value in `dateTime`. */
export function DateTime({ value, dateOnly }: { value: string | undefined; dateOnly?: boolean }) {
  const { i18n } = useTranslation();
  if (!value) return null;
  const language = i18n.resolvedLanguage ?? 'en';
  return <time dateTime={value}>{dateOnly ? formatDate(value, language) : formatDateTime(value, language)}</time>;
}
