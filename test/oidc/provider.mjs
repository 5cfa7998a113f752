/**
 * A real OpenID Provider for the sign-in tests: panva's oidc-provider (v8, which runs on Node 20 and 24;
 * v9 needs Node 22), with its development login form (any login name, any password), an account table
 * in two providers' claim shapes, and a few test controls under /__test/:
 *   POST /__test/rotate            sign with a brand-new key from now on (the old one is no longer published)
 *   POST /__test/tamper?mode=…     the next ID tokens name another audience (aud) or issuer (iss); mode=off
 *   POST /__test/refuse-refresh    the provider no longer honours refresh tokens (invalid_grant)
 *   GET  /__test/stats             how many code and refresh grants it answered
 *
 * Run as a child process (ES modules only): node test/oidc/provider.mjs, configured by environment:
 *   OIDC_PORT, OIDC_CLIENTS (JSON array of { client_id, client_secret, redirect_uris, post_logout_redirect_uris }),
 *   OIDC_ACCESS_TTL (seconds). It prints "listening <issuer>" once ready.
 */
import { createSign, generateKeyPairSync, randomUUID } from 'node:crypto';
import http from 'node:http';
import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_PORT ?? 0);
const clients = JSON.parse(process.env.OIDC_CLIENTS ?? '[]');
const accessTtl = Number(process.env.OIDC_ACCESS_TTL ?? 3600);

/** Two providers' shapes: Keycloak (realm_access.roles, a country attribute) and authentik (groups for both). */
const ACCOUNTS = {
  'kc-officer-mm': { name: 'Officer Aung', realm_access: { roles: ['offline_access', 'handover-officer'] }, handover_country: 'MM' },
  'kc-supervisor-th': { name: 'Supervisor Somchai', realm_access: { roles: ['handover-supervisor', 'uma_authorization'] }, handover_country: 'TH' },
  'kc-auditor-th': { name: 'Auditor Niran', realm_access: { roles: ['handover-auditor'] }, handover_country: 'TH' },
  'kc-two-roles-th': { name: 'Officer Malee', realm_access: { roles: ['handover-officer', 'handover-supervisor'] }, handover_country: 'TH' },
  'ak-officer-kh': { name: 'Officer Dara', groups: ['staff', 'handover-officers', 'country-kh'] },
  'ak-legal-la': { name: 'Legal Officer Keo', groups: ['handover-legal', 'country-la'] },
};

function newKey() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKey, jwk: { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256', use: 'sig' } };
}

let key = newKey();
let tamper = 'off';
let refuseRefresh = false;
const stats = { codeGrants: 0, refreshGrants: 0, keys: 1 };

function resign(idToken, change) {
  const payload = JSON.parse(Buffer.from(idToken.split('.')[1], 'base64url').toString());
  const header = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: key.jwk.kid })).toString('base64url');
  const body = Buffer.from(JSON.stringify({ ...payload, ...change })).toString('base64url');
  const signature = createSign('RSA-SHA256').update(`${header}.${body}`).sign(key.privateKey).toString('base64url');
  return `${header}.${body}.${signature}`;
}

let issuer = '';
let provider;

function build() {
  const p = new Provider(issuer, {
    clients: clients.map((c) => ({ grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], ...c })),
    jwks: { keys: [key.jwk] },
    cookies: { keys: ['handover-test-provider-cookie-key'] },
    findAccount: async (_ctx, id) => ({ accountId: id, claims: async () => ({ sub: id, ...(ACCOUNTS[id] ?? { name: id }) }) }),
    claims: { openid: ['sub'], profile: ['name'], handover: ['realm_access', 'handover_country', 'groups'] },
    scopes: ['openid', 'offline_access', 'profile', 'handover'],
    // Scope claims go into the ID token itself, as Keycloak and authentik do with their mappers.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    pkce: { required: () => true },
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    // Consent is the provider administrator's matter here: every client of the test is pre-approved.
    loadExistingGrant: async (ctx) => {
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid profile handover offline_access');
      grant.addOIDCClaims(['name', 'realm_access', 'handover_country', 'groups']);
      await grant.save();
      return grant;
    },
    ttl: { AccessToken: accessTtl, IdToken: 3600, RefreshToken: 86400, Session: 3600, Grant: 86400, Interaction: 600, AuthorizationCode: 60 },
  });
  p.use(async (ctx, next) => {
    if (ctx.path.startsWith('/__test/')) return control(ctx);
    const grantType = ctx.path === '/token' ? new URLSearchParams(await peekBody(ctx)).get('grant_type') : null;
    if (grantType === 'refresh_token' && refuseRefresh) {
      ctx.status = 400;
      ctx.body = { error: 'invalid_grant', error_description: 'grant request is invalid' };
      return undefined;
    }
    await next();
    if (ctx.path === '/token' && ctx.status === 200 && ctx.body) {
      const answer = typeof ctx.body === 'string' ? JSON.parse(ctx.body) : ctx.body;
      if (grantType === 'authorization_code') stats.codeGrants += 1;
      if (grantType === 'refresh_token') stats.refreshGrants += 1;
      if (tamper !== 'off' && answer.id_token) {
        answer.id_token = resign(answer.id_token, tamper === 'aud' ? { aud: 'another-application' } : { iss: 'https://unknown-issuer.example' });
        ctx.body = answer;
      }
    }
    return undefined;
  });
  return p;
}

/** Reads the token request's form; oidc-provider then takes the already-read body from req.body. */
async function peekBody(ctx) {
  const chunks = [];
  for await (const chunk of ctx.req) chunks.push(chunk);
  ctx.req.body = Buffer.concat(chunks).toString();
  return ctx.req.body;
}

function control(ctx) {
  const mode = ctx.query.mode;
  switch (ctx.path) {
    case '/__test/rotate':
      key = newKey();
      stats.keys += 1;
      provider = build();
      ctx.body = { kid: key.jwk.kid };
      break;
    case '/__test/tamper':
      tamper = mode === 'aud' || mode === 'iss' ? mode : 'off';
      ctx.body = { tamper };
      break;
    case '/__test/refuse-refresh':
      refuseRefresh = mode !== 'off';
      ctx.body = { refuseRefresh };
      break;
    case '/__test/stats':
      ctx.body = { ...stats, kid: key.jwk.kid };
      break;
    default:
      ctx.status = 404;
  }
}

const server = http.createServer((req, res) => provider.callback()(req, res));
server.listen(port, '127.0.0.1', () => {
  issuer = `http://127.0.0.1:${server.address().port}`;
  provider = build();
  process.stdout.write(`listening ${issuer}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
