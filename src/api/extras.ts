/**
 * The API process's extras, from configuration: DUO's Notificatie API (when DUO is configured:
 * on its own mutual-TLS listener, or behind a named reverse proxy that verified DUO's
 * certificate) and the codec endpoint for the Temporal Web UI.
 */
import { readFileSync } from 'node:fs';
import type { Request, Router } from 'express';
import { developmentKeysAllowed, type Config } from '../config';
import type { DuoNotificationDeps } from '../integrations/duo/notifications';
import { buildDuoClients, gemeenteOins } from '../runtime/composition';
import { AesGcmPayloadCodec, parseCodecKeys } from '../temporal/codec';
import { createCodecServerRouter } from './codec-server';
import { resolveDeps } from './app';
import { authenticateRequest } from './auth/authenticate';
import { oidcAccessTokenStrategy } from './auth/oidc-access-token';
import { claimMappingOf } from '../werkplek/auth/claims';
import type { Principal } from './auth/principal';
import type { DuoListenerOptions } from './duo/listener';
import { mutualTlsSender, proxyHeaderSender } from './duo/sender';
import { createDuoIntegration } from './duo/wiring';
import type { ApiDeps } from './http/deps';

export interface ApiExtras {
  extraRouters: Array<{ path: string; router: Router }>;
  /** DUO_NOTIFICATIE_AUTH=mtls: DUO's Notificatie API on its own HTTPS listener (src/api/duo/listener.ts). */
  duoListener?: DuoListenerOptions;
  /** DUO's notification processing, for the inbox drain (when DUO is configured). */
  duoNotifications?: DuoNotificationDeps;
}

const DEVELOPMENT_UI_PRINCIPAL: Principal = {
  subject: 'temporal-ui-development',
  role: 'beheerder',
  gemeente: null,
  partnerId: null,
  partnerKind: null,
  credentialId: 'temporal-ui-development',
  method: 'development',
};

/** DUO's Notificatie API (when DUO is configured) and the codec endpoint for the Web UI. */
export function buildApiExtras(config: Config, apiDeps: ApiDeps): ApiExtras {
  const resolved = resolveDeps(apiDeps);
  const codec = new AesGcmPayloadCodec(
    parseCodecKeys(config.TEMPORAL_CODEC_KEYS, config.TEMPORAL_CODEC_CURRENT_KEY_ID),
  );
  const codecAuthentication = config.OIDC_ISSUER
    ? [
        ...resolved.authentication,
        oidcAccessTokenStrategy({
          issuer: config.OIDC_ISSUER,
          audience: config.TEMPORAL_UI_TOKEN_AUDIENCE,
          mapping: claimMappingOf(config),
        }),
      ]
    : resolved.authentication;
  const codecOrigins = [
    ...new Set([
      ...config.TEMPORAL_CODEC_CORS_ORIGINS,
      ...(developmentKeysAllowed(config)
        ? [`http://127.0.0.1:${config.TEMPORAL_UI_PORT}`, `http://localhost:${config.TEMPORAL_UI_PORT}`]
        : []),
    ]),
  ];
  const extraRouters: ApiExtras['extraRouters'] = [
    {
      path: '/codec',
      // Decoded payloads for beheerders, with tenancy (see codec-server.ts); people sign in to
      // the Web UI at the OIDC provider and the UI passes their access token.
      router: createCodecServerRouter(codec, {
        authenticate: (req) => authenticateRequest(codecAuthentication, req),
        allowedOrigins: codecOrigins,
        authFailuresPer15Minutes: config.AUTH_FAILURE_LIMIT,
        // The embedded dev server's Web UI (loopback, no sign-in) decodes as the regional
        // beheerder — only where the development keys are accepted too.
        ...(developmentKeysAllowed(config)
          ? {
              anonymous: (req: Request) =>
                req.headers.origin && codecOrigins.includes(req.headers.origin) ? DEVELOPMENT_UI_PRINCIPAL : null,
            }
          : {}),
      }),
    },
  ];
  const duo = buildDuoClients(config);
  if (!duo || !config.DUO_OIN) return { extraRouters };
  const mtls = config.DUO_NOTIFICATIE_AUTH === 'mtls';
  const integration = createDuoIntegration({
    apiDeps: resolved,
    duo,
    duoOin: config.DUO_OIN,
    gemeenteByOin: Object.fromEntries([...gemeenteOins(config)].map(([gemeente, oin]) => [oin, gemeente])),
    authenticateSender: mtls
      ? mutualTlsSender()
      : proxyHeaderSender({
          header: config.DUO_NOTIFICATIE_CERT_HEADER!,
          trustedProxies: config.DUO_NOTIFICATIE_TRUSTED_PROXIES,
          ...(config.DUO_NOTIFICATIE_CLIENT_CA_PATH
            ? { caPem: readFileSync(config.DUO_NOTIFICATIE_CLIENT_CA_PATH, 'utf8') }
            : {}),
        }),
  });
  if (!mtls) {
    extraRouters.push({ path: '/duo/v1', router: integration.router });
    return { extraRouters, duoNotifications: integration.deps };
  }
  return {
    extraRouters,
    duoNotifications: integration.deps,
    duoListener: {
      router: integration.router,
      host: config.HOST,
      port: config.DUO_NOTIFICATIE_PORT,
      certPath: config.DUO_NOTIFICATIE_TLS_CERT_PATH!,
      keyPath: config.DUO_NOTIFICATIE_TLS_KEY_PATH!,
      clientCaPath: config.DUO_NOTIFICATIE_CLIENT_CA_PATH!,
    },
  };
}
