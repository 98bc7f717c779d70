-- CreateTable
CREATE TABLE "model_calls" (
    "id" UUID NOT NULL,
    "task" VARCHAR(40) NOT NULL,
    "data_class" VARCHAR(20) NOT NULL,
    "caller_service" VARCHAR(100) NOT NULL,
    "partner_id" VARCHAR(100) NOT NULL,
    "patient_id" VARCHAR(100) NOT NULL,
    "subject_id" VARCHAR(200) NOT NULL,
    "idempotency_key" VARCHAR(200),
    "outcome" VARCHAR(40) NOT NULL,
    "partial" BOOLEAN NOT NULL,
    "model" VARCHAR(64),
    "provider" VARCHAR(40),
    "upstream_model" VARCHAR(200),
    "upstream_version" VARCHAR(100),
    "route_reason" TEXT NOT NULL,
    "redacted" BOOLEAN NOT NULL,
    "route" JSONB NOT NULL,
    "input_tokens" INTEGER NOT NULL,
    "output_tokens" INTEGER NOT NULL,
    "reasoning_tokens" INTEGER NOT NULL,
    "cached_input_tokens" INTEGER NOT NULL,
    "cost_micro_fen" BIGINT NOT NULL,
    "usage_estimated" BOOLEAN NOT NULL,
    "time_to_first_token_ms" INTEGER,
    "duration_ms" INTEGER NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "completed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "model_calls_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "model_calls_partner_id_started_at_idx" ON "model_calls"("partner_id", "started_at");

-- CreateIndex
CREATE INDEX "model_calls_patient_id_started_at_idx" ON "model_calls"("patient_id", "started_at");
