import path from 'node:path';
import { z } from 'zod';
import { isValidKeySpec, KEYS_EXPECTED } from '../security/key-spec';

/**
 * Every environment variable Handover reads, in one schema. The README's configuration table
 * mirrors this list; `describe()` text is what a user sees when a value is wrong.
 */
const port = (fallback: number) =>
  z.coerce.number().int().min(1).max(65535).default(fallback).describe('a TCP port number (1-65535)');

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const boolFlag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes')
    .describe('true or false');

export const envSchema = z.object({
  TEMPORAL_ADDRESS: optionalString.describe('host:port of an existing Temporal frontend'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('handover').describe('a Temporal namespace name'),
  TEMPORAL_CLI: optionalString.describe('path to a temporal CLI binary'),
  HANDOVER_DATA_DIR: z.string().min(1).default('.data').describe('a folder path'),
  HANDOVER_TASK_QUEUE: z.string().min(1).default('handover-cases').describe('a task queue name'),
  HANDOVER_API_HOST: z.string().min(1).default('127.0.0.1').describe('a host or IP to listen on'),
  HANDOVER_API_PORT: port(3000),
  HANDOVER_TEMPORAL_PORT: port(7233),
  HANDOVER_TEMPORAL_UI_PORT: port(8233),
  HANDOVER_WORKER_METRICS_PORT: z.coerce
    .number()
    .int()
    .min(1)
    .max(65535)
    .optional()
    .describe("a TCP port number (1-65535) for the worker's Prometheus /metrics"),
  HANDOVER_WORKER_METRICS_HOST: z.string().min(1).default('127.0.0.1').describe("a host or IP the worker's /metrics listens on"),
  HANDOVER_LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('one of fatal, error, warn, info, debug, trace, silent'),
  HANDOVER_LOG_PRETTY: z
    .enum(['auto', 'true', 'false'])
    .default('auto')
    .describe('auto (pretty on a terminal), true or false'),
  HANDOVER_DAY_SECONDS: z.coerce
    .number()
    .positive()
    .max(86400 * 10)
    .default(86400)
    .describe('seconds in one clock day (86400 in production; small numbers compress every clock)'),
  // Notifications (activities/webhook-notifier.ts): unset URL keeps the log + outbox notifier.
  HANDOVER_WEBHOOK_URL: optionalString
    .refine((v) => v === undefined || (URL.canParse(v) && /^https?:$/.test(new URL(v).protocol)))
    .describe('an http(s) URL that receives case notifications as signed JSON'),
  HANDOVER_WEBHOOK_SECRET: optionalString
    .refine((v) => v === undefined || v.length >= 32)
    .describe('HMAC-SHA256 secret of at least 32 characters for X-Handover-Signature'),
  HANDOVER_WEBHOOK_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(9000)
    .default(5000)
    .describe('milliseconds to wait for the webhook receiver (100-9000, below the notify activity timeout of 10 s)'),
  HANDOVER_MONITOR_HORIZON_DAYS: z.coerce
    .number()
    .positive()
    .max(365)
    .default(3)
    .describe('clock days ahead in which a legal deadline puts a case on the overdue list'),
  HANDOVER_JWT_SECRET: optionalString.describe('HS256 secret of at least 32 characters'),
  HANDOVER_JWKS_URL: optionalString.describe('an https URL of a JSON Web Key Set'),
  HANDOVER_JWT_ISSUER: optionalString.describe('the expected JWT issuer'),
  HANDOVER_JWT_AUDIENCE: optionalString.describe('the expected JWT audience'),
  // Workbench sign-in (api/auth/sign-in-config.ts): an OpenID Connect provider and a sealed-cookie session.
  HANDOVER_PUBLIC_URL: optionalString
    .refine((v) => v === undefined || (URL.canParse(v) && /^https?:$/.test(new URL(v).protocol) && new URL(v).pathname === '/'))
    .describe('the origin officers open, e.g. https://handover.example.org (scheme://host[:port], no path)'),
  HANDOVER_SESSION_SECRET: optionalString
    .refine((v) => v === undefined || v.split(',').every((s) => s.trim().length >= 32))
    .describe('one or more comma-separated secrets of at least 32 characters; the first seals sessions, all open them'),
  HANDOVER_SESSION_IDLE_SECONDS: z.coerce.number().int().min(10).max(86400).default(3600).describe('seconds without a request after which a session ends (10-86400)'),
  HANDOVER_SESSION_MAX_SECONDS: z.coerce.number().int().min(10).max(7 * 86400).default(12 * 3600).describe('seconds after sign-in at which a session ends whatever happens (10-604800)'),
  HANDOVER_OIDC_ISSUER: optionalString
    .refine((v) => v === undefined || (URL.canParse(v) && /^https?:$/.test(new URL(v).protocol)))
    .describe("the identity provider's issuer URL (its /.well-known/openid-configuration is read)"),
  HANDOVER_OIDC_CLIENT_ID: optionalString.describe("Handover's client id at the identity provider"),
  HANDOVER_OIDC_CLIENT_SECRET: optionalString.describe("Handover's client secret at the identity provider"),
  HANDOVER_OIDC_SCOPES: z.string().min(1).default('openid profile').describe('space-separated scopes to ask for (must include openid)'),
  HANDOVER_ROLE_CLAIM: z.string().min(1).default('roles').describe('dotted path of the claim holding the role(s), e.g. realm_access.roles'),
  HANDOVER_ROLE_MAP: optionalString.describe('comma-separated provider-value=role pairs, e.g. handover-officer=officer (roles: officer, supervisor, legal, monitor, admin)'),
  HANDOVER_COUNTRY_CLAIM: z.string().min(1).default('country').describe('dotted path of the claim holding the country, e.g. handover_country'),
  HANDOVER_COUNTRY_MAP: optionalString.describe('comma-separated provider-value=country pairs, e.g. police-th=TH (countries: CN, KH, LA, MM, TH, VN)'),
  HANDOVER_NAME_CLAIM: z.string().min(1).default('name,preferred_username').describe('comma-separated claims tried in turn for the display name'),
  HANDOVER_CORS_ORIGINS: optionalString.describe('comma-separated origins allowed by CORS'),
  HANDOVER_RATE_LIMIT: z.coerce.number().int().positive().default(600).describe('requests per minute per caller'),
  HANDOVER_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(1024 * 1024)
    .describe('maximum request body size in bytes'),
  HANDOVER_DEMO: boolFlag(false),
  // Payload encryption (security/keys.ts): unset in embedded mode generates a key into the data folder.
  HANDOVER_KEYS: optionalString.refine((v) => v === undefined || isValidKeySpec(v)).describe(KEYS_EXPECTED),
  HANDOVER_CODEC_CORS_ORIGIN: optionalString
    .refine((v) => v === undefined || /^https?:\/\/[^/\s]+$/.test(v))
    .describe('the Temporal UI origin allowed to call /codec, e.g. http://localhost:8233 (scheme://host[:port], no path)'),
});

export type Env = z.infer<typeof envSchema>;

export interface Config extends Env {
  /** Absolute path of the data folder (SQLite file, generated secrets). */
  dataDir: string;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly expected: string,
  ) {
    super(`Invalid configuration: ${variable} must be ${expected}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws a ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? 'environment');
    const field = envSchema.shape[variable as keyof typeof envSchema.shape];
    const expected = field?.description ?? issue?.message ?? 'valid';
    // The value itself is not echoed: it may be a secret.
    throw new ConfigError(variable, expected);
  }
  const dataDir = path.resolve(parsed.data.HANDOVER_DATA_DIR);
  return { ...parsed.data, dataDir };
}

/**
 * Entry points call this: a bad value stops the process with exit code 2 and one line
 * naming the variable, instead of a stack trace.
 */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}
