-- ApiKey.subject is backfilled from label (where the API kept the subject until now).
-- DropIndex
DROP INDEX "InboxEvent_status_idx";

-- AlterTable
ALTER TABLE "ApiKey" ADD COLUMN     "subject" TEXT;
UPDATE "ApiKey" SET "subject" = "label";
ALTER TABLE "ApiKey" ALTER COLUMN "subject" SET NOT NULL;

-- AlterTable
ALTER TABLE "InboxEvent" ADD COLUMN     "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateIndex
CREATE INDEX "ApiKey_subject_idx" ON "ApiKey"("subject");

-- CreateIndex
CREATE INDEX "InboxEvent_status_nextAttemptAt_idx" ON "InboxEvent"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "InboxEvent_trajectoryId_idx" ON "InboxEvent"("trajectoryId");

-- AddForeignKey
ALTER TABLE "IntakeNote" ADD CONSTRAINT "IntakeNote_trajectoryId_fkey" FOREIGN KEY ("trajectoryId") REFERENCES "Trajectory"("id") ON DELETE CASCADE ON UPDATE CASCADE;
