-- Payment intents, refunds and idempotency records.
CREATE TABLE "payment_intents" (
    "id" UUID NOT NULL,
    "partner_id" VARCHAR(64) NOT NULL,
    "patient_id" VARCHAR(64) NOT NULL,
    "amount_fen" BIGINT NOT NULL,
    "amount_refunded_fen" BIGINT NOT NULL DEFAULT 0,
    "currency" VARCHAR(3) NOT NULL,
    "channel" VARCHAR(16) NOT NULL,
    "status" VARCHAR(24) NOT NULL,
    "description" VARCHAR(200) NOT NULL,
    "order_type" VARCHAR(32) NOT NULL,
    "order_id" VARCHAR(64) NOT NULL,
    "return_url" VARCHAR(1000) NOT NULL,
    "provider_reference" VARCHAR(128) NOT NULL,
    "failure_code" VARCHAR(100) NOT NULL,
    "failure_message" VARCHAR(500) NOT NULL,
    "provider_due_at" TIMESTAMPTZ(3),
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "succeeded_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "version" INTEGER NOT NULL,

    CONSTRAINT "payment_intents_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "payment_intents_amount_positive" CHECK ("amount_fen" > 0),
    CONSTRAINT "payment_intents_refunds_within_amount" CHECK ("amount_refunded_fen" >= 0 AND "amount_refunded_fen" <= "amount_fen"),
    CONSTRAINT "payment_intents_status_known" CHECK ("status" IN ('REQUIRES_PAYMENT', 'PROCESSING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'EXPIRED'))
);

CREATE INDEX "payment_intents_partner_id_patient_id_id_idx" ON "payment_intents"("partner_id", "patient_id", "id");
CREATE INDEX "payment_intents_status_provider_due_at_idx" ON "payment_intents"("status", "provider_due_at");
CREATE INDEX "payment_intents_status_expires_at_idx" ON "payment_intents"("status", "expires_at");

CREATE TABLE "payment_refunds" (
    "id" UUID NOT NULL,
    "payment_intent_id" UUID NOT NULL,
    "amount_fen" BIGINT NOT NULL,
    "currency" VARCHAR(3) NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "reason" VARCHAR(500) NOT NULL,
    "provider_reference" VARCHAR(128) NOT NULL,
    "failure_code" VARCHAR(100) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completed_at" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL,

    CONSTRAINT "payment_refunds_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "payment_refunds_amount_positive" CHECK ("amount_fen" > 0),
    CONSTRAINT "payment_refunds_payment_intent_id_fkey" FOREIGN KEY ("payment_intent_id") REFERENCES "payment_intents"("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

CREATE INDEX "payment_refunds_payment_intent_id_idx" ON "payment_refunds"("payment_intent_id");

CREATE TABLE "idempotency_keys" (
    "key" VARCHAR(200) NOT NULL,
    "operation" VARCHAR(64) NOT NULL,
    "request_hash" VARCHAR(64) NOT NULL,
    "resource_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("key")
);
