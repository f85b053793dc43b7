-- DropIndex
DROP INDEX "Person_gemeente_bsnHash_key";

-- AlterTable
ALTER TABLE "Trajectory" ADD COLUMN     "bsnHash" TEXT;

-- CreateTable
CREATE TABLE "StartRequest" (
    "id" TEXT NOT NULL,
    "gemeente" TEXT NOT NULL,
    "bsnHash" TEXT NOT NULL,
    "body" JSONB NOT NULL,
    "requestedBy" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'OPEN',
    "reason" TEXT,
    "trajectoryId" TEXT,
    "resolvedBy" TEXT,
    "resolvedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StartRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "StartRequest_status_createdAt_idx" ON "StartRequest"("status", "createdAt");

-- CreateIndex
CREATE INDEX "StartRequest_gemeente_bsnHash_idx" ON "StartRequest"("gemeente", "bsnHash");

-- CreateIndex
CREATE INDEX "Person_gemeente_bsnHash_idx" ON "Person"("gemeente", "bsnHash");

-- CreateIndex
CREATE INDEX "Person_bsnHash_idx" ON "Person"("bsnHash");

-- One running trajectory per person in the whole installation (hand-written: Prisma's schema
-- language has no partial indexes). Existing rows take the person's hash. Should a person
-- already have two running trajectories, only the oldest takes it (the other keeps NULL and a
-- beheerder resolves it), so the index can be built.
UPDATE "Trajectory" AS t SET "bsnHash" = p."bsnHash"
FROM "Person" AS p
WHERE p."trajectoryId" = t."id"
  AND t."id" = (
    SELECT t2."id" FROM "Trajectory" AS t2 JOIN "Person" AS p2 ON p2."trajectoryId" = t2."id"
    WHERE p2."bsnHash" = p."bsnHash" AND t2."status" NOT IN ('CLOSED', 'CANCELLED', 'TERMINATED')
    ORDER BY t2."createdAt", t2."id" LIMIT 1
  );
UPDATE "Trajectory" AS t SET "bsnHash" = p."bsnHash"
FROM "Person" AS p
WHERE p."trajectoryId" = t."id" AND t."bsnHash" IS NULL AND t."status" IN ('CLOSED', 'CANCELLED', 'TERMINATED');

CREATE UNIQUE INDEX "Trajectory_one_running_per_person" ON "Trajectory"("bsnHash")
WHERE "status" NOT IN ('CLOSED', 'CANCELLED', 'TERMINATED');
