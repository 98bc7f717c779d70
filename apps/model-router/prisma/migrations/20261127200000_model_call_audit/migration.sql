-- The model's reasoning per attempt (audit only, never shown to patients).
ALTER TABLE "model_calls" ADD COLUMN "reasoning" JSONB;

-- Keyset listings of the audit, newest first, by partner, patient and caller.
CREATE INDEX "model_calls_partner_id_id_idx" ON "model_calls"("partner_id", "id");
CREATE INDEX "model_calls_patient_id_id_idx" ON "model_calls"("patient_id", "id");
CREATE INDEX "model_calls_caller_service_id_idx" ON "model_calls"("caller_service", "id");

-- Every read of the audit: who read it, why, what they asked for and which calls and patients
-- the answer exposed.
CREATE TABLE "model_call_audit_reads" (
    "id" UUID NOT NULL,
    "reader_service" VARCHAR(100) NOT NULL,
    "reader_principal" VARCHAR(200) NOT NULL,
    "purpose" VARCHAR(500) NOT NULL,
    "operation" VARCHAR(40) NOT NULL,
    "filters" JSONB NOT NULL,
    "call_ids" TEXT[],
    "patient_ids" TEXT[],
    "read_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "model_call_audit_reads_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "model_call_audit_reads_read_at_idx" ON "model_call_audit_reads"("read_at");
