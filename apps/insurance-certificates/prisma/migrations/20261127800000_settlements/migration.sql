-- Coverage quotes, settlements and idempotency records.
CREATE TABLE "coverage_quotes" (
    "id" UUID NOT NULL,
    "certificate_id" VARCHAR(64) NOT NULL,
    "hospital_id" VARCHAR(64) NOT NULL,
    "hospital_region_code" VARCHAR(6) NOT NULL,
    "appointment_id" VARCHAR(64) NOT NULL,
    "total_fen" BIGINT NOT NULL,
    "covered_fen" BIGINT NOT NULL,
    "patient_payable_fen" BIGINT NOT NULL,
    "lines" JSONB NOT NULL,
    "policy_version" VARCHAR(64) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "coverage_quotes_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "coverage_quotes_split_adds_up" CHECK ("covered_fen" >= 0 AND "patient_payable_fen" >= 0 AND "covered_fen" + "patient_payable_fen" = "total_fen")
);

CREATE INDEX "coverage_quotes_appointment_id_idx" ON "coverage_quotes"("appointment_id");

CREATE TABLE "settlements" (
    "id" UUID NOT NULL,
    "quote_id" UUID NOT NULL,
    "certificate_id" VARCHAR(64) NOT NULL,
    "appointment_id" VARCHAR(64) NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "covered_fen" BIGINT NOT NULL,
    "patient_paid_fen" BIGINT NOT NULL,
    "payment_intent_id" VARCHAR(64) NOT NULL,
    "reversal_reason" VARCHAR(500) NOT NULL,
    "settled_at" TIMESTAMPTZ(3) NOT NULL,
    "reversed_at" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL,

    CONSTRAINT "settlements_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "settlements_status_known" CHECK ("status" IN ('SETTLED', 'REVERSED')),
    CONSTRAINT "settlements_quote_id_fkey" FOREIGN KEY ("quote_id") REFERENCES "coverage_quotes"("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

CREATE UNIQUE INDEX "settlements_quote_id_key" ON "settlements"("quote_id");

CREATE TABLE "idempotency_keys" (
    "key" VARCHAR(200) NOT NULL,
    "operation" VARCHAR(64) NOT NULL,
    "request_hash" VARCHAR(64) NOT NULL,
    "resource_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("key")
);
