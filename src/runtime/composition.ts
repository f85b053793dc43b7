/**
 * The composition root: turns configuration into the collaborators that the API and the
 * worker share (payload codec, DUO clients per gemeente, outbox delivery dependencies). The
 * API's own extras (DUO's Notificatie API, the codec endpoint, the inbox drain) are put
 * together in src/api/extras.ts: the worker process never loads the API.
 */
import type { DataConverter } from '@temporalio/common';
import type { Config } from '../config';
import type { OutboxDeliveryDeps } from '../activities/outbox-delivery';
import { createDuoClient, DuoGemeenteNotConnected, type DuoClient } from '../integrations/duo/client';
import { parsePartnerKeyrings } from '../integrations/signing';
import { createSmtpMailer } from '../integrations/smtp';
import { parseCodecKeys } from '../temporal/codec';
import { createDataConverter } from '../temporal/data-converter';

export function buildDataConverter(config: Config): DataConverter {
  return createDataConverter(parseCodecKeys(config.TEMPORAL_CODEC_KEYS, config.TEMPORAL_CODEC_CURRENT_KEY_ID));
}

/** `gemeente → OIN` from DUO_GEMEENTE_OINS. */
export function gemeenteOins(config: Config): Map<string, string> {
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
    if (!client) throw new DuoGemeenteNotConnected(gemeente);
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
    maxAttempts: config.OUTBOX_DELIVERY_MAX_ATTEMPTS,
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
            // Links in mails open the werkplek (the task page); no personal data in them.
            linkBaseUrl: config.PUBLIC_BASE_URL ?? `http://127.0.0.1:${config.PORT}`,
            ...(config.SMTP_USER ? { user: config.SMTP_USER } : {}),
            ...(config.SMTP_PASSWORD ? { password: config.SMTP_PASSWORD } : {}),
          }),
          consulentMailbox: (trajectory) => mailboxes.get(trajectory.gemeente),
        }
      : {}),
  };
}
