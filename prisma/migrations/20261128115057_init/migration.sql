-- CreateTable
CREATE TABLE "Trajectory" (
    "id" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "gemeente" TEXT NOT NULL,
    "targetGroup" TEXT NOT NULL,
    "ondertussengroep" BOOLEAN NOT NULL DEFAULT false,
    "onBijstand" BOOLEAN NOT NULL DEFAULT false,
    "phase" TEXT NOT NULL,
    "leerroute" TEXT,
    "consulentId" TEXT,
    "pipDeadline" DATE,
    "termijnEnd" DATE,
    "status" TEXT NOT NULL DEFAULT 'ACTIVE',
    "closeReason" TEXT,
    "state" JSONB,
    "stateVersion" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Trajectory_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Person" (
    "trajectoryId" TEXT NOT NULL,
    "gemeente" TEXT NOT NULL,
    "bsnHash" TEXT NOT NULL,
    "bsn" TEXT NOT NULL,
    "naam" TEXT,
    "geboortedatum" DATE,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Person_pkey" PRIMARY KEY ("trajectoryId")
);

-- CreateTable
CREATE TABLE "IntakeNote" (
    "id" TEXT NOT NULL,
    "trajectoryId" TEXT NOT NULL,
    "leefgebied" TEXT,
    "text" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IntakeNote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Task" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "trajectoryId" TEXT NOT NULL,
    "gemeente" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "dueDate" DATE,
    "audience" TEXT NOT NULL DEFAULT 'CONSULENT',
    "status" TEXT NOT NULL DEFAULT 'OPEN',
    "assigneeId" TEXT,
    "result" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "Task_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MonitorEvent" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "trajectoryId" TEXT NOT NULL,
    "gemeente" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "data" JSONB,
    "occurredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MonitorEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Partner" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "endpointUrl" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Partner_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PartnerAssignment" (
    "partnerId" TEXT NOT NULL,
    "trajectoryId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PartnerAssignment_pkey" PRIMARY KEY ("partnerId","trajectoryId")
);

-- CreateTable
CREATE TABLE "InboxEvent" (
    "id" TEXT NOT NULL,
    "partnerId" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "bodyHash" TEXT NOT NULL,
    "trajectoryId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'RECEIVED',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliveredAt" TIMESTAMP(3),

    CONSTRAINT "InboxEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboxMessage" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "trajectoryId" TEXT,
    "recipient" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "payloadRef" TEXT,
    "payload" JSONB,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliveredAt" TIMESTAMP(3),

    CONSTRAINT "OutboxMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "trajectoryId" TEXT,
    "reason" TEXT,
    "details" JSONB,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "gemeente" TEXT,
    "partnerId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),
    "lastUsedAt" TIMESTAMP(3),

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Trajectory_workflowId_key" ON "Trajectory"("workflowId");

-- CreateIndex
CREATE INDEX "Trajectory_gemeente_phase_idx" ON "Trajectory"("gemeente", "phase");

-- CreateIndex
CREATE INDEX "Trajectory_gemeente_pipDeadline_idx" ON "Trajectory"("gemeente", "pipDeadline");

-- CreateIndex
CREATE INDEX "Trajectory_gemeente_termijnEnd_idx" ON "Trajectory"("gemeente", "termijnEnd");

-- CreateIndex
CREATE UNIQUE INDEX "Person_gemeente_bsnHash_key" ON "Person"("gemeente", "bsnHash");

-- CreateIndex
CREATE INDEX "IntakeNote_trajectoryId_idx" ON "IntakeNote"("trajectoryId");

-- CreateIndex
CREATE UNIQUE INDEX "Task_key_key" ON "Task"("key");

-- CreateIndex
CREATE INDEX "Task_gemeente_status_dueDate_idx" ON "Task"("gemeente", "status", "dueDate");

-- CreateIndex
CREATE INDEX "Task_trajectoryId_status_idx" ON "Task"("trajectoryId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "MonitorEvent_key_key" ON "MonitorEvent"("key");

-- CreateIndex
CREATE INDEX "MonitorEvent_gemeente_type_idx" ON "MonitorEvent"("gemeente", "type");

-- CreateIndex
CREATE INDEX "InboxEvent_status_idx" ON "InboxEvent"("status");

-- CreateIndex
CREATE UNIQUE INDEX "InboxEvent_partnerId_idempotencyKey_key" ON "InboxEvent"("partnerId", "idempotencyKey");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxMessage_key_key" ON "OutboxMessage"("key");

-- CreateIndex
CREATE INDEX "OutboxMessage_status_idx" ON "OutboxMessage"("status");

-- CreateIndex
CREATE INDEX "AuditLog_trajectoryId_idx" ON "AuditLog"("trajectoryId");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_prefix_key" ON "ApiKey"("prefix");

-- AddForeignKey
ALTER TABLE "Person" ADD CONSTRAINT "Person_trajectoryId_fkey" FOREIGN KEY ("trajectoryId") REFERENCES "Trajectory"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_trajectoryId_fkey" FOREIGN KEY ("trajectoryId") REFERENCES "Trajectory"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PartnerAssignment" ADD CONSTRAINT "PartnerAssignment_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "Partner"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PartnerAssignment" ADD CONSTRAINT "PartnerAssignment_trajectoryId_fkey" FOREIGN KEY ("trajectoryId") REFERENCES "Trajectory"("id") ON DELETE CASCADE ON UPDATE CASCADE;
