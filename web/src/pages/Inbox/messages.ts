import type { TFunction } from 'i18next';

/** The contract's well-known messages, in the reader's language; any other is shown as the server wrote it. */
const KNOWN: Record<string, string> = {
  'must be 1-128 letters, digits or . _ : @ / -': 'inbox:errors.userId',
};

export function translateRule(t: TFunction, message: string | undefined): string | undefined {
  if (message === undefined) return undefined;
  const key = KNOWN[message];
  return key ? t(key) : message;
}
