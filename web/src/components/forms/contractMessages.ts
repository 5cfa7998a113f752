/**
 * The contract schemas' rule messages (contracts/*.ts and zod's own) as catalogue keys, so a rule the
 * browser or the server applies reads in the person's language. A message with no key here is shown as
 * the rule wrote it. The texts live in the `register` namespace under `rule.`.
 */
export interface MessageKey {
  key: string;
  values?: Record<string, string>;
}

const EXACT: Record<string, string> = {
  'must not be empty': 'required',
  'must be an ISO 3166-1 alpha-2 country code, e.g. CN': 'countryCode',
  'must be a date between 1900-01-01 and today': 'birthDate',
  'must not be in the future': 'future',
  'must differ from custodialCountry': 'receivingIsCustodial',
  'must not be the custodial or receiving country': 'transitIsEndpoint',
  'is listed twice': 'listedTwice',
  'must be 1-128 letters, digits or . _ : @ / -': 'clientId',
  'Invalid ISO datetime': 'dateTime',
  'Invalid ISO date': 'date',
  'is not a known field': 'unknownField',
};

export function contractMessageKey(message: string | undefined): MessageKey | undefined {
  if (!message) return undefined;
  const exact = EXACT[message];
  if (exact) return { key: `register:rule.${exact}` };
  if (/^Invalid input: expected \w+, received undefined$/.test(message)) return { key: 'register:rule.required' };
  if (message.startsWith('Invalid option')) return { key: 'register:rule.choose' };
  const tooLong = /^Too big: expected string to have <=(\d+) characters$/.exec(message);
  if (tooLong) return { key: 'register:rule.tooLong', values: { max: tooLong[1] } };
  const tooMany = /^Too big: expected array to have <=(\d+) items$/.exec(message);
  if (tooMany) return { key: 'register:rule.tooMany', values: { max: tooMany[1] } };
  const own = /^an officer of ([A-Z]{2}) registers arrests in [A-Z]{2} only$/.exec(message);
  if (own) return { key: 'register:rule.ownCountryOnly', values: { country: own[1] } };
  const cells = /^the row has (\d+) cells, the header (\d+) columns$/.exec(message);
  if (cells) return { key: 'register:rule.rowCells', values: { cells: cells[1], columns: cells[2] } };
  return undefined;
}
