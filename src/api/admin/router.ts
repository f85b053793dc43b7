/**
 * Key and partner administration (regional beheerder only). Over 300 lines because it is the
 * route table of one resource family (keys and partners), each route with its schema and audit;
 * the rules it calls live in src/api/auth and src/api/http.
 */
import { z } from 'zod';
import { PARTNER_KINDS } from '../../domain/types';
import { createApiKey, invalidateCachedApiKeys } from '../auth/api-keys';
import { ROLES, type Principal } from '../auth/principal';
import type { ResolvedApiDeps } from '../http/deps';
import { AppError } from '../http/errors';
import { ZIdParams, zGemeente, zPartnerId, zSubject, zText } from '../http/primitives';
import { defineRoute, type RouteDefinition } from '../http/route';
import { requireRegional, writeAudit } from '../http/tenancy';

const TAGS = ['Beheer: sleutels en partners'];
const regional = (principal: { gemeente: string | null }) =>
  requireRegional(principal, 'beheert API-sleutels en partners');

const ZApiKey = z
  .object({
    id: z.string(),
    prefix: z.string(),
    subject: z.string().meta({ description: 'Stabiele gebruikers- of systeemnaam (audit, toewijzing van taken).' }),
    label: z.string().meta({ description: 'Omschrijving voor mensen.' }),
    role: z.enum(ROLES),
    gemeente: z.string().nullable(),
    partnerId: z.string().nullable(),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
  })
  .meta({ id: 'ApiKey' });

export const ZCreateApiKey = z
  .object({
    subject: zSubject.meta({
      description: 'Gebruikers- of systeemnaam (audit, toewijzing van taken).',
      example: 'j.jansen@altena',
    }),
    label: zText({ max: 200 }).optional().meta({
      description: 'Omschrijving voor mensen (standaard het subject).',
      example: 'J. Jansen, klantmanager Altena',
    }),
    role: z.enum(ROLES),
    gemeente: zGemeente
      .nullable()
      .default(null)
      .meta({ description: 'consulent, teamleider: verplicht; beheerder: null = regio; partner: null.' }),
    partnerId: zPartnerId.nullable().default(null).meta({ description: 'Alleen voor rol partner.' }),
  })
  .strict()
  .meta({
    id: 'CreateApiKey',
    // The handler's cross-field rules, as JSON Schema (the documented schema is as strict as the server).
    'x-json-schema': {
      allOf: [
        {
          if: { required: ['role'], properties: { role: { const: 'consulent' } } },
          then: { required: ['gemeente'], properties: { gemeente: { type: 'string' } } },
        },
        {
          if: { required: ['role'], properties: { role: { const: 'partner' } } },
          then: { required: ['partnerId'], properties: { partnerId: { type: 'string' }, gemeente: { type: 'null' } } },
          else: { properties: { partnerId: { type: 'null' } } },
        },
      ],
    },
  });

const ZCreatedApiKey = ZApiKey.extend({
  token: z.string().meta({ description: 'Wordt éénmalig getoond; alleen de hash wordt bewaard.' }),
}).meta({ id: 'CreatedApiKey' });

const ZPartner = z
  .object({
    id: z.string(),
    kind: z.enum(PARTNER_KINDS),
    name: z.string(),
    endpointUrl: z.string().nullable(),
    signingKeyId: z
      .string()
      .nullable()
      .meta({ description: 'Sleutel-id van een via de API ingestelde ondertekensleutel (het geheim nooit).' }),
    createdAt: z.string(),
  })
  .meta({ id: 'Partner' });
const ZCreatePartner = z
  .object({
    id: zPartnerId,
    kind: z.enum(PARTNER_KINDS),
    name: zText({ max: 200 }),
    endpointUrl: z
      .string()
      .max(2000)
      .regex(
        /^https?:\/\/[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?(:[0-9]{1,5})?(\/[!-~]*)?$/,
        'Een http(s)-adres (host, poort, pad) zonder spaties of stuurtekens',
      )
      .nullable()
      .default(null),
  })
  .strict()
  .meta({ id: 'CreatePartner' });

const ZUpdatePartner = z
  .object({
    name: zText({ max: 200 }).optional(),
    endpointUrl: ZCreatePartner.shape.endpointUrl.unwrap().unwrap().nullable().optional().meta({
      description: 'Waar de uitgaande berichten voor deze partner heen gaan (null: geen).',
    }),
    signingKey: z
      .object({
        keyId: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'Letters, cijfers, punt, streep of liggend streepje (1–64)'),
        secret: z.string().regex(/^[!-~]{32,256}$/, 'Minstens 32 zichtbare tekens (geen spaties)'),
      })
      .strict()
      .nullable()
      .optional()
      .meta({
        description:
          'HMAC-sleutel waarmee berichten aan deze partner worden ondertekend (gaat vóór PARTNER_SIGNING_KEYS); wordt nooit teruggegeven. null: verwijderen.',
      }),
  })
  .strict()
  .meta({ id: 'UpdatePartner' });

type ApiKeyRow = {
  id: string;
  prefix: string;
  label: string;
  subject: string;
  role: string;
  gemeente: string | null;
  partnerId: string | null;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
};
const toApiKey = (row: ApiKeyRow): z.infer<typeof ZApiKey> => ({
  id: row.id,
  prefix: row.prefix,
  subject: row.subject,
  label: row.label,
  role: row.role as z.infer<typeof ZApiKey>['role'],
  gemeente: row.gemeente,
  partnerId: row.partnerId,
  createdAt: row.createdAt.toISOString(),
  revokedAt: row.revokedAt?.toISOString() ?? null,
  lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
});

export const adminRoutes: RouteDefinition[] = [
  defineRoute({
    method: 'get',
    path: '/admin/api-keys',
    summary: 'Alle API-sleutels (zonder geheimen)',
    tags: TAGS,
    roles: ['beheerder'],
    responses: { 200: { description: 'Sleutels.', schema: z.object({ items: z.array(ZApiKey) }) } },
    handler: async ({ deps, principal }) => ({ status: 200, body: { items: await listApiKeys(deps, principal) } }),
  }),
  defineRoute({
    method: 'post',
    path: '/admin/api-keys',
    summary: 'Maak een API-sleutel (het geheim wordt éénmalig getoond)',
    tags: TAGS,
    roles: ['beheerder'],
    request: { body: ZCreateApiKey },
    responses: {
      201: { description: 'Aangemaakt.', schema: ZCreatedApiKey },
      404: { description: 'Onbekende partner.' },
    },
    handler: async ({ deps, principal, body }) => ({
      status: 201,
      body: await createApiKeyAsAdmin(deps, principal, body),
    }),
  }),
  defineRoute({
    method: 'delete',
    path: '/admin/api-keys/:id',
    summary: 'Trek een API-sleutel in',
    tags: TAGS,
    roles: ['beheerder'],
    request: { params: ZIdParams },
    responses: {
      200: { description: 'Ingetrokken (of was al ingetrokken).', schema: ZApiKey },
      404: { description: 'Onbekende sleutel.' },
      409: {
        description:
          'De laatste geldige sleutel van een regionale beheerder wordt niet ingetrokken (`reason: LAATSTE_REGIONALE_SLEUTEL`).',
      },
    },
    handler: async ({ deps, principal, params }) => ({
      status: 200,
      body: await revokeApiKey(deps, principal, params.id),
    }),
  }),
  defineRoute({
    method: 'get',
    path: '/admin/partners',
    summary: 'Partnerorganisaties',
    tags: TAGS,
    roles: ['beheerder'],
    responses: { 200: { description: 'Partners.', schema: z.object({ items: z.array(ZPartner) }) } },
    handler: async ({ deps }) => ({ status: 200, body: { items: await listPartners(deps) } }),
  }),
  defineRoute({
    method: 'post',
    path: '/admin/partners',
    summary: 'Registreer een partnerorganisatie',
    tags: TAGS,
    roles: ['beheerder'],
    request: { body: ZCreatePartner },
    responses: { 201: { description: 'Geregistreerd.', schema: ZPartner }, 409: { description: 'Id bestaat al.' } },
    handler: async ({ deps, principal, body }) => {
      regional(principal);
      if (await deps.prisma.partner.findUnique({ where: { id: body.id } }))
        throw new AppError('CONFLICT', `Partner ${body.id} bestaat al.`);
      // The row and its audit record in one transaction: never one without the other.
      const row = await deps.prisma.$transaction(async (tx) => {
        const created = await tx.partner.create({ data: body });
        await writeAudit(tx, {
          principal,
          action: 'PARTNER_GEREGISTREERD',
          details: { partnerId: created.id, kind: created.kind },
        });
        return created;
      });
      return { status: 201, body: toPartner(row) };
    },
  }),
  defineRoute({
    method: 'put',
    path: '/admin/partners/:id',
    summary: 'Stel het endpoint en de ondertekensleutel van een partner in (regionale beheerder; audit)',
    description:
      'Alleen de genoemde velden veranderen. Berichten die mislukten omdat het endpoint ontbrak, verstuurt de beheerder daarna opnieuw (POST /beheer/outbox/:id/retry).',
    tags: TAGS,
    roles: ['beheerder'],
    request: { params: ZIdParams, body: ZUpdatePartner },
    responses: { 200: { description: 'Bijgewerkt.', schema: ZPartner }, 404: { description: 'Onbekende partner.' } },
    handler: async ({ deps, principal, params, body }) => {
      regional(principal);
      if (!(await deps.prisma.partner.findUnique({ where: { id: params.id } })))
        throw new AppError('NOT_FOUND', `Partner ${params.id} bestaat niet.`);
      const row = await deps.prisma.$transaction(async (tx) => {
        const updated = await tx.partner.update({
          where: { id: params.id },
          data: {
            ...(body.name !== undefined ? { name: body.name } : {}),
            ...(body.endpointUrl !== undefined ? { endpointUrl: body.endpointUrl } : {}),
            ...(body.signingKey !== undefined
              ? { signingKeyId: body.signingKey?.keyId ?? null, signingKey: body.signingKey?.secret ?? null }
              : {}),
          },
        });
        await writeAudit(tx, {
          principal,
          action: 'PARTNER_GEWIJZIGD',
          details: {
            partnerId: updated.id,
            changed: Object.keys(body),
            ...(body.signingKey ? { signingKeyId: body.signingKey.keyId } : {}),
          },
        });
        return updated;
      });
      return { status: 200, body: toPartner(row) };
    },
  }),
];

/** Every API key, without secrets (regional beheerder). */
export async function listApiKeys(deps: ResolvedApiDeps, principal: Principal) {
  regional(principal);
  const rows = await deps.prisma.apiKey.findMany({ orderBy: { createdAt: 'asc' } });
  return rows.map(toApiKey);
}

/** Creates a key (regional beheerder); the token is in the answer, once. Audited. */
export async function createApiKeyAsAdmin(
  deps: ResolvedApiDeps,
  principal: Principal,
  body: z.output<typeof ZCreateApiKey>,
) {
  regional(principal);
  const errors: Array<{ field: string; message: string }> = [];
  if ((body.role === 'consulent' || body.role === 'teamleider') && !body.gemeente)
    errors.push({ field: 'body.gemeente', message: `Verplicht voor een ${body.role}` });
  if (body.gemeente && !deps.config.GEMEENTEN.includes(body.gemeente))
    errors.push({ field: 'body.gemeente', message: 'Onbekende gemeente' });
  if (body.role === 'partner') {
    if (body.gemeente) errors.push({ field: 'body.gemeente', message: 'Een partner hoort niet bij één gemeente' });
    if (!body.partnerId) errors.push({ field: 'body.partnerId', message: 'Verplicht voor rol partner' });
  } else if (body.partnerId) errors.push({ field: 'body.partnerId', message: 'Alleen voor rol partner' });
  if (errors.length) throw new AppError('VALIDATION_FAILED', 'De sleutel kan zo niet worden gemaakt.', { errors });
  // Whether the partner exists depends on stored state: 404, not a malformed request.
  if (body.partnerId && !(await deps.prisma.partner.findUnique({ where: { id: body.partnerId } }))) {
    throw new AppError('NOT_FOUND', `Onbekende partner ${body.partnerId}.`);
  }
  try {
    // The key and its audit record in one transaction: never one without the other.
    const created = await deps.prisma.$transaction(async (tx) => {
      const key = await createApiKey(tx, {
        subject: body.subject,
        ...(body.label ? { label: body.label } : {}),
        role: body.role,
        gemeente: body.gemeente,
        partnerId: body.partnerId,
      });
      await writeAudit(tx, {
        principal,
        action: 'API_SLEUTEL_GEMAAKT',
        details: { keyId: key.id, prefix: key.prefix, role: body.role },
      });
      return key;
    });
    const row = await deps.prisma.apiKey.findUniqueOrThrow({ where: { id: created.id } });
    return { ...toApiKey(row), token: created.token };
  } finally {
    invalidateCachedApiKeys();
  }
}

/** Revokes a key (regional beheerder); revoking twice changes nothing. Audited. */
export async function revokeApiKey(deps: ResolvedApiDeps, principal: Principal, id: string) {
  regional(principal);
  try {
    // Serialised (advisory lock): two concurrent revocations cannot both pass the
    // "another regional key remains" check and lock key administration out.
    const outcome = await deps.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('api-key-revocation'))`;
      const row = await tx.apiKey.findUnique({ where: { id } });
      if (!row) throw new AppError('NOT_FOUND', 'Onbekende API-sleutel.');
      if (row.revokedAt) return { row, revoked: false };
      if (row.role === 'beheerder' && row.gemeente === null) {
        const others = await tx.apiKey.count({
          where: { role: 'beheerder', gemeente: null, revokedAt: null, id: { not: row.id } },
        });
        if (others === 0) {
          throw new AppError(
            'CONFLICT',
            'Dit is de laatste geldige sleutel van een regionale beheerder; maak eerst een nieuwe, anders kan niemand nog sleutels beheren.',
            { extra: { reason: 'LAATSTE_REGIONALE_SLEUTEL' } },
          );
        }
      }
      const updated = await tx.apiKey.update({ where: { id: row.id }, data: { revokedAt: new Date() } });
      // In the same transaction: a revocation is never without its audit record.
      await writeAudit(tx, {
        principal,
        action: 'API_SLEUTEL_INGETROKKEN',
        details: { keyId: updated.id, prefix: updated.prefix },
      });
      return { row: updated, revoked: true };
    });
    return toApiKey(outcome.row);
  } finally {
    invalidateCachedApiKeys();
  }
}

/** Partner organisations. */
export async function listPartners(deps: ResolvedApiDeps) {
  const rows = await deps.prisma.partner.findMany({ orderBy: { id: 'asc' } });
  return rows.map(toPartner);
}

/** A partner as the API shows it: never the signing secret. */
function toPartner(p: {
  id: string;
  kind: string;
  name: string;
  endpointUrl: string | null;
  signingKeyId: string | null;
  createdAt: Date;
}): z.infer<typeof ZPartner> {
  return {
    id: p.id,
    kind: p.kind as z.infer<typeof ZPartner>['kind'],
    name: p.name,
    endpointUrl: p.endpointUrl,
    signingKeyId: p.signingKeyId,
    createdAt: p.createdAt.toISOString(),
  };
}
