-- CreateTable
CREATE TABLE "budget_overrides" (
    "subject_kind" VARCHAR(10) NOT NULL,
    "subject_id" VARCHAR(100) NOT NULL,
    "requests_per_minute" INTEGER,
    "tokens_per_day" BIGINT,
    "tokens_per_month" BIGINT,
    "cost_fen_per_day" BIGINT,
    "cost_fen_per_month" BIGINT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "budget_overrides_pkey" PRIMARY KEY ("subject_kind", "subject_id"),
    CONSTRAINT "budget_overrides_subject_kind_check" CHECK ("subject_kind" IN ('partner', 'service')),
    CONSTRAINT "budget_overrides_limits_check" CHECK (
        COALESCE("requests_per_minute", 0) >= -1 AND COALESCE("tokens_per_day", 0) >= -1 AND
        COALESCE("tokens_per_month", 0) >= -1 AND COALESCE("cost_fen_per_day", 0) >= -1 AND
        COALESCE("cost_fen_per_month", 0) >= -1)
);

-- CreateTable
CREATE TABLE "usage_ledger" (
    "call_id" UUID NOT NULL,
    "subject_kind" VARCHAR(10) NOT NULL,
    "subject_id" VARCHAR(100) NOT NULL,
    "partner_id" VARCHAR(100) NOT NULL,
    "caller_service" VARCHAR(100) NOT NULL,
    "task" VARCHAR(40) NOT NULL,
    "model" VARCHAR(64) NOT NULL,
    "input_tokens" INTEGER NOT NULL,
    "output_tokens" INTEGER NOT NULL,
    "reasoning_tokens" INTEGER NOT NULL,
    "cached_input_tokens" INTEGER NOT NULL,
    "cost_micro_fen" BIGINT NOT NULL,
    "usage_estimated" BOOLEAN NOT NULL,
    "billed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "usage_ledger_pkey" PRIMARY KEY ("call_id")
);

-- CreateIndex
CREATE INDEX "usage_ledger_subject_kind_subject_id_billed_at_idx" ON "usage_ledger"("subject_kind", "subject_id", "billed_at");
