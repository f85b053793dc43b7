/**
 * The werkplek: the Dutch web application for consulenten and beheerders, served by the API's
 * express process under `/` (the API keeps its own paths). Pages are rendered on the server
 * (Eta + NL Design System CSS) and call the same operation functions as the REST routes, with
 * the signed-in person as principal: same rules, same tenancy (another gemeente's dossier is
 * "niet gevonden"), same audit.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import helmet from 'helmet';
import pg from 'pg';
import type { ResolvedApiDeps } from '../api/http/deps';
import type { Config } from '../config';
import { AppError } from '../api/http/errors';
import { findForbiddenCharacter } from '../api/http/primitives';
import { claimMappingOf, principalOf, type PeopleRole } from './auth/claims';
import { developmentAccounts, type DevelopmentAccount } from './auth/dev-accounts';
import { createDevIdentityProvider } from './auth/dev-identity-provider';
import { csrfProtection, sessionMiddleware, SESSION_COOKIE } from './auth/session';
import { signInRouter } from './auth/sign-in';
import { homeOf } from './navigation';
import { registerBeheerPages } from './pages/beheer';
import { registerConsulentPages } from './pages/consulent';
import { registerDossierPages } from './pages/dossier';
import { registerNotificationPages } from './pages/notifications';
import { registerStartPage } from './pages/start-trajectory';
import { createRenderer, createViews, type Renderer } from './render';
import type { PageContext } from './page-context';

export interface Werkplek {
  router: express.Router;
  /** The development identity provider's accounts (empty with a real provider). */
  developmentAccounts: DevelopmentAccount[];
  close(): Promise<void>;
}

/** Everything a page module needs. */

const PAGE_PREFIXES = [
  '/inloggen',
  '/uitloggen',
  '/uitgelogd',
  '/werkvoorraad',
  '/taken',
  '/mijn-caseload',
  '/zoeken',
  '/dossiers',
  '/trajecten',
  '/overzicht',
  '/inspectie',
  '/koppelingen',
  '/monitor',
  '/meldingen',
];

export function isPagePath(pathname: string): boolean {
  return (
    pathname === '/' ||
    PAGE_PREFIXES.some(
      (prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`) || pathname.startsWith(`${prefix}.`),
    )
  );
}

const require = createRequire(import.meta.url);
const assetFiles: Record<string, string> = {
  'design-tokens.css': require.resolve('@utrecht/design-tokens/dist/index.css'),
  'components.css': require.resolve('@utrecht/component-library-css/dist/index.css'),
};

/** True when the werkplek signs people in at the in-process development identity provider. */
export function usesDevelopmentIdentityProvider(config: Config): boolean {
  return config.WERKPLEK_DEV_IDP ?? (!config.OIDC_ISSUER && config.NODE_ENV !== 'production');
}

/** The werkplek, or null when no identity provider is configured (production without OIDC_ISSUER). */
export function createWerkplek(deps: ResolvedApiDeps): Werkplek | null {
  const { config } = deps;
  const useDevProvider = usesDevelopmentIdentityProvider(config);
  const sessionSecret = config.SESSION_SECRET;
  if ((!useDevProvider && !config.OIDC_ISSUER) || !sessionSecret) return null;
  const baseUrl = (config.PUBLIC_BASE_URL ?? `http://127.0.0.1:${config.PORT}`).replace(/\/+$/, '');
  const secure = baseUrl.startsWith('https:');
  const views = createViews({ cache: config.NODE_ENV === 'production' });
  const pool = new pg.Pool({ connectionString: deps.databaseUrl, max: 4 });
  // An idle connection that PostgreSQL closes must not crash the process (pg emits 'error').
  pool.on('error', (error) =>
    deps.logger.warn({ err: error.message }, 'werkplek: sessieverbinding met PostgreSQL verbroken'),
  );
  const csrf = csrfProtection({ secret: sessionSecret, secure });
  const render = createRenderer(views, (req, res) => csrf.token(req, res));
  const redirectUri = `${baseUrl}/inloggen/terug`;

  const router = express.Router();
  let accounts: DevelopmentAccount[] = [];
  let issuer = config.OIDC_ISSUER;
  let clientId = config.OIDC_CLIENT_ID;
  let clientSecret = config.OIDC_CLIENT_SECRET;
  if (useDevProvider) {
    accounts = developmentAccounts(config.GEMEENTEN);
    const provider = createDevIdentityProvider({
      baseUrl,
      redirectUri,
      postLogoutRedirectUri: `${baseUrl}/uitgelogd`,
      accounts,
      views,
      cookieSecret: sessionSecret,
    });
    router.use(provider.router);
    ({ issuer, clientId, clientSecret } = provider);
  }

  router.use('/werkplek-assets', (req, res, next) => {
    const name = req.path.replace(/^\//, '');
    const file =
      assetFiles[name] ??
      (/^[\w.-]+\.(css|js|svg)$/.test(name)
        ? path.join(path.dirname(new URL(import.meta.url).pathname), 'assets', name)
        : undefined);
    if (!file) return next();
    res.sendFile(file, { maxAge: config.NODE_ENV === 'production' ? '1d' : 0 }, (error) =>
      error ? next() : undefined,
    );
  });

  // Everything below only for the werkplek's own pages; API paths pass by untouched.
  router.use((req, _res, next) => (isPagePath(req.path) ? next() : next('router')));
  router.use(
    sessionMiddleware({
      pool,
      secret: sessionSecret,
      idleMinutes: config.SESSION_IDLE_MINUTES,
      maxHours: config.SESSION_MAX_HOURS,
      secure,
      prune: config.NODE_ENV !== 'test',
    }),
  );
  // Forms may lead to the identity provider (sign-out): allow that origin in form-action.
  const providerOrigin = new URL(issuer!).origin;
  router.use(
    helmet.contentSecurityPolicy({
      directives: {
        'form-action': ["'self'", ...(providerOrigin !== new URL(baseUrl).origin ? [providerOrigin] : [])],
      },
    }),
  );
  router.use(express.urlencoded({ extended: false, limit: '200kb', parameterLimit: 500 }));
  // As in the API (src/api/http/route.ts): no control character or bidi override in any query
  // parameter or form field, before anything reads it (a NUL would reach PostgreSQL as an error).
  router.use((req, res, next) => {
    if (!findForbiddenCharacter(req.query, 'query') && !findForbiddenCharacter(req.body, 'body')) return next();
    render.page(
      req,
      res,
      'message',
      {
        title: 'Ongeldige invoer',
        message: 'De invoer bevat niet-toegestane tekens (stuurtekens of tekstrichting-tekens). Er is niets gewijzigd.',
      },
      400,
    );
  });
  router.use(csrf.protect);

  const allow =
    (...roles: PeopleRole[]): RequestHandler =>
    (req, res, next) => {
      const user = req.session.user;
      if (!user) {
        if (req.method === 'GET') return res.redirect(`/inloggen?terug=${encodeURIComponent(req.originalUrl)}`);
        return render.page(req, res, 'message', { title: 'Niet ingelogd', message: 'Log opnieuw in.' }, 401);
      }
      if (!roles.includes(user.role)) {
        return render.page(
          req,
          res,
          'message',
          { title: 'Geen toegang', message: 'Deze pagina is niet voor uw rol.' },
          403,
        );
      }
      req.principal = principalOf(user);
      next();
    };
  const context: PageContext = {
    deps,
    render,
    allow,
    temporalUiUrl:
      config.TEMPORAL_UI_URL ?? (config.TEMPORAL_ADDRESS ? undefined : `http://127.0.0.1:${config.TEMPORAL_UI_PORT}`),
  };

  router.get('/', (req, res) => {
    const user = req.session.user;
    if (user) return res.redirect(homeOf(user.role));
    render.page(req, res, 'home', { title: 'Werkplek inburgering' });
  });
  router.use(
    signInRouter({
      issuer: issuer!,
      clientId,
      ...(clientSecret ? { clientSecret } : {}),
      redirectUri,
      postLogoutRedirectUri: `${baseUrl}/uitgelogd`,
      sessionCookie: SESSION_COOKIE,
      mapping: claimMappingOf(config),
      prisma: deps.prisma,
      refuse: (res, reason) =>
        render.page(
          res.req,
          res,
          'message',
          { title: 'Inloggen niet gelukt', message: reason, signInAgain: true },
          403,
        ),
    }),
  );
  router.get('/uitgelogd', (req, res) => {
    render.page(req, res, 'message', {
      title: 'U bent uitgelogd',
      message: 'Uw sessie is beëindigd.',
      signInAgain: true,
    });
  });

  registerConsulentPages(router, context);
  registerDossierPages(router, context);
  registerNotificationPages(router, context);
  registerStartPage(router, context);
  registerBeheerPages(router, context);

  router.use(pageErrors(render));

  return {
    router,
    developmentAccounts: accounts,
    close: () => pool.end(),
  };
}

/** Errors on a page become a Dutch page (never a stack trace): 404 "Niet gevonden", 403, 503, 500. */
function pageErrors(render: Renderer): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) return next(error);
    if ((error as { code?: string }).code === 'CSRF' || (error as { code?: string }).code === 'EBADCSRFTOKEN') {
      return render.page(
        req,
        res,
        'message',
        {
          title: 'Formulier verlopen',
          message:
            'Het formulier is verlopen of niet vanuit de werkplek verstuurd. Laad de pagina opnieuw en probeer het nog eens.',
        },
        403,
      );
    }
    if (error instanceof AppError) {
      const title =
        error.status === 404 ? 'Niet gevonden' : error.status === 503 ? 'Even niet beschikbaar' : 'Dat lukt niet';
      return render.page(req, res, 'message', { title, message: error.message }, error.status);
    }
    req.log?.error({ err: error }, 'werkplek: unhandled error');
    render.page(
      req,
      res,
      'message',
      {
        title: 'Er ging iets mis',
        message: `Er ging iets mis aan onze kant. Noem bij een melding deze code: ${String(req.id ?? '')}.`,
      },
      500,
    );
  };
}
