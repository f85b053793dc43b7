// `npm run db:migrate -- --name <name> [--create-only] [--reset]`: offline `prisma migrate dev`.
// Brings the database up to date, diffs prisma/migrations (replayed in a temporary shadow
// database) against prisma/schema.prisma, writes prisma/migrations/<timestamp>_<name>/migration.sql
// and applies it. With no schema change it says so and writes nothing.
//   --create-only  write the migration but do not apply it
//   --reset        drop and recreate the (development!) database first, e.g. after drift
//   --schema <file> / --migrations-dir <dir>   other than prisma/schema.prisma / prisma/migrations
// Database: DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/inburgering.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { redactUrl } from '../../src/db/migrations';
import { createMigration, resetDatabase } from './schema-engine';
import { databaseUrlFromEnv, run } from './env';

run(async () => {
  const { values } = parseArgs({
    options: {
      name: { type: 'string', short: 'n' },
      'create-only': { type: 'boolean', default: false },
      reset: { type: 'boolean', default: false },
      schema: { type: 'string' },
      'migrations-dir': { type: 'string' },
    },
  });
  if (!values.name) throw new Error('usage: npm run db:migrate -- --name <name> [--create-only] [--reset]');
  const url = databaseUrlFromEnv();
  const started = Date.now();
  if (values.reset) {
    console.log(`resetting ${redactUrl(url)}`);
    await resetDatabase(url);
  }
  const created = await createMigration(url, {
    name: values.name,
    apply: !values['create-only'],
    ...(values.schema ? { schemaPath: path.resolve(values.schema) } : {}),
    ...(values['migrations-dir'] ? { migrationsDir: path.resolve(values['migrations-dir']) } : {}),
    log: (m) => console.log(m),
  });
  const took = `${Date.now() - started} ms`;
  if (created) console.log(`created ${created.name}${values['create-only'] ? ' (not applied)' : ''} in ${took}`);
  else console.log(`done in ${took}`);
});
