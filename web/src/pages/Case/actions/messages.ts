/**
 * The contract schemas' messages (the same text whether the browser or the server refused) in the
 * reader's language. A message this table does not know is shown as the contract wrote it.
 */
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';

const EXACT: Record<string, string> = {
  'must not be empty': 'validation.required',
  'is required when result is not-a-national': 'validation.referredToRequired',
  'is required when result is inconclusive': 'validation.moreInformationRequired',
  'must be an ISO 3166-1 alpha-2 country code, e.g. CN': 'validation.alpha2',
  'a rejection needs exactly one of returnTo or close': 'validation.returnOrClose',
  'must not be in the future': 'validation.future',
  'must be 1-128 letters, digits or . _ : @ / -': 'validation.userId',
};

const PATTERNS: [RegExp, string][] = [
  [/^Invalid option/, 'validation.choose'],
  [/^Invalid input: expected number/, 'validation.number'],
  [/^Invalid input/, 'validation.required'],
  [/^Too big: expected string/, 'validation.tooLong'],
  [/^Too small: expected array/, 'validation.atLeastOne'],
  [/^Too big: expected number/, 'validation.numberTooBig'],
  [/^Too small: expected number/, 'validation.numberTooSmall'],
  [/^Invalid (ISO )?(date|datetime)/i, 'validation.date'],
];

/** The key of a known contract message, for tests and for the translation below. */
export function contractMessageKey(message: string): string | undefined {
  return EXACT[message] ?? PATTERNS.find(([pattern]) => pattern.test(message))?.[1];
}

export function useContractMessage(): (error: { message?: string } | undefined) => { message?: string } | undefined {
  const { t } = useTranslation('case');
  return useCallback(
    (error) => {
      if (!error?.message) return undefined;
      const key = contractMessageKey(error.message);
      return { message: key ? t(key) : error.message };
    },
    [t],
  );
}
