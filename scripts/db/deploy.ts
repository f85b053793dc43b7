// `npm run db:deploy`: create the database if missing and apply pending migrations
// (offline equivalent of `prisma migrate deploy`, same `_prisma_migrations` bookkeeping).
// Database: DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/inburgering.
import { databaseName, deployMigrations, redactUrl } from '../../src/db/migrations';
import { databaseUrlFromEnv, run } from './env';

run(async () => {
  const url = databaseUrlFromEnv();
  const started = Date.now();
  const applied = await deployMigrations(url, { log: (m) => console.log(m) });
  const took = `${Date.now() - started} ms`;
  if (applied.length === 0) console.log(`${databaseName(url)} is up to date (${redactUrl(url)}, ${took})`);
  else console.log(`applied ${applied.length} migration(s) to ${redactUrl(url)} in ${took}`);
});
