-- Directory: hospital departments keyed by the hospital's own name (mapped onto the standard
-- taxonomy, or kept unmapped), doctors, and free-text search.

-- Trigram indexes make substring search (zh and en) fast. pg_trgm ships with PostgreSQL's contrib
-- package and is a trusted extension; where it is missing, search still works (sequential scans)
-- and the service logs that the indexes are absent.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
    BEGIN
      CREATE EXTENSION pg_trgm WITH SCHEMA public;
    EXCEPTION WHEN OTHERS THEN
      RAISE NOTICE 'pg_trgm is not available (%); directory text search runs without trigram indexes', SQLERRM;
    END;
  END IF;
END $$;

-- CreateEnum
CREATE TYPE "department_mapping" AS ENUM ('DECLARED', 'NAME_MATCH');

-- CreateEnum
CREATE TYPE "doctor_title" AS ENUM ('RESIDENT', 'ATTENDING', 'ASSOCIATE_CHIEF', 'CHIEF');

-- Departments: one row per local name; the standard code is NULL while unmapped.
ALTER TABLE "hospital_departments" DROP CONSTRAINT "hospital_departments_pkey";
ALTER TABLE "hospital_departments" ALTER COLUMN "code" DROP NOT NULL;
ALTER TABLE "hospital_departments" ADD COLUMN "mapping" "department_mapping";
UPDATE "hospital_departments" SET "mapping" = 'DECLARED';
-- Earlier rows were unique per code, not per local name: keep both names distinct.
UPDATE "hospital_departments" d SET "local_name" = left(d."local_name", 180) || '（' || d."code" || '）'
WHERE EXISTS (SELECT 1 FROM "hospital_departments" o
              WHERE o."hospital_id" = d."hospital_id" AND o."local_name" = d."local_name" AND o."code" <> d."code");
ALTER TABLE "hospital_departments" ADD CONSTRAINT "hospital_departments_pkey" PRIMARY KEY ("hospital_id", "local_name");

-- Hospitals: listed by level, then registration; text search over names, city, address and code.
DROP INDEX "hospitals_city_id_idx";
CREATE INDEX "hospitals_city_level_id_idx" ON "hospitals"("city", "level", "id");
CREATE INDEX "hospitals_level_id_idx" ON "hospitals"("level", "id");
CREATE INDEX "hospitals_region_code_idx" ON "hospitals"("region_code");
ALTER TABLE "hospitals" ADD COLUMN "search_text" TEXT NOT NULL GENERATED ALWAYS AS (
  lower(normalize("name" || ' ' || "name_en" || ' ' || "city" || ' ' || "address" || ' ' || "code", NFKC))
) STORED;

-- CreateTable
CREATE TABLE "doctors" (
    "id" UUID NOT NULL,
    "hospital_id" UUID NOT NULL,
    "code" VARCHAR(64) NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "title" "doctor_title",
    "department_codes" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "specialties" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "specialty" VARCHAR(2000) NOT NULL,
    "introduction" VARCHAR(4000) NOT NULL,
    "languages" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "rating" DOUBLE PRECISION,
    "rating_count" INTEGER NOT NULL DEFAULT 0,
    "active" BOOLEAN NOT NULL,
    "specialty_text" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "source_updated_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "doctors_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "doctors_hospital_id_code_key" ON "doctors"("hospital_id", "code");

-- CreateIndex
CREATE INDEX "doctors_hospital_id_id_idx" ON "doctors"("hospital_id", "id");

-- AddForeignKey
ALTER TABLE "doctors" ADD CONSTRAINT "doctors_hospital_id_fkey" FOREIGN KEY ("hospital_id") REFERENCES "hospitals"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Trigram indexes, created with the operator class of wherever pg_trgm lives.
DO $$
DECLARE
  trgm_schema TEXT;
BEGIN
  SELECT extnamespace::regnamespace::text INTO trgm_schema FROM pg_extension WHERE extname = 'pg_trgm';
  IF trgm_schema IS NOT NULL THEN
    EXECUTE format('CREATE INDEX "hospitals_search_text_idx" ON "hospitals" USING gin ("search_text" %I.gin_trgm_ops)', trgm_schema);
    EXECUTE format('CREATE INDEX "hospital_departments_local_name_idx" ON "hospital_departments" USING gin ("local_name" %I.gin_trgm_ops)', trgm_schema);
    EXECUTE format('CREATE INDEX "doctors_specialty_text_idx" ON "doctors" USING gin ("specialty_text" %I.gin_trgm_ops)', trgm_schema);
  END IF;
END $$;
