// The one place that builds a PrismaClient. Prisma 7: the query engine is WebAssembly inside
// @prisma/client and connections go through the pg driver adapter (no native engine).
// The client is generated into src/generated/prisma by `npm run db:generate`.
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client';

export type { PrismaClient };
export { Prisma } from '../generated/prisma/client';

export interface PrismaClientOptions {
  /** Maximum connections in the pg pool (pg's default: 10). */
  poolMax?: number;
}

/** A PrismaClient on `databaseUrl` (postgresql://…). Call `$disconnect()` when done. */
export function createPrismaClient(databaseUrl: string, options: PrismaClientOptions = {}): PrismaClient {
  const adapter = new PrismaPg({
    connectionString: databaseUrl,
    ...(options.poolMax !== undefined ? { max: options.poolMax } : {}),
  });
  return new PrismaClient({ adapter });
}
