-- Role and databases for local development and tests. Idempotent: safe to run
-- again on a live server. Used by tools/infra.sh (psql as the postgres
-- superuser) and by docker-compose.yml (/docker-entrypoint-initdb.d).
-- The list of services lives here only; tools/infra.sh reads it from this file.

DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'meridian') THEN
    CREATE ROLE meridian LOGIN CREATEDB PASSWORD 'meridian';
  ELSE
    ALTER ROLE meridian LOGIN CREATEDB PASSWORD 'meridian';
  END IF;
END
$$;

-- One database per service plus a "_test" twin. CREATE DATABASE cannot run
-- inside a DO block, so psql's \gexec runs the generated statements.
-- UTF8 with the C.UTF-8 locale everywhere, whatever locale the server was
-- initialised with: same encoding and sort order natively and in Docker.
WITH service(name) AS (
  VALUES
    ('api_gateway'),
    ('consultation'),
    ('model_router'),
    ('hospital_integration'),
    ('insurance_certificates'),
    ('payments')
),
wanted(datname) AS (
  SELECT 'meridian_' || name FROM service
  UNION ALL
  SELECT 'meridian_' || name || '_test' FROM service
)
SELECT format('CREATE DATABASE %I OWNER meridian TEMPLATE template0 ENCODING ''UTF8'' LC_COLLATE ''C.UTF-8'' LC_CTYPE ''C.UTF-8''', datname)
FROM wanted
WHERE NOT EXISTS (SELECT FROM pg_database d WHERE d.datname = wanted.datname)
ORDER BY datname
\gexec
