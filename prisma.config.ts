// Prisma 7 configuration. Prisma 7 does not read `.env`: the URL comes from the environment.
// Offline, the stock `prisma migrate` cannot fetch its native engine; use `npm run db:migrate`
// / `npm run db:deploy` (scripts/db/), which keep this same migrations format.
import { defineConfig } from 'prisma/config';

export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/inburgering';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: {
    path: 'prisma/migrations',
  },
  datasource: {
    url: process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
  },
});
