-- Schedules (clinic sessions and their slots, as pulled from or pushed by hospitals) and
-- appointments (hold -> confirm / cancel / expire).

-- CreateTable
CREATE TABLE "schedule_sessions" (
    "id" UUID NOT NULL,
    "hospital_id" UUID NOT NULL,
    "session_code" VARCHAR(64) NOT NULL,
    "department_code" VARCHAR(64) NOT NULL,
    "department_local_code" VARCHAR(64) NOT NULL,
    "department_local_name" VARCHAR(200) NOT NULL,
    "doctor_code" VARCHAR(64) NOT NULL,
    "doctor_name" VARCHAR(100) NOT NULL,
    "doctor_title" VARCHAR(32) NOT NULL,
    "visit_type" VARCHAR(32) NOT NULL,
    "start_time" TIMESTAMPTZ(3) NOT NULL,
    "end_time" TIMESTAMPTZ(3) NOT NULL,
    "fee_fen" BIGINT NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "status_reason" VARCHAR(500) NOT NULL,
    "total_slots" INTEGER NOT NULL,
    "source_as_of" TIMESTAMPTZ(3) NOT NULL,
    "synced_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "schedule_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "schedule_slots" (
    "id" UUID NOT NULL,
    "session_id" UUID NOT NULL,
    "hospital_id" UUID NOT NULL,
    "department_code" VARCHAR(64) NOT NULL,
    "slot_code" VARCHAR(64) NOT NULL,
    "start_time" TIMESTAMPTZ(3) NOT NULL,
    "end_time" TIMESTAMPTZ(3) NOT NULL,
    "hospital_status" VARCHAR(16) NOT NULL,
    "status_as_of" TIMESTAMPTZ(3) NOT NULL,
    "claim_appointment_id" UUID,
    "claim_expires_at" TIMESTAMPTZ(3),
    "version" BIGINT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "schedule_slots_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "appointments" (
    "id" UUID NOT NULL,
    "partner_id" VARCHAR(64) NOT NULL,
    "patient_id" VARCHAR(64) NOT NULL,
    "hospital_id" UUID NOT NULL,
    "slot_id" UUID NOT NULL,
    "session_id" UUID NOT NULL,
    "department_code" VARCHAR(64) NOT NULL,
    "doctor_code" VARCHAR(64) NOT NULL,
    "visit_type" VARCHAR(32) NOT NULL,
    "start_time" TIMESTAMPTZ(3) NOT NULL,
    "end_time" TIMESTAMPTZ(3) NOT NULL,
    "status" VARCHAR(24) NOT NULL,
    "visitor" JSONB NOT NULL,
    "hold_code" VARCHAR(128),
    "hold_expires_at" TIMESTAMPTZ(3),
    "fee_fen" BIGINT NOT NULL,
    "insurance_covered_fen" BIGINT NOT NULL,
    "patient_payable_fen" BIGINT NOT NULL,
    "quote_id" VARCHAR(64) NOT NULL,
    "certificate_id" VARCHAR(64) NOT NULL,
    "payment_intent_id" VARCHAR(64) NOT NULL,
    "settlement_id" VARCHAR(64) NOT NULL,
    "hospital_appointment_code" VARCHAR(128) NOT NULL,
    "queue_number" INTEGER NOT NULL,
    "visit_instructions" VARCHAR(1000) NOT NULL,
    "failure_code" VARCHAR(100) NOT NULL,
    "ended_by" VARCHAR(16) NOT NULL,
    "cancel_reason" VARCHAR(500) NOT NULL,
    "consultation_id" VARCHAR(64) NOT NULL,
    "release_pending" BOOLEAN NOT NULL DEFAULT false,
    "release_attempts" INTEGER NOT NULL DEFAULT 0,
    "next_release_at" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "appointments_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "schedule_sessions_hospital_id_session_code_key" ON "schedule_sessions"("hospital_id", "session_code");

-- CreateIndex
CREATE INDEX "schedule_sessions_hospital_id_start_time_idx" ON "schedule_sessions"("hospital_id", "start_time");

-- CreateIndex
CREATE UNIQUE INDEX "schedule_slots_claim_appointment_id_key" ON "schedule_slots"("claim_appointment_id");

-- CreateIndex
CREATE UNIQUE INDEX "schedule_slots_session_id_slot_code_key" ON "schedule_slots"("session_id", "slot_code");

-- CreateIndex
CREATE INDEX "schedule_slots_hospital_id_start_time_idx" ON "schedule_slots"("hospital_id", "start_time");

-- CreateIndex
CREATE INDEX "schedule_slots_department_code_start_time_idx" ON "schedule_slots"("department_code", "start_time");

-- CreateIndex
CREATE INDEX "appointments_partner_id_patient_id_id_idx" ON "appointments"("partner_id", "patient_id", "id");

-- CreateIndex
CREATE INDEX "appointments_status_hold_expires_at_idx" ON "appointments"("status", "hold_expires_at");

-- CreateIndex
CREATE INDEX "appointments_release_pending_next_release_at_idx" ON "appointments"("release_pending", "next_release_at");

-- CreateIndex
CREATE INDEX "appointments_slot_id_idx" ON "appointments"("slot_id");

-- AddForeignKey
ALTER TABLE "schedule_sessions" ADD CONSTRAINT "schedule_sessions_hospital_id_fkey" FOREIGN KEY ("hospital_id") REFERENCES "hospitals"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "schedule_slots" ADD CONSTRAINT "schedule_slots_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "schedule_sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_slot_id_fkey" FOREIGN KEY ("slot_id") REFERENCES "schedule_slots"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_hospital_id_fkey" FOREIGN KEY ("hospital_id") REFERENCES "hospitals"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
