/**
 * The composition root: turns configuration into the collaborators that the API and the
 * worker share (payload codec, DUO clients per gemeente, outbox delivery dependencies, the
 * extra routers for DUO's Notificatie API and the Temporal codec endpoint).
 */
import type { DataConverter } from '@temporalio/common';
import type { Router } from 'express';
import type { Config } from '../config';
import { resolveDeps } from '../api/app';
import type { ApiDeps } from '../api/http/deps';
import { authenticateRequest } from '../api/auth/authenticate';
import { createDuoIntegration } from '../api/duo/wiring';
import { mutualTlsSender, proxyHeaderSender } from '../api/duo/sender';
import type { DuoListenerOptions } from '../api/duo/listener';
import { readFileSync } from 'node:fs';
import type { OutboxDeliveryDeps } from '../activities/outbox';
import { createDuoClient, type DuoClient } from '../integrations/duo/client';
import { parsePartnerKeyrings } from '../integrations/signing';
import { createSmtpMailer } from '../integrations/smtp';
import { AesGcmPayloadCodec, parseCodecKeys } from '../temporal/codec';
import { createCodecServerRouter } from '../temporal/codec-server';
import { createDataConverter } from '../temporal/data-converter';

export function buildDataConverter(config: Config): DataConverter {
  return createDataConverter(parseCodecKeys(config.TEMPORAL_CODEC_KEYS, config.TEMPORAL_CODEC_CURRENT_KEY_ID));
}

/** `gemeente → OIN` from DUO_GEMEENTE_OINS. */
function gemeenteOins(config: Config): Map<string, string> {
  return new Map(
    config.DUO_GEMEENTE_OINS.map((pair) => {
      const [gemeente, oin] = pair.split(':') as [string, string];
      return [gemeente, oin];
    }),
  );
}

/** One DUO client per gemeente (its OIN is the `bron` header); undefined without DUO_BASE_URL. */
export function buildDuoClients(config: Config): ((gemeente: string) => DuoClient) | undefined {
  const baseUrl = config.DUO_BASE_URL;
  const duoOin = config.DUO_OIN;
  if (!baseUrl || !duoOin) return undefined;
  const tls =
    config.DUO_TLS_CERT_PATH && config.DUO_TLS_KEY_PATH
      ? {
          certPath: config.DUO_TLS_CERT_PATH,
          keyPath: config.DUO_TLS_KEY_PATH,
          ...(config.DUO_TLS_CA_PATH ? { caPath: config.DUO_TLS_CA_PATH } : {}),
          ...(config.DUO_TLS_KEY_PASSPHRASE ? { passphrase: config.DUO_TLS_KEY_PASSPHRASE } : {}),
        }
      : undefined;
  const clients = new Map<string, DuoClient>();
  for (const [gemeente, oin] of gemeenteOins(config)) {
    clients.set(
      gemeente,
      createDuoClient({ baseUrl, sourceOin: oin, targetOin: duoOin, timeoutMs: config.DUO_TIMEOUT_MS, tls }),
    );
  }
  return (gemeente) => {
    const client = clients.get(gemeente);
    if (!client) throw new Error(`Geen OIN geconfigureerd voor gemeente ${gemeente} (DUO_GEMEENTE_OINS)`);
    return client;
  };
}

/** Dependencies of the outbox delivery activities (partners, DUO, e-mail). */
export function buildOutboxDeliveryDeps(config: Config): Omit<OutboxDeliveryDeps, 'prisma'> {
  const duo = buildDuoClients(config);
  const mailboxes = new Map(config.SMTP_CONSULENT_MAILBOXES.map((pair) => pair.split(':', 2) as [string, string]));
  return {
    keyrings: parsePartnerKeyrings(config.PARTNER_SIGNING_KEYS),
    timeoutMs: config.OUTBOX_DELIVERY_TIMEOUT_MS,
    ...(duo
      ? {
          duo: {
            duo,
            // DUO's Contactpersoon: the consulent's name (API key label) with the team's e-mail and phone.
            contactpersoon: ({ gemeente }: { gemeente: string }) => config.DUO_CONTACT_TEAMS[gemeente],
          },
        }
      : {}),
    ...(config.SMTP_HOST && config.SMTP_FROM
      ? {
          mailer: createSmtpMailer({
            host: config.SMTP_HOST,
            port: config.SMTP_PORT,
            secure: config.SMTP_SECURE,
            from: config.SMTP_FROM,
            ...(config.SMTP_USER ? { user: config.SMTP_USER } : {}),
            ...(config.SMTP_PASSWORD ? { password: config.SMTP_PASSWORD } : {}),
          }),
          consulentMailbox: (trajectory) => mailboxes.get(trajectory.gemeente),
        }
      : {}),
  };
}

export interface ApiExtras {
  extraRouters: Array<{ path: string; router: Router }>;
  /** DUO_NOTIFICATIE_AUTH=mtls: DUO's Notificatie API on its own HTTPS listener (src/api/duo/listener.ts). */
  duoListener?: DuoListenerOptions;
  /** Retries DUO notifications whose pull failed; call periodically. */
  retryPendingDuoNotifications?: () => Promise<number>;
}

/** DUO's Notificatie API (when DUO is configured) and the codec endpoint for the Web UI. */
export function buildApiExtras(config: Config, apiDeps: ApiDeps): ApiExtras {
  const resolved = resolveDeps(apiDeps);
  const codec = new AesGcmPayloadCodec(
    parseCodecKeys(config.TEMPORAL_CODEC_KEYS, config.TEMPORAL_CODEC_CURRENT_KEY_ID),
  );
  const extraRouters: ApiExtras['extraRouters'] = [
    {
      path: '/codec',
      // Decoded payloads: the regional beheerder only (see codec-server.ts).
      router: createCodecServerRouter(codec, {
        authenticate: (req) => authenticateRequest(resolved.authentication, req),
        allowedOrigins: config.TEMPORAL_CODEC_CORS_ORIGINS,
        authFailuresPer15Minutes: config.AUTH_FAILURE_LIMIT,
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
    return { extraRouters, retryPendingDuoNotifications: integration.retryPending };
  }
  return {
    extraRouters,
    retryPendingDuoNotifications: integration.retryPending,
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
