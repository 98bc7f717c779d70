-- CreateEnum
CREATE TYPE "partner_client_status" AS ENUM ('ACTIVE', 'SUSPENDED');

-- CreateTable
CREATE TABLE "partner_clients" (
    "id" UUID NOT NULL,
    "client_id" VARCHAR(64) NOT NULL,
    "partner_name" VARCHAR(200) NOT NULL,
    "secret_hash" VARCHAR(255) NOT NULL,
    "scopes" TEXT[],
    "rate_limit_per_minute" INTEGER NOT NULL,
    "status" "partner_client_status" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "partner_clients_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "partner_clients_client_id_key" ON "partner_clients"("client_id");
