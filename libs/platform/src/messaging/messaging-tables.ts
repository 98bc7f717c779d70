/** Table holding events written in the same transaction as the state change, until the relay publishes them. */
export const OUTBOX_TABLE = 'outbox_events';

/** Table recording which messages a consumer group has processed, so that redeliveries change nothing. */
export const INBOX_TABLE = 'inbox_messages';

/**
 * The DDL of the messaging tables, one statement per entry (Prisma's raw calls run one statement at a time).
 * Every service's first migration contains exactly these statements.
 */
export const MESSAGING_TABLES_STATEMENTS: readonly string[] = [
  `CREATE TABLE "outbox_events" (
  "id" UUID NOT NULL PRIMARY KEY,
  "topic" TEXT NOT NULL,
  "key" TEXT NOT NULL,
  "type" TEXT NOT NULL,
  "headers" JSONB NOT NULL,
  "payload" JSONB NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "published_at" TIMESTAMPTZ(3),
  "attempts" INTEGER NOT NULL DEFAULT 0,
  "last_error" TEXT
)`,
  `CREATE INDEX "outbox_events_published_at_id_idx" ON "outbox_events"("published_at", "id")`,
  `CREATE TABLE "inbox_messages" (
  "consumer_group" TEXT NOT NULL,
  "message_id" TEXT NOT NULL,
  "topic" TEXT NOT NULL,
  "partition" INTEGER NOT NULL,
  "offset" BIGINT NOT NULL,
  "type" TEXT NOT NULL,
  "processed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "inbox_messages_pkey" PRIMARY KEY ("consumer_group", "message_id")
)`,
];

/** The same DDL as one script, for a simple-protocol `pg` query or a migration file. */
export const MESSAGING_TABLES_SQL = `${MESSAGING_TABLES_STATEMENTS.join(';\n')};\n`;

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** Throws unless `name` is a plain lower-case PostgreSQL identifier (it ends up inside SQL text). */
export function assertSqlIdentifier(name: string, what = 'identifier'): string {
  if (!IDENTIFIER.test(name) || name.length > 63) {
    throw new Error(
      `Invalid PostgreSQL ${what} "${name}": use lower-case letters, digits and underscores`,
    );
  }
  return name;
}

/**
 * `"schema"."table"`. Raw queries through Prisma's pg adapter ignore the adapter's `schema` option, so the
 * messaging SQL names the schema itself instead of relying on `search_path`.
 */
export function qualifiedTable(schema: string, table: string): string {
  return `"${assertSqlIdentifier(schema, 'schema')}"."${assertSqlIdentifier(table, 'table')}"`;
}
