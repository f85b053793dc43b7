/** Activities of the quarterly SWI workflow (src/workflows/swi). */
import type { PrismaClient } from '../db/client';
import { escalateSwiDelivery, prepareSwiDelivery } from './deliveries';

export function createSwiActivities(deps: { prisma: PrismaClient }) {
  return {
    prepareSwiDelivery: (input: { gemeente: string; quarter: string }) => prepareSwiDelivery(deps.prisma, input),
    escalateSwiDelivery: (input: { gemeente: string; quarter: string }) => escalateSwiDelivery(deps.prisma, input),
  };
}
