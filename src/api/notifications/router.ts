/** The consulent's own notification preference (mail per notice, daily digest, or off). */
import { defineRoute, type RouteDefinition } from '../http/route';
import { readPreference, savePreference, ZNotificationPreference } from './preference';

const TAGS = ['Meldingen'];

export const notificationRoutes: RouteDefinition[] = [
  defineRoute({
    method: 'get',
    path: '/me/notification-preference',
    summary: 'Hoe ik meldingen van taken krijg',
    tags: TAGS,
    roles: ['consulent'],
    responses: { 200: { description: 'De voorkeur (standaard DIRECT).', schema: ZNotificationPreference } },
    handler: async ({ deps, principal }) => ({ status: 200, body: await readPreference(deps, principal) }),
  }),
  defineRoute({
    method: 'put',
    path: '/me/notification-preference',
    summary: 'Stel in hoe ik meldingen van taken krijg (per e-mail, dagoverzicht of uit)',
    description:
      'Een e-mail bevat alleen de titel van de taak en een link naar de werkplek, nooit persoonsgegevens. Vastgelegd in de audit (zonder het adres).',
    tags: TAGS,
    roles: ['consulent'],
    request: { body: ZNotificationPreference },
    responses: { 200: { description: 'Opgeslagen.', schema: ZNotificationPreference } },
    handler: async ({ deps, principal, body }) => ({ status: 200, body: await savePreference(deps, principal, body) }),
  }),
];
