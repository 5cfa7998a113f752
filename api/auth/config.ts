/**
 * Which token check the configuration asks for: a JWKS endpoint in production, else the HS256 secret
 * from HANDOVER_JWT_SECRET, else (embedded default) a development secret generated into the data folder.
 */
import type { Config } from '../../config/env';
import { loadOrCreateDevSecret, type DevSecret } from './tokens';
import type { AuthOptions } from './verifier';

export interface ConfiguredAuth {
  options: AuthOptions;
  /** Set when the development secret from the data folder is in use. */
  devSecret?: DevSecret;
}

export function authOptionsFromConfig(config: Config): ConfiguredAuth {
  const claimChecks = { issuer: config.HANDOVER_JWT_ISSUER, audience: config.HANDOVER_JWT_AUDIENCE };
  if (config.HANDOVER_JWKS_URL) return { options: { jwksUrl: config.HANDOVER_JWKS_URL, ...claimChecks } };
  if (config.HANDOVER_JWT_SECRET) return { options: { secret: config.HANDOVER_JWT_SECRET, ...claimChecks } };
  const devSecret = loadOrCreateDevSecret(config.dataDir);
  return { options: { secret: devSecret.secret, ...claimChecks }, devSecret };
}
