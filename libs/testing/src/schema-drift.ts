import { readFileSync } from 'node:fs';
import { getDMMF } from '@prisma/internals';
import { Client } from 'pg';

interface ColumnRow {
  table_name: string;
  column_name: string;
  data_type: string;
  udt_name: string;
  is_nullable: 'YES' | 'NO';
  character_maximum_length: number | null;
  datetime_precision: number | null;
}

interface IndexRow {
  table_name: string;
  columns: string[];
  is_unique: boolean;
  is_primary: boolean;
}

interface ForeignKeyRow {
  table_name: string;
  columns: string[];
  referenced_table: string;
}

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: string;
  type: string;
  isList: boolean;
  isRequired: boolean;
  isUnique: boolean;
  isId: boolean;
  nativeType?: readonly [string, readonly string[]] | null;
  relationFromFields?: readonly string[];
}

const SCALAR_TYPES: Readonly<Record<string, string>> = {
  String: 'text',
  Int: 'int4',
  BigInt: 'int8',
  Float: 'float8',
  Decimal: 'numeric',
  Boolean: 'bool',
  DateTime: 'timestamp',
  Json: 'jsonb',
  Bytes: 'bytea',
};

const NATIVE_TYPES: Readonly<Record<string, string>> = {
  Uuid: 'uuid',
  VarChar: 'varchar',
  Char: 'bpchar',
  Text: 'text',
  Timestamptz: 'timestamptz',
  Timestamp: 'timestamp',
  Date: 'date',
  SmallInt: 'int2',
  Integer: 'int4',
  BigInt: 'int8',
  DoublePrecision: 'float8',
  Real: 'float4',
  Decimal: 'numeric',
  JsonB: 'jsonb',
  Json: 'json',
  Inet: 'inet',
};

function expectedColumn(
  field: DmmfField,
  enumDbNames: ReadonlyMap<string, string>,
): { udt: string; length?: number; precision?: number } {
  const enumName = enumDbNames.get(field.type);
  let udt: string;
  let length: number | undefined;
  let precision: number | undefined;
  if (enumName !== undefined) {
    udt = enumName;
  } else if (field.nativeType) {
    const [native, args] = field.nativeType;
    udt = NATIVE_TYPES[native] ?? native.toLowerCase();
    if ((native === 'VarChar' || native === 'Char') && args[0]) length = Number(args[0]);
    if ((native === 'Timestamptz' || native === 'Timestamp') && args[0])
      precision = Number(args[0]);
  } else {
    udt = SCALAR_TYPES[field.type] ?? field.type.toLowerCase();
    if (field.type === 'DateTime') precision = 3;
  }
  if (field.isList) udt = `_${udt}`;
  return {
    udt,
    ...(length === undefined ? {} : { length }),
    ...(precision === undefined ? {} : { precision }),
  };
}

/**
 * Compares a Prisma schema with a migrated database and lists every difference: tables, columns,
 * types, nullability, enums, indexes and foreign keys. Uses the wasm schema parser, so it needs no
 * engine binary. An empty list means the migrations produce exactly what the schema describes.
 */
export async function schemaDrift(
  schemaPath: string,
  connectionString: string,
  schema: string,
): Promise<string[]> {
  const dmmf = await getDMMF({ datamodel: readFileSync(schemaPath, 'utf8') });
  const problems: string[] = [];
  const client = new Client({ connectionString });
  await client.connect();
  try {
    const columns = (
      await client.query<ColumnRow>(
        `SELECT table_name, column_name, data_type, udt_name, is_nullable, character_maximum_length, datetime_precision
         FROM information_schema.columns WHERE table_schema = $1`,
        [schema],
      )
    ).rows;
    const indexes = (
      await client.query<IndexRow>(
        `SELECT t.relname::text AS table_name, ix.indisunique AS is_unique, ix.indisprimary AS is_primary,
                array_agg(a.attname::text ORDER BY k.ord) AS columns
         FROM pg_index ix
         JOIN pg_class t ON t.oid = ix.indrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
         CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
         JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
         WHERE n.nspname = $1
         GROUP BY t.relname, ix.indexrelid, ix.indisunique, ix.indisprimary`,
        [schema],
      )
    ).rows;
    const foreignKeys = (
      await client.query<ForeignKeyRow>(
        `SELECT c.conrelid::regclass::text AS table_name, c.confrelid::regclass::text AS referenced_table,
                array_agg(a.attname::text ORDER BY k.ord) AS columns
         FROM pg_constraint c
         JOIN pg_namespace n ON n.oid = c.connamespace
         CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
         WHERE c.contype = 'f' AND n.nspname = $1
         GROUP BY c.oid, c.conrelid, c.confrelid`,
        [schema],
      )
    ).rows;
    const enumValues = (
      await client.query<{ name: string; values: string[] }>(
        `SELECT t.typname::text AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS values
         FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
         WHERE n.nspname = $1 GROUP BY t.typname`,
        [schema],
      )
    ).rows;

    const enumDbNames = new Map(dmmf.datamodel.enums.map((e) => [e.name, e.dbName ?? e.name]));
    for (const e of dmmf.datamodel.enums) {
      const dbName = e.dbName ?? e.name;
      const actual = enumValues.find((v) => v.name === dbName);
      const expected = e.values.map((v) => v.dbName ?? v.name);
      if (!actual) problems.push(`enum ${dbName} is missing`);
      else if (JSON.stringify(actual.values) !== JSON.stringify(expected)) {
        problems.push(
          `enum ${dbName} has values ${actual.values.join(',')}, schema says ${expected.join(',')}`,
        );
      }
    }

    const bareTable = (name: string) => name.replace(/^.*\./, '').replace(/"/g, '');
    const expectedTables = new Set<string>();
    const indexKey = (table: string, cols: readonly string[], kind: string) =>
      `${table}(${cols.join(',')}) ${kind}`;
    const actualIndexes = new Set(
      indexes.map((i) =>
        indexKey(i.table_name, i.columns, i.is_primary ? 'id' : i.is_unique ? 'unique' : 'normal'),
      ),
    );
    const expectedIndexes = new Set<string>();
    for (const model of dmmf.datamodel.models) {
      const table = model.dbName ?? model.name;
      expectedTables.add(table);
      const fields = model.fields as unknown as DmmfField[];
      const columnOf = new Map(fields.map((f) => [f.name, f.dbName ?? f.name]));
      const tableColumns = columns.filter((c) => c.table_name === table);
      if (tableColumns.length === 0) {
        problems.push(`table ${table} is missing`);
        continue;
      }
      const scalarFields = fields.filter((f) => f.kind === 'scalar' || f.kind === 'enum');
      for (const field of scalarFields) {
        const column = field.dbName ?? field.name;
        const actual = tableColumns.find((c) => c.column_name === column);
        if (!actual) {
          problems.push(`column ${table}.${column} is missing`);
          continue;
        }
        const expected = expectedColumn(field, enumDbNames);
        if (actual.udt_name !== expected.udt) {
          problems.push(
            `column ${table}.${column} is ${actual.udt_name}, schema says ${expected.udt}`,
          );
        }
        if (expected.length !== undefined && actual.character_maximum_length !== expected.length) {
          problems.push(
            `column ${table}.${column} has length ${actual.character_maximum_length}, schema says ${expected.length}`,
          );
        }
        if (expected.precision !== undefined && actual.datetime_precision !== expected.precision) {
          problems.push(
            `column ${table}.${column} has precision ${actual.datetime_precision}, schema says ${expected.precision}`,
          );
        }
        const nullable = actual.is_nullable === 'YES';
        // Prisma creates scalar lists as nullable array columns.
        if (!field.isList && nullable === field.isRequired) {
          problems.push(
            `column ${table}.${column} is ${nullable ? 'nullable' : 'NOT NULL'}, schema disagrees`,
          );
        }
      }
      for (const column of tableColumns) {
        if (!scalarFields.some((f) => (f.dbName ?? f.name) === column.column_name)) {
          problems.push(`column ${table}.${column.column_name} exists but is not in the schema`);
        }
      }
      for (const field of fields) {
        if (field.isId)
          expectedIndexes.add(indexKey(table, [columnOf.get(field.name) ?? field.name], 'id'));
        if (field.isUnique)
          expectedIndexes.add(indexKey(table, [columnOf.get(field.name) ?? field.name], 'unique'));
        if (
          field.kind === 'object' &&
          field.relationFromFields &&
          field.relationFromFields.length > 0
        ) {
          const fkColumns = field.relationFromFields.map((f) => columnOf.get(f) ?? f);
          const target = dmmf.datamodel.models.find((m) => m.name === field.type);
          const targetTable = target?.dbName ?? field.type;
          const found = foreignKeys.some(
            (fk) =>
              bareTable(fk.table_name) === table &&
              bareTable(fk.referenced_table) === targetTable &&
              JSON.stringify(fk.columns) === JSON.stringify(fkColumns),
          );
          if (!found)
            problems.push(
              `foreign key ${table}(${fkColumns.join(',')}) → ${targetTable} is missing`,
            );
        }
      }
      if (model.primaryKey) {
        expectedIndexes.add(
          indexKey(
            table,
            model.primaryKey.fields.map((f) => columnOf.get(f) ?? f),
            'id',
          ),
        );
      }
      for (const unique of model.uniqueFields) {
        expectedIndexes.add(
          indexKey(
            table,
            unique.map((f) => columnOf.get(f) ?? f),
            'unique',
          ),
        );
      }
    }
    for (const index of dmmf.datamodel.indexes) {
      const model = dmmf.datamodel.models.find((m) => m.name === index.model);
      if (!model || index.type === 'fulltext') continue;
      const table = model.dbName ?? model.name;
      const columnOf = new Map(model.fields.map((f) => [f.name, f.dbName ?? f.name]));
      expectedIndexes.add(
        indexKey(
          table,
          index.fields.map((f) => columnOf.get(f.name) ?? f.name),
          index.type,
        ),
      );
    }
    for (const index of expectedIndexes)
      if (!actualIndexes.has(index)) problems.push(`index ${index} is missing`);
    for (const index of actualIndexes) {
      if (!expectedIndexes.has(index) && !index.startsWith('_prisma_migrations(')) {
        problems.push(`index ${index} exists but is not in the schema`);
      }
    }
    const actualTables = new Set(columns.map((c) => c.table_name));
    for (const table of actualTables) {
      if (!expectedTables.has(table) && table !== '_prisma_migrations') {
        problems.push(`table ${table} exists but is not in the schema`);
      }
    }
  } finally {
    await client.end();
  }
  return problems;
}
