-- CreateTable
CREATE TABLE "inbound_credentials" (
    "fingerprint" VARCHAR(64) NOT NULL,
    "hospital_id" UUID NOT NULL,
    "serial" VARCHAR(64) NOT NULL,
    "subject" VARCHAR(300) NOT NULL,
    "not_after" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "revoked_why" VARCHAR(500),

    CONSTRAINT "inbound_credentials_pkey" PRIMARY KEY ("fingerprint")
);

-- CreateIndex
CREATE INDEX "inbound_credentials_hospital_id_idx" ON "inbound_credentials"("hospital_id");

-- CreateEnum
CREATE TYPE "inbound_message_status" AS ENUM ('APPLIED', 'STALE');

-- CreateTable
CREATE TABLE "inbound_messages" (
    "id" UUID NOT NULL,
    "hospital_id" UUID NOT NULL,
    "message_id" VARCHAR(128) NOT NULL,
    "kind" VARCHAR(32) NOT NULL,
    "payload" JSONB NOT NULL,
    "status" "inbound_message_status" NOT NULL,
    "outcome" JSONB NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL,
    "fingerprint" VARCHAR(64) NOT NULL,

    CONSTRAINT "inbound_messages_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "inbound_messages_hospital_id_message_id_key" ON "inbound_messages"("hospital_id", "message_id");

-- CreateIndex
CREATE INDEX "inbound_messages_hospital_id_received_at_idx" ON "inbound_messages"("hospital_id", "received_at");

-- CreateTable
CREATE TABLE "rejected_inbound_messages" (
    "id" UUID NOT NULL,
    "hospital_id" UUID NOT NULL,
    "message_id" VARCHAR(200) NOT NULL,
    "kind" VARCHAR(32) NOT NULL,
    "payload" JSONB NOT NULL,
    "status" VARCHAR(32) NOT NULL,
    "code" VARCHAR(100) NOT NULL,
    "message" TEXT NOT NULL,
    "violations" JSONB NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL,
    "fingerprint" VARCHAR(64) NOT NULL,

    CONSTRAINT "rejected_inbound_messages_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "rejected_inbound_messages_received_at_id_idx" ON "rejected_inbound_messages"("received_at", "id");

-- CreateIndex
CREATE INDEX "rejected_inbound_messages_hospital_id_received_at_idx" ON "rejected_inbound_messages"("hospital_id", "received_at");

-- CreateTable
CREATE TABLE "lab_reports" (
    "id" UUID NOT NULL,
    "hospital_id" UUID NOT NULL,
    "report_code" VARCHAR(64) NOT NULL,
    "patient_id" UUID,
    "patient_matched" BOOLEAN NOT NULL,
    "patient_key" VARCHAR(64),
    "patient" JSONB NOT NULL,
    "appointment_id" UUID,
    "hospital_appointment_code" VARCHAR(64) NOT NULL,
    "title" VARCHAR(200) NOT NULL,
    "specimen" VARCHAR(100) NOT NULL,
    "department_local_name" VARCHAR(200) NOT NULL,
    "ordering_doctor_name" VARCHAR(100) NOT NULL,
    "collected_at" TIMESTAMPTZ(3) NOT NULL,
    "reported_at" TIMESTAMPTZ(3) NOT NULL,
    "catalogue_version" VARCHAR(20) NOT NULL,
    "version" INTEGER NOT NULL,
    "inbound_message_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "lab_reports_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "lab_reports_hospital_id_report_code_key" ON "lab_reports"("hospital_id", "report_code");

-- CreateIndex
CREATE INDEX "lab_reports_patient_id_reported_at_idx" ON "lab_reports"("patient_id", "reported_at");

-- CreateIndex
CREATE INDEX "lab_reports_patient_key_idx" ON "lab_reports"("patient_key");

-- CreateTable
CREATE TABLE "lab_observations" (
    "report_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "loinc_code" VARCHAR(16) NOT NULL,
    "local_code" VARCHAR(64) NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "value" VARCHAR(200) NOT NULL,
    "unit" VARCHAR(50) NOT NULL,
    "reference_range" VARCHAR(200) NOT NULL,
    "hospital_flag" VARCHAR(20) NOT NULL,
    "status" VARCHAR(20) NOT NULL,
    "test_loinc" VARCHAR(16),
    "value_canonical" DOUBLE PRECISION,
    "comparator" VARCHAR(4),
    "unit_canonical" VARCHAR(50),
    "flag" VARCHAR(2),
    "critical" BOOLEAN NOT NULL,
    "range_low" DOUBLE PRECISION,
    "range_high" DOUBLE PRECISION,
    "range_text" VARCHAR(200),
    "notes" JSONB NOT NULL,

    CONSTRAINT "lab_observations_pkey" PRIMARY KEY ("report_id", "position")
);

-- AddForeignKey
ALTER TABLE "lab_observations" ADD CONSTRAINT "lab_observations_report_id_fkey" FOREIGN KEY ("report_id") REFERENCES "lab_reports"("id") ON DELETE CASCADE ON UPDATE CASCADE;
