-- AlterTable
ALTER TABLE "MonitorEvent" ADD COLUMN     "occurredOn" DATE;

-- AlterTable
ALTER TABLE "Task" ALTER COLUMN "trajectoryId" DROP NOT NULL;

-- AlterTable
ALTER TABLE "Trajectory" ADD COLUMN     "closedOn" DATE,
ADD COLUMN     "examLevel" TEXT,
ADD COLUMN     "firstPipDagtekening" DATE,
ADD COLUMN     "firstPipDeadline" DATE,
ADD COLUMN     "heldMessages" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "hoursMap" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "hoursParticipatie" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "hoursPvt" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "hoursTaalKnm" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "instroomOn" DATE,
ADD COLUMN     "knmDone" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "mapDone" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "ontzorgenEnd" DATE,
ADD COLUMN     "ontzorgenStart" DATE,
ADD COLUMN     "pipClockSource" TEXT,
ADD COLUMN     "pipClockStart" DATE,
ADD COLUMN     "pvtDone" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "termijnStart" DATE;

-- CreateTable
CREATE TABLE "SwiDelivery" (
    "gemeente" TEXT NOT NULL,
    "quarter" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'OPEN',
    "dueDate" DATE NOT NULL,
    "records" INTEGER NOT NULL DEFAULT 0,
    "xml" TEXT,
    "csv" TEXT,
    "generatedAt" TIMESTAMP(3),
    "downloadedAt" TIMESTAMP(3),
    "deliveredAt" TIMESTAMP(3),
    "deliveredBy" TEXT,
    "escalatedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SwiDelivery_pkey" PRIMARY KEY ("gemeente","quarter")
);

-- CreateIndex
CREATE INDEX "SwiDelivery_status_dueDate_idx" ON "SwiDelivery"("status", "dueDate");

-- CreateIndex
CREATE INDEX "MonitorEvent_type_occurredOn_gemeente_idx" ON "MonitorEvent"("type", "occurredOn", "gemeente");

-- CreateIndex
CREATE INDEX "OutboxMessage_recipient_status_idx" ON "OutboxMessage"("recipient", "status");

-- CreateIndex
CREATE INDEX "OutboxMessage_status_deliveredAt_idx" ON "OutboxMessage"("status", "deliveredAt");

-- CreateIndex
CREATE INDEX "OutboxMessage_status_createdAt_idx" ON "OutboxMessage"("status", "createdAt");

-- CreateIndex
CREATE INDEX "Task_gemeente_type_dueDate_idx" ON "Task"("gemeente", "type", "dueDate");

-- CreateIndex
CREATE INDEX "Trajectory_gemeente_instroomOn_idx" ON "Trajectory"("gemeente", "instroomOn");

-- CreateIndex
CREATE INDEX "Trajectory_gemeente_firstPipDagtekening_idx" ON "Trajectory"("gemeente", "firstPipDagtekening");

-- CreateIndex
CREATE INDEX "Trajectory_gemeente_firstPipDeadline_idx" ON "Trajectory"("gemeente", "firstPipDeadline");

-- CreateIndex
CREATE INDEX "Trajectory_gemeente_closedOn_idx" ON "Trajectory"("gemeente", "closedOn");

-- CreateIndex
CREATE INDEX "Trajectory_gemeente_termijnStart_idx" ON "Trajectory"("gemeente", "termijnStart");

-- CreateIndex
CREATE INDEX "Trajectory_gemeente_ontzorgenStart_idx" ON "Trajectory"("gemeente", "ontzorgenStart");

