/**
 * Handover as a confidential OpenID Connect client (openid-client): Authorization Code with PKCE (S256),
 * state and nonce. The provider's metadata is discovered on first use and again after a failure, so the
 * API starts even while the provider is down.
 *
 * ID tokens come straight from the provider's token endpoint, over TLS and with client authentication;
 * OpenID Connect Core §3.1.3.7 (6) lets a client rely on that instead of the token's signature, so a
 * provider's key rotation never locks officers out. Issuer, audience, expiry and nonce are always checked.
 */
import * as oidc from 'openid-client';
import type { SignInFailure } from '../../contracts/session';
import type { Caller } from './claims';
import { mapClaims, type ClaimMapping } from './claim-mapping';

export interface OidcOptions {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** HANDOVER_PUBLIC_URL + /auth/callback. */
  redirectUri: string;
  /** Where the provider sends the browser after it ended its own session. */
  postLogoutRedirectUri: string;
  scope: string;
  mapping: ClaimMapping;
  /** A plain-http issuer: only for a provider on loopback in development and tests. */
  allowInsecureIssuer?: boolean;
}

/** What the sign-in round trip must remember between /auth/login and /auth/callback. */
export interface LoginTransaction {
  state: string;
  nonce: string;
  verifier: string;
  returnTo: string;
}

export interface SignedIn {
  caller: Caller;
  refreshToken?: string;
  /** Epoch seconds at which the access token expires: the session refreshes after it. */
  tokenExpiresAt?: number;
}

/** A sign-in or refresh that must end without a session; `reason` is safe to log and to show. */
export class SignInError extends Error {
  constructor(
    readonly reason: SignInFailure,
    /** The OAuth error code the provider answered, if any (e.g. invalid_grant): never token contents. */
    readonly providerError?: string,
  ) {
    super(reason);
    this.name = 'SignInError';
  }
}

export class OidcRelyingParty {
  private configuration?: Promise<oidc.Configuration>;

  constructor(readonly options: OidcOptions) {}

  async begin(returnTo: string): Promise<{ url: string; transaction: LoginTransaction }> {
    const config = await this.config();
    const transaction: LoginTransaction = { state: oidc.randomState(), nonce: oidc.randomNonce(), verifier: oidc.randomPKCECodeVerifier(), returnTo };
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.options.redirectUri,
      scope: this.options.scope,
      code_challenge: await oidc.calculatePKCECodeChallenge(transaction.verifier),
      code_challenge_method: 'S256',
      state: transaction.state,
      nonce: transaction.nonce,
    });
    return { url: url.href, transaction };
  }

  async complete(callbackUrl: URL, transaction: LoginTransaction): Promise<SignedIn> {
    const providerError = callbackUrl.searchParams.get('error');
    if (providerError !== null) throw new SignInError('provider-refused', providerError.slice(0, 64));
    // Checked here as well as by openid-client so that a forged or stale callback never reaches the provider.
    if (callbackUrl.searchParams.get('state') !== transaction.state) throw new SignInError('state-mismatch');
    const config = await this.config();
    try {
      const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: transaction.verifier,
        expectedState: transaction.state,
        expectedNonce: transaction.nonce,
        idTokenExpected: true,
      });
      return this.signedIn(tokens);
    } catch (err) {
      throw classify(err);
    }
  }

  /** A new access token (and ID token) for the session; the person's role and country are mapped again. */
  async refresh(refreshToken: string, current: Caller): Promise<SignedIn> {
    const config = await this.config();
    try {
      const tokens = await oidc.refreshTokenGrant(config, refreshToken);
      const signedIn = this.signedIn(tokens, current);
      return { ...signedIn, refreshToken: tokens.refresh_token ?? refreshToken };
    } catch (err) {
      throw classify(err);
    }
  }

  /** The provider's end-session page, when it has one (RP-Initiated Logout). */
  async endSessionUrl(): Promise<string | undefined> {
    let config: oidc.Configuration;
    try {
      config = await this.config();
    } catch {
      return undefined;
    }
    if (!config.serverMetadata().end_session_endpoint) return undefined;
    return oidc.buildEndSessionUrl(config, { client_id: this.options.clientId, post_logout_redirect_uri: this.options.postLogoutRedirectUri }).href;
  }

  /** `current`: on a refresh without a new ID token (allowed by the spec), the principal stays as it was. */
  private signedIn(tokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers, current?: Caller): SignedIn {
    const claims = tokens.claims();
    let caller = current;
    if (claims) {
      const mapped = mapClaims(claims, this.options.mapping);
      if (!mapped.ok) throw new SignInError(mapped.reason);
      // A refreshed ID token for another subject is not this session's person.
      if (current && mapped.caller.id !== current.id) throw new SignInError('token-rejected');
      caller = mapped.caller;
    }
    if (!caller) throw new SignInError('token-rejected');
    const expiresIn = tokens.expiresIn();
    return {
      caller,
      ...(tokens.refresh_token ? { refreshToken: tokens.refresh_token } : {}),
      ...(expiresIn !== undefined ? { tokenExpiresAt: Math.floor(Date.now() / 1000) + expiresIn } : {}),
    };
  }

  private config(): Promise<oidc.Configuration> {
    if (!this.configuration) {
      const { issuer, clientId, clientSecret, allowInsecureIssuer } = this.options;
      const pending = oidc.discovery(new URL(issuer), clientId, clientSecret, undefined, allowInsecureIssuer ? { execute: [oidc.allowInsecureRequests] } : undefined);
      this.configuration = pending;
      pending.catch(() => {
        // Discover again on the next sign-in rather than remembering an outage.
        if (this.configuration === pending) this.configuration = undefined;
      });
    }
    return this.configuration.catch((err: unknown) => {
      throw classify(err);
    });
  }
}

/** openid-client's errors → why the sign-in failed, without carrying any token or claim value along. */
function classify(err: unknown): SignInError {
  if (err instanceof SignInError) return err;
  if (err instanceof oidc.ResponseBodyError) {
    return new SignInError(err.error === 'invalid_grant' ? 'code-rejected' : 'provider-refused', err.error.slice(0, 64));
  }
  if (err instanceof oidc.AuthorizationResponseError) return new SignInError('provider-refused', err.error.slice(0, 64));
  if (err instanceof oidc.ClientError) {
    const claim = (err.cause as { cause?: { claim?: string; attribute?: string } } | undefined)?.cause;
    if (err.code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED' && claim?.claim === 'aud') return new SignInError('audience-mismatch');
    if (err.code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED' && claim?.claim === 'iss') return new SignInError('issuer-mismatch');
    if (err.code === 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED') return new SignInError('issuer-mismatch');
    if (err.code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' || err.code === 'OAUTH_RESPONSE_IS_NOT_JSON' || err.code === 'OAUTH_TIMEOUT') {
      return new SignInError('provider-unavailable');
    }
    return new SignInError('token-rejected');
  }
  // fetch() fails with a TypeError when the provider cannot be reached.
  if (err instanceof TypeError) return new SignInError('provider-unavailable');
  return new SignInError('token-rejected');
}
