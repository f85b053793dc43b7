-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN     "consent" JSONB;
