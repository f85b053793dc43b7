/** Zod building blocks shared by the resource schemas. */
import { z } from 'zod';
import { isValidIsoDate } from '../../domain/dates';
import { todayInAmsterdam } from '../../domain/today';

export const zIsoDate = z
  .string()
  .refine((value) => isValidIsoDate(value), { message: 'Verwacht een datum JJJJ-MM-DD' })
  .meta({ format: 'date', example: '2026-03-01' });

export const zTrajectoryId = z
  .string()
  .regex(/^[a-z0-9_-]{1,80}$/, 'Ongeldig trajectnummer')
  .meta({ example: 'trj_4f3c2a1b9d8e7f60a1b2c3d4' });

export const zReason = z
  .string()
  .trim()
  .min(3, 'Geef een reden (minstens 3 tekens)')
  .max(1000)
  .meta({ description: 'Waarom (wordt vastgelegd in het audit-log).' });

/** Query-string booleans: `true`/`false`/`1`/`0`. */
export const zQueryBoolean = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');

export const zPage = z.coerce.number().int().min(1).default(1);
export const zPageSize = z.coerce.number().int().min(1).max(200).default(25);

export const ZPageInfo = z.object({ page: z.number().int(), pageSize: z.number().int(), total: z.number().int() });

export const ZIdParams = z.object({ id: z.string().min(1).max(100) });

export const ZAuditedAction = z.object({ reason: zReason }).meta({ id: 'AuditedAction' });

/** Today in the Netherlands (src/domain/today.ts). */
export function todayIso(now = new Date()): string {
  return todayInAmsterdam(now);
}
