/**
 * Sign-in for people: OIDC authorization code flow with PKCE (openid-client), against the
 * gemeente's provider (OIDC_ISSUER) or the in-process development provider. The callback maps
 * the claims to a werkplek user (`claims.ts`), starts a fresh session (no fixation) and records
 * the person as a colleague tasks can be handed over to.
 */
import express, { type Request } from 'express';
import * as oidc from 'openid-client';
import type { PrismaClient } from '../../db/client';
import { writeAudit } from '../../api/http/tenancy';
import { principalOf, userFromClaims, type ClaimMapping } from './claims';

export interface SignInOptions {
  issuer: string;
  clientId: string;
  clientSecret?: string;
  redirectUri: string;
  /** Where the provider sends people after signing out. */
  postLogoutRedirectUri: string;
  mapping: ClaimMapping;
  prisma: PrismaClient;
  sessionCookie: string;
  /** Renders the "cannot sign in" page. */
  refuse: (res: express.Response, reason: string) => void;
}

/** A path on this site (never an absolute or protocol-relative URL: no open redirect). */
export function safeReturnPath(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : '/';
}

export function signInRouter(options: SignInOptions): express.Router {
  let configuration: Promise<oidc.Configuration> | undefined;
  const discover = () => {
    configuration ??= oidc
      .discovery(
        new URL(options.issuer),
        options.clientId,
        options.clientSecret,
        undefined,
        options.issuer.startsWith('http:') ? { execute: [oidc.allowInsecureRequests] } : undefined,
      )
      .catch((error: unknown) => {
        configuration = undefined;
        throw error;
      });
    return configuration;
  };

  const router = express.Router();

  router.get('/inloggen', async (req, res) => {
    const config = await discover();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const signIn = {
      codeVerifier,
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      returnTo: safeReturnPath(req.query.terug),
    };
    req.session.signIn = signIn;
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: options.redirectUri,
      scope: 'openid profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state: signIn.state,
      nonce: signIn.nonce,
      // After a sign-out the next person must authenticate again, not ride on the provider's session.
      ...(req.query.opnieuw ? { prompt: 'login' } : {}),
    });
    req.session.save((error) => (error ? res.status(500).end() : res.redirect(url.href)));
  });

  router.get('/inloggen/terug', async (req: Request, res) => {
    const pending = req.session.signIn;
    if (!pending) {
      options.refuse(res, 'Deze aanmelding is verlopen of al gebruikt. Probeer opnieuw in te loggen.');
      return;
    }
    delete req.session.signIn;
    const config = await discover();
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(config, new URL(req.originalUrl, options.redirectUri), {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
    } catch (error) {
      req.log?.warn({ err: (error as Error).message }, 'OIDC-aanmelding mislukt');
      options.refuse(res, 'Inloggen is mislukt. Probeer het opnieuw.');
      return;
    }
    const idClaims: Record<string, unknown> = tokens.claims() ?? {};
    const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, String(idClaims.sub));
    const mapped = userFromClaims({ ...idClaims, ...userinfo }, options.mapping);
    if (!mapped.ok) {
      options.refuse(res, mapped.reason);
      return;
    }
    const user = mapped.user;
    await new Promise<void>((resolve, reject) =>
      req.session.regenerate((error) => (error ? reject(error) : resolve())),
    );
    req.session.user = user;
    req.session.lastSeenAt = Date.now();
    req.session.signedInAt = req.session.lastSeenAt;
    if (tokens.id_token) req.session.idToken = tokens.id_token;
    await options.prisma.werkplekUser.upsert({
      where: { subject: user.subject },
      create: { subject: user.subject, name: user.name, role: user.role, gemeente: user.gemeente },
      update: { name: user.name, role: user.role, gemeente: user.gemeente, lastSignInAt: new Date() },
    });
    await writeAudit(options.prisma, { principal: principalOf(user), action: 'WERKPLEK_INGELOGD' });
    req.session.save((error) => (error ? res.status(500).end() : res.redirect(pending.returnTo)));
  });

  /**
   * Sign-out ends the werkplek session and then the provider's (RP-initiated logout), so the next
   * person at this computer cannot sign in on the previous person's provider session.
   */
  router.post('/uitloggen', async (req, res, next) => {
    const idToken = req.session.idToken;
    let endSession: string | undefined;
    try {
      const config = await discover();
      if (config.serverMetadata().end_session_endpoint) {
        endSession = oidc.buildEndSessionUrl(config, {
          post_logout_redirect_uri: options.postLogoutRedirectUri,
          ...(idToken ? { id_token_hint: idToken } : {}),
        }).href;
      }
    } catch (error) {
      req.log?.warn({ err: (error as Error).message }, 'OIDC-provider niet bereikbaar bij uitloggen');
    }
    req.session.destroy((error) => {
      if (error) return next(error);
      res.clearCookie(options.sessionCookie, { path: '/' });
      res.redirect(303, endSession ?? options.postLogoutRedirectUri);
    });
  });

  return router;
}
