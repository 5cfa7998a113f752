import { describe, expect, it } from 'vitest';
import { RegistrationBodySchema } from '../../../../contracts/registration';
import { contractMessageKey } from './contractMessages';

describe('contract messages', () => {
  it('maps the registration schema’s messages to catalogue keys', () => {
    const parsed = RegistrationBodySchema.safeParse({
      track: 'x',
      person: { fullName: ' ', sex: 'male', claimedNationality: 'china', birthDate: '1800-01-01' },
      custodialCountry: 'MM',
      receivingCountry: 'MM',
      transitCountries: ['MM', 'TH', 'TH'],
      arrest: { time: 'yesterday', place: 'x'.repeat(201) },
      externalReference: ' bad ref',
    });
    expect(parsed.success).toBe(false);
    const keys = parsed.error!.issues.map((i) => [i.path.join('.'), contractMessageKey(i.message)?.key]);
    expect(keys).toEqual(
      expect.arrayContaining([
        ['track', 'register:rule.choose'],
        ['person.fullName', 'register:rule.required'],
        ['person.claimedNationality', 'register:rule.countryCode'],
        ['person.birthDate', 'register:rule.birthDate'],
        ['arrest.time', 'register:rule.dateTime'],
        ['arrest.place', 'register:rule.tooLong'],
        ['arrest.agency', 'register:rule.required'],
        ['custodyStatus', 'register:rule.choose'],
        ['externalReference', 'register:rule.clientId'],
      ]),
    );
    expect(contractMessageKey('an officer of MM registers arrests in MM only')).toEqual({ key: 'register:rule.ownCountryOnly', values: { country: 'MM' } });
    expect(contractMessageKey('something new')).toBeUndefined();
  });
});
