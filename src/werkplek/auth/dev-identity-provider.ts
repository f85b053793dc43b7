/**
 * The development identity provider: `oidc-provider` in this process at `/dev-idp`, with the
 * accounts of `dev-accounts.ts` and its own Dutch sign-in page (the library's built-in
 * "dev interactions" page is English and checks no password). The werkplek signs in against it
 * through the same OIDC flow (authorization code + PKCE) as against a gemeente's Entra ID or
 * Keycloak. Never in production: the config module refuses WERKPLEK_DEV_IDP there.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import Provider, { type Configuration } from 'oidc-provider';
import type { Eta } from 'eta';
import type { DevelopmentAccount } from './dev-accounts';

export const DEV_IDP_PATH = '/dev-idp';

export interface DevIdentityProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Mount at the app root, before anything that parses bodies. */
  router: express.Router;
}

function samePassword(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function createDevIdentityProvider(options: {
  baseUrl: string;
  redirectUri: string;
  postLogoutRedirectUri: string;
  accounts: DevelopmentAccount[];
  views: Eta;
  cookieSecret: string;
}): DevIdentityProvider {
  const issuer = `${options.baseUrl}${DEV_IDP_PATH}`;
  const clientId = 'werkplek';
  const clientSecret = randomBytes(24).toString('base64url');
  const byLogin = new Map(options.accounts.map((account) => [account.login, account]));

  const configuration: Configuration = {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [options.redirectUri],
        post_logout_redirect_uris: [options.postLogoutRedirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    async findAccount(_ctx, sub) {
      const account = byLogin.get(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        async claims() {
          return { sub, name: account.name, roles: [account.role], gemeente: account.gemeente };
        },
      };
    },
    claims: { openid: ['sub'], profile: ['name', 'roles', 'gemeente'] },
    scopes: ['openid', 'profile'],
    pkce: { required: () => true },
    cookies: { keys: [options.cookieSecret] },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource(ctx, form) {
          ctx.type = 'html';
          ctx.body = options.views.render('dev-idp-logout', { form });
        },
      },
    },
    interactions: { url: (_ctx, interaction) => `${DEV_IDP_PATH}/aanmelden/${interaction.uid}` },
    ttl: { Session: 8 * 3600, Interaction: 600, Grant: 8 * 3600, AccessToken: 600, IdToken: 600 },
    renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = options.views.render('dev-idp-error', { error: out.error_description ?? out.error });
    },
  };
  const provider = new Provider(issuer, configuration);

  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '10kb' });

  const showLogin = async (req: Request, res: Response, error?: string, login = '') => {
    const details = await provider.interactionDetails(req, res);
    res
      .status(error ? 401 : 200)
      .send(options.views.render('dev-idp-login', { uid: details.uid, error, login, accounts: options.accounts }));
  };

  router.get(`${DEV_IDP_PATH}/aanmelden/:uid`, async (req, res) => {
    const details = await provider.interactionDetails(req, res);
    if (details.prompt.name === 'consent') {
      // The werkplek is the gemeente's own application: consent is implied.
      const grant = details.grantId
        ? ((await provider.Grant.find(details.grantId)) ??
          new provider.Grant({ accountId: details.session!.accountId, clientId }))
        : new provider.Grant({ accountId: details.session!.accountId, clientId });
      grant.addOIDCScope(String(details.params.scope ?? 'openid'));
      const grantId = await grant.save();
      await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
      return;
    }
    await showLogin(req, res);
  });

  router.post(`${DEV_IDP_PATH}/aanmelden/:uid`, form, async (req, res) => {
    const login = String(req.body?.login ?? '').trim();
    const password = String(req.body?.password ?? '');
    const account = byLogin.get(login);
    if (!account || !samePassword(password, account.password)) {
      await showLogin(req, res, 'Gebruikersnaam of wachtwoord klopt niet.', login);
      return;
    }
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: account.login } },
      { mergeWithLastSubmission: false },
    );
  });

  router.use(DEV_IDP_PATH, provider.callback());
  return { issuer, clientId, clientSecret, router };
}
