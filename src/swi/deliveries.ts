/**
 * The quarterly SWI delivery of a gemeente, as the beheerder handles it: prepared when the
 * quarter ends (extract generated and validated, a task "Lever SWI Q4 2026 aan bij het CBS,
 * uiterlijk 28 januari 2027" in the gemeente's werkvoorraad for the beheerder), downloaded,
 * marked delivered (task closed), and escalated to the teamleider when the due day passed.
 * Used by the scheduled workflow's activities and by the API; idempotent throughout.
 */
import type { PrismaClient } from '../db/client';
import { parsePeriode, swiDueDate, type Period } from '../domain/period';
import { taskAudience, taskTitle } from '../domain/tasks';
import { buildSwiExtract } from './extract';

export const swiTaskKey = (gemeente: string, quarter: string) => `swi/${gemeente}/${quarter}/aanleveren`;
export const swiEscalationKey = (gemeente: string, quarter: string) => `swi/${gemeente}/${quarter}/te-laat`;
const day = (date: string) => new Date(`${date}T00:00:00.000Z`);

export function quarterPeriod(quarter: string): Period {
  const period = parsePeriode(quarter);
  if (!period || period.kind !== 'KWARTAAL') throw new Error(`geen kwartaal: ${quarter}`);
  return period;
}

export interface PreparedDelivery {
  gemeente: string;
  quarter: string;
  dueDate: string;
  records: number;
  delivered: boolean;
}

/** Generates (or regenerates, while not delivered) the extract and opens the beheerder's task. */
export async function prepareSwiDelivery(
  prisma: PrismaClient,
  input: { gemeente: string; quarter: string },
): Promise<PreparedDelivery> {
  const period = quarterPeriod(input.quarter);
  const dueDate = swiDueDate(period);
  const key = { gemeente_quarter: { gemeente: input.gemeente, quarter: input.quarter } };
  const existing = await prisma.swiDelivery.findUnique({ where: key });
  if (existing?.status === 'DELIVERED') return { ...input, dueDate, records: existing.records, delivered: true };
  const extract = await buildSwiExtract(prisma, input.gemeente, period);
  const data = { records: extract.records, xml: extract.xml, csv: extract.csv, generatedAt: new Date() };
  await prisma.swiDelivery.upsert({
    where: key,
    create: { ...input, dueDate: day(dueDate), ...data },
    update: data,
  });
  await prisma.task.createMany({
    data: [
      {
        key: swiTaskKey(input.gemeente, input.quarter),
        trajectoryId: null,
        gemeente: input.gemeente,
        type: 'SWI_AANLEVEREN',
        audience: taskAudience('SWI_AANLEVEREN'),
        title: taskTitle('SWI_AANLEVEREN', { quarter: input.quarter, deadline: dueDate }),
        description: `Download het SWI-bestand (XML, ${extract.records} inburgeraars) en lever het via het beveiligde portaal van het CBS aan; meld daarna de levering.`,
        dueDate: day(dueDate),
      },
    ],
    skipDuplicates: true,
  });
  return { ...input, dueDate, records: extract.records, delivered: false };
}

/** After the due day: the teamleider gets a task, once; false when it was delivered meanwhile. */
export async function escalateSwiDelivery(
  prisma: PrismaClient,
  input: { gemeente: string; quarter: string },
): Promise<boolean> {
  const key = { gemeente_quarter: { gemeente: input.gemeente, quarter: input.quarter } };
  const delivery = await prisma.swiDelivery.findUnique({ where: key });
  if (!delivery || delivery.status === 'DELIVERED') return false;
  const dueDate = swiDueDate(quarterPeriod(input.quarter));
  await prisma.task.createMany({
    data: [
      {
        key: swiEscalationKey(input.gemeente, input.quarter),
        trajectoryId: null,
        gemeente: input.gemeente,
        type: 'SWI_TE_LAAT',
        audience: taskAudience('SWI_TE_LAAT'),
        title: taskTitle('SWI_TE_LAAT', { quarter: input.quarter, deadline: dueDate }),
      },
    ],
    skipDuplicates: true,
  });
  await prisma.swiDelivery.updateMany({ where: { ...input, escalatedAt: null }, data: { escalatedAt: new Date() } });
  return true;
}

/** The beheerder reports the delivery: status DELIVERED, both tasks closed. False when already delivered. */
export async function markSwiDelivered(
  prisma: PrismaClient,
  input: { gemeente: string; quarter: string; by: string },
): Promise<boolean> {
  const { count } = await prisma.swiDelivery.updateMany({
    where: { gemeente: input.gemeente, quarter: input.quarter, status: { not: 'DELIVERED' } },
    data: { status: 'DELIVERED', deliveredAt: new Date(), deliveredBy: input.by },
  });
  if (count === 0) return false;
  await prisma.task.updateMany({
    where: {
      key: { in: [swiTaskKey(input.gemeente, input.quarter), swiEscalationKey(input.gemeente, input.quarter)] },
      status: 'OPEN',
    },
    data: { status: 'CLOSED', closedAt: new Date(), assigneeId: input.by, result: { reden: 'SWI geleverd' } },
  });
  return true;
}
