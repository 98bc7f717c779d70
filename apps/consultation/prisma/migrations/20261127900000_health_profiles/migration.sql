-- Health profiles, sealed field by field (envelope encryption), with an access log of every read and write.
CREATE TABLE "health_profiles" (
    "partner_id" VARCHAR(128) NOT NULL,
    "patient_id" VARCHAR(128) NOT NULL,
    "version" INTEGER NOT NULL,
    "key_id" VARCHAR(64) NOT NULL,
    "wrapped_key" TEXT NOT NULL,
    "sealed_fields" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "health_profiles_pkey" PRIMARY KEY ("partner_id","patient_id")
);

CREATE INDEX "health_profiles_key_id_idx" ON "health_profiles"("key_id");

CREATE TABLE "health_profile_access_log" (
    "id" UUID NOT NULL,
    "partner_id" VARCHAR(128) NOT NULL,
    "patient_id" VARCHAR(128) NOT NULL,
    "action" VARCHAR(16) NOT NULL,
    "actor" VARCHAR(128) NOT NULL,
    "correlation_id" VARCHAR(128),
    "profile_version" INTEGER NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "health_profile_access_log_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "health_profile_access_log_partner_id_patient_id_occurred_at_idx" ON "health_profile_access_log"("partner_id", "patient_id", "occurred_at");

CREATE TABLE "health_profile_updates" (
    "partner_id" VARCHAR(128) NOT NULL,
    "patient_id" VARCHAR(128) NOT NULL,
    "idempotency_key" VARCHAR(128) NOT NULL,
    "request_hash" CHAR(64) NOT NULL,
    "version" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "health_profile_updates_pkey" PRIMARY KEY ("partner_id","patient_id","idempotency_key")
);
