// Prisma CLI configuration. On a networked install `npx prisma migrate deploy`
// uses this and the same prisma/migrations folder as the offline runner
// (scripts/migrate.ts), which records runs in the same _prisma_migrations table.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? '' },
});
