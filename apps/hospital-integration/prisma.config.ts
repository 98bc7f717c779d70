import { defineConfig } from 'prisma/config';

// Used by `prisma generate`. Migrations are applied by the service itself at start-up.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
