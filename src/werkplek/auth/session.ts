/**
 * People's sessions: express-session, stored in PostgreSQL (connect-pg-simple, table
 * `werkplek_session`), cookie HttpOnly + SameSite=Lax (+ Secure behind https). A session ends
 * after SESSION_IDLE_MINUTES without a request (checked on the server, not only by the cookie's
 * lifetime), at the latest SESSION_MAX_HOURS after sign-in however busy it is (a stolen or
 * forgotten session does not live for ever), and at sign-out. CSRF: every form carries a token bound to the session
 * (csrf-csrf, double-submit cookie), checked on every POST.
 */
import connectPgSimple from 'connect-pg-simple';
import cookieParser from 'cookie-parser';
import { doubleCsrf } from 'csrf-csrf';
import type { RequestHandler } from 'express';
import session from 'express-session';
import type pg from 'pg';
import type { WerkplekUser } from './claims';

export const SESSION_COOKIE = 'werkplek.sid';
export const CSRF_COOKIE = 'werkplek.csrf';

declare module 'express-session' {
  interface SessionData {
    user?: WerkplekUser;
    /** Raw ID token, for the provider's end-session request. */
    idToken?: string;
    /** Last request (ms): the idle timeout counts from here. */
    lastSeenAt?: number;
    /** Sign-in (ms): the absolute lifetime counts from here. */
    signedInAt?: number;
    /** Pending sign-in (authorization code + PKCE). */
    signIn?: { codeVerifier: string; state: string; nonce: string; returnTo: string };
    /** One message for the next page (e.g. "Beslissing vastgelegd"). */
    flash?: string;
  }
}

export interface SessionOptions {
  pool: pg.Pool;
  secret: string;
  idleMinutes: number;
  /** Absolute lifetime of a session, counted from sign-in. */
  maxHours: number;
  secure: boolean;
  /** Delete expired sessions every 15 minutes (off in tests: their databases come and go). */
  prune: boolean;
}

export function sessionMiddleware(options: SessionOptions): RequestHandler[] {
  const PgStore = connectPgSimple(session);
  const idleMs = options.idleMinutes * 60_000;
  const maxMs = options.maxHours * 3_600_000;
  const store = new PgStore({
    pool: options.pool,
    tableName: 'werkplek_session',
    createTableIfMissing: false,
    pruneSessionInterval: options.prune ? 15 * 60 : false,
  });
  const sessions = session({
    name: SESSION_COOKIE,
    secret: options.secret,
    store,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    unset: 'destroy',
    cookie: { httpOnly: true, sameSite: 'lax', secure: options.secure, maxAge: idleMs, path: '/' },
  });
  const idleTimeout: RequestHandler = (req, _res, next) => {
    const now = Date.now();
    const { user, lastSeenAt, signedInAt } = req.session;
    const idle = user && lastSeenAt !== undefined && now - lastSeenAt > idleMs;
    // A session from before signedInAt existed counts from its last request.
    const expired = user && now - (signedInAt ?? lastSeenAt ?? now) > maxMs;
    if (idle || expired) {
      req.session.regenerate((error) => {
        if (error) return next(error);
        req.session.flash = idle
          ? 'U was te lang niet actief; log opnieuw in.'
          : 'Uw sessie is verlopen; log opnieuw in.';
        next();
      });
      return;
    }
    if (req.session.user) req.session.lastSeenAt = now;
    next();
  };
  return [cookieParser(), sessions, idleTimeout];
}

export function csrfProtection(options: { secret: string; secure: boolean }) {
  const { doubleCsrfProtection, generateCsrfToken } = doubleCsrf({
    getSecret: () => options.secret,
    // Bound to the session: a token of another session is worthless.
    getSessionIdentifier: (req) => req.session.id,
    cookieName: CSRF_COOKIE,
    cookieOptions: { sameSite: 'strict', secure: options.secure, httpOnly: true, path: '/' },
    getCsrfTokenFromRequest: (req) => (req.body as Record<string, unknown> | undefined)?._csrf as string | undefined,
    errorConfig: { statusCode: 403, message: 'CSRF-token ontbreekt of klopt niet', code: 'CSRF' },
  });
  return { protect: doubleCsrfProtection, token: generateCsrfToken };
}
