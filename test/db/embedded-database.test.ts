/**
 * The run command's fallback for a laptop without PostgreSQL: an embedded PGlite served over
 * its socket server. Migrations and the Prisma client must work on it as on the real server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedDatabase } from '../../src/runtime/database';
import { deployMigrations, pendingMigrations } from '../../src/db/migrations';
import { createPrismaClient } from '../../src/db/client';

const directory = mkdtempSync(path.join(os.tmpdir(), 'pglite-'));

afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('embedded PostgreSQL fallback', () => {
  it('applies the migrations and serves Prisma queries, and keeps data across a restart', async () => {
    const first = await startEmbeddedDatabase(directory, 54391);
    try {
      const applied = await deployMigrations(first.url);
      expect(applied.length).toBeGreaterThan(0);
      expect(await pendingMigrations(first.url)).toEqual([]);
      const prisma = createPrismaClient(first.url, { poolMax: 1 });
      await prisma.auditLog.create({ data: { actorId: 'test', action: 'EMBEDDED_CHECK' } });
      await prisma.$disconnect();
    } finally {
      await first.stop();
    }

    const second = await startEmbeddedDatabase(directory, 54391);
    try {
      const prisma = createPrismaClient(second.url, { poolMax: 1 });
      expect(await prisma.auditLog.count({ where: { action: 'EMBEDDED_CHECK' } })).toBe(1);
      await prisma.$disconnect();
    } finally {
      await second.stop();
    }
  });
});
