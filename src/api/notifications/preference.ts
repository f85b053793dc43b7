/**
 * A consulent's notification preference: how notices of tasks reach them (a mail each, a daily
 * digest, or only the werkvoorraad) and to which address. Read and written by the API
 * (`/me/notification-preference`) and the werkplek's "Meldingen" page alike; a change is audited.
 */
import { z } from 'zod';
import { NOTICE_MODES, type NoticeMode } from '../../domain/notifications';
import type { Principal } from '../auth/principal';
import type { ResolvedApiDeps } from '../http/deps';
import { writeAudit } from '../http/tenancy';

export const ZNotificationPreference = z
  .object({
    mode: z.enum(NOTICE_MODES).meta({
      description:
        'DIRECT: een e-mail per melding; DAGOVERZICHT: één e-mail per dag (NOTICE_DIGEST_HOUR); UIT: alleen de werkvoorraad.',
    }),
    // A plain pattern (not `format: email`): the document is exactly as strict as the server.
    email: z
      .string()
      .max(254)
      .regex(/^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24}$/, {
        message: 'Een geldig e-mailadres, bijv. naam@gemeente.nl',
      })
      .nullable()
      .default(null)
      .meta({
        description:
          'Waar de e-mails heen gaan. Leeg: het gebruikers-id als dat een e-mailadres is, anders de teammailbox van de gemeente.',
      }),
  })
  .strict()
  .meta({ id: 'NotificationPreference' });

export type NotificationPreferenceBody = z.output<typeof ZNotificationPreference>;

export async function readPreference(deps: ResolvedApiDeps, principal: Principal): Promise<NotificationPreferenceBody> {
  const row = await deps.prisma.notificationPreference.findUnique({ where: { subject: principal.subject } });
  return { mode: (row?.mode ?? 'DIRECT') as NoticeMode, email: row?.email ?? null };
}

export async function savePreference(
  deps: ResolvedApiDeps,
  principal: Principal,
  body: NotificationPreferenceBody,
): Promise<NotificationPreferenceBody> {
  const data = { gemeente: principal.gemeente, mode: body.mode, email: body.email };
  await deps.prisma.notificationPreference.upsert({
    where: { subject: principal.subject },
    create: { subject: principal.subject, ...data },
    update: data,
  });
  // The address is the employee's own work address, but it stays out of the audit details.
  await writeAudit(deps.prisma, {
    principal,
    action: 'MELDINGEN_INGESTELD',
    details: { mode: body.mode, eigenAdres: body.email !== null },
  });
  return { mode: body.mode, email: body.email };
}
