-- Booking sagas (src/booking) and the inbox of the events hospital-integration consumes.
CREATE TABLE "booking_sagas" (
    "id" UUID NOT NULL,
    "appointment_id" UUID NOT NULL,
    "partner_id" VARCHAR(64) NOT NULL,
    "patient_id" VARCHAR(64) NOT NULL,
    "request" JSONB NOT NULL,
    "status" VARCHAR(24) NOT NULL,
    "step" VARCHAR(24) NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_run_at" TIMESTAMPTZ(3),
    "last_error" VARCHAR(1000) NOT NULL DEFAULT '',
    "results" JSONB NOT NULL,
    "pending_compensations" JSONB NOT NULL,
    "ending" JSONB,
    "cancel" JSONB,
    "lease_owner" VARCHAR(64),
    "lease_until" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "version" INTEGER NOT NULL,

    CONSTRAINT "booking_sagas_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "booking_sagas_appointment_id_key" ON "booking_sagas"("appointment_id");
CREATE INDEX "booking_sagas_next_run_at_idx" ON "booking_sagas"("next_run_at");
CREATE INDEX "booking_sagas_partner_id_patient_id_id_idx" ON "booking_sagas"("partner_id", "patient_id", "id");

CREATE TABLE "inbox_messages" (
    "consumer_group" TEXT NOT NULL,
    "message_id" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "partition" INTEGER NOT NULL,
    "offset" BIGINT NOT NULL,
    "type" TEXT NOT NULL,
    "processed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inbox_messages_pkey" PRIMARY KEY ("consumer_group", "message_id")
);
