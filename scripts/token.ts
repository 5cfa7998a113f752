/**
 * `npm run token -- --role supervisor --country TH --sub th-sup-1 [--name "TH supervisor"] [--hours 8]`
 * Mints a bearer token with the configured HS256 secret (HANDOVER_JWT_SECRET, else the development
 * secret of the data folder) and prints it alone on stdout, so `TOKEN=$(npm run -s token -- …)` works.
 */
import { parseArgs } from 'node:util';
import { authOptionsFromConfig } from '../api/auth/config';
import { TokenClaimsSchema } from '../api/auth/claims';
import { mintToken } from '../api/auth/tokens';
import { loadConfigOrExit } from '../config/env';
import { COUNTRIES, ROLES } from '../domain/people';

const USAGE = `usage: npm run token -- --role <${ROLES.join('|')}> --country <${COUNTRIES.join('|')}> --sub <user id> [--name <display name>] [--hours <lifetime>]`;

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        role: { type: 'string' },
        country: { type: 'string' },
        sub: { type: 'string' },
        name: { type: 'string' },
        hours: { type: 'string', default: '8' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const claims = TokenClaimsSchema.safeParse({
    role: values.role,
    country: values.country?.toUpperCase(),
    sub: values.sub,
    name: values.name ?? `${values.role ?? 'user'} ${values.country ?? ''}`.trim(),
  });
  if (!claims.success) fail(`invalid or missing: ${[...new Set(claims.error.issues.map((i) => `--${String(i.path[0])}`))].join(', ')}`);
  const hours = Number(values.hours);
  if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 30) fail('--hours must be a number of hours between 0 and 720');

  const config = loadConfigOrExit();
  const auth = authOptionsFromConfig(config);
  if (auth.options.secret === undefined) fail('HANDOVER_JWKS_URL is set: tokens come from the identity provider, not from this script');
  const token = await mintToken(claims.data, auth.options.secret, {
    expiresInSeconds: Math.round(hours * 3600),
    issuer: config.HANDOVER_JWT_ISSUER,
    audience: config.HANDOVER_JWT_AUDIENCE,
  });
  if (auth.devSecret?.created) process.stderr.write(`generated a development secret in ${auth.devSecret.path}\n`);
  process.stdout.write(`${token}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`token failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
