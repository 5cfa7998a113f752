/**
 * How the workbench signs people in, from the configuration: the session cookie's settings, the OpenID
 * Connect provider when one is configured, and whether the development identities are offered.
 */
import { ConfigError, type Config } from '../../config/env';
import { COUNTRIES, ROLES } from '../../domain/people';
import { loadOrCreateSecretFile } from './tokens';
import { parseValueMap } from './claim-mapping';
import type { SessionSettings } from './cookie-session';
import type { OidcOptions } from './oidc-relying-party';

export interface SignInOptions {
  session: SessionSettings;
  /** The origin officers open: redirect URIs and the Origin check of cookie requests use it. */
  publicUrl: string;
  oidc?: OidcOptions;
  /** One-click development identities (embedded default only). */
  demoIdentities: boolean;
}

const SESSION_SECRET_FILE = 'session-secret';

export function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/**
 * `env` tells the production image apart (NODE_ENV=production there): demo identities exist only when
 * Handover runs its own dev server (no TEMPORAL_ADDRESS) outside that image.
 */
export function signInFromConfig(config: Config, env: NodeJS.ProcessEnv = process.env): SignInOptions {
  const embedded = config.TEMPORAL_ADDRESS === undefined;
  const publicUrl = new URL(config.HANDOVER_PUBLIC_URL ?? `http://${config.HANDOVER_API_HOST}:${config.HANDOVER_API_PORT}`);
  const secure = publicUrl.protocol === 'https:';
  if (!secure && !isLoopback(publicUrl.hostname)) {
    throw new ConfigError('HANDOVER_PUBLIC_URL', 'an https URL (plain http is only for localhost in development)');
  }
  let secrets = config.HANDOVER_SESSION_SECRET?.split(',').map((s) => s.trim());
  if (!secrets) {
    if (!embedded && config.HANDOVER_OIDC_ISSUER) {
      // Each replica would generate its own: a session opened on one would be refused by the next.
      throw new ConfigError('HANDOVER_SESSION_SECRET', 'set (shared by every API replica) when TEMPORAL_ADDRESS and HANDOVER_OIDC_ISSUER are set');
    }
    secrets = [loadOrCreateSecretFile(config.dataDir, SESSION_SECRET_FILE).secret];
  }
  const session: SessionSettings = {
    secrets,
    secure,
    idleSeconds: Math.min(config.HANDOVER_SESSION_IDLE_SECONDS, config.HANDOVER_SESSION_MAX_SECONDS),
    absoluteSeconds: config.HANDOVER_SESSION_MAX_SECONDS,
  };
  const origin = publicUrl.origin;
  return {
    session,
    publicUrl: origin,
    oidc: config.HANDOVER_OIDC_ISSUER ? oidcFromConfig(config, origin) : undefined,
    demoIdentities: embedded && env.NODE_ENV !== 'production',
  };
}

function oidcFromConfig(config: Config, origin: string): OidcOptions {
  const issuer = config.HANDOVER_OIDC_ISSUER!;
  if (!config.HANDOVER_OIDC_CLIENT_ID) throw new ConfigError('HANDOVER_OIDC_CLIENT_ID', 'set when HANDOVER_OIDC_ISSUER is set');
  if (!config.HANDOVER_OIDC_CLIENT_SECRET) throw new ConfigError('HANDOVER_OIDC_CLIENT_SECRET', 'set when HANDOVER_OIDC_ISSUER is set');
  if (!config.HANDOVER_OIDC_SCOPES.split(/\s+/).includes('openid')) throw new ConfigError('HANDOVER_OIDC_SCOPES', 'a list that includes openid');
  const issuerUrl = new URL(issuer);
  if (issuerUrl.protocol !== 'https:' && !isLoopback(issuerUrl.hostname)) {
    throw new ConfigError('HANDOVER_OIDC_ISSUER', 'an https URL (plain http is only for a provider on localhost)');
  }
  const map = <T extends string>(variable: 'HANDOVER_ROLE_MAP' | 'HANDOVER_COUNTRY_MAP', allowed: readonly T[]) => {
    try {
      return parseValueMap(config[variable], allowed, variable);
    } catch (err) {
      throw new ConfigError(variable, (err as Error).message.replace(`${variable} entry`, 'a list of pairs; entry'));
    }
  };
  return {
    issuer,
    clientId: config.HANDOVER_OIDC_CLIENT_ID,
    clientSecret: config.HANDOVER_OIDC_CLIENT_SECRET,
    redirectUri: `${origin}/auth/callback`,
    postLogoutRedirectUri: `${origin}/signin`,
    scope: config.HANDOVER_OIDC_SCOPES,
    mapping: {
      roleClaim: config.HANDOVER_ROLE_CLAIM,
      roleMap: map('HANDOVER_ROLE_MAP', ROLES),
      countryClaim: config.HANDOVER_COUNTRY_CLAIM,
      countryMap: map('HANDOVER_COUNTRY_MAP', COUNTRIES),
      nameClaims: config.HANDOVER_NAME_CLAIM.split(',').map((c) => c.trim()).filter((c) => c !== ''),
    },
    allowInsecureIssuer: issuerUrl.protocol === 'http:',
  };
}
