-- CreateTable
CREATE TABLE "Beschikking" (
    "id" TEXT NOT NULL,
    "trajectoryId" TEXT NOT NULL,
    "gemeente" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "dagtekening" TEXT NOT NULL,
    "pdf" BYTEA NOT NULL,
    "sha256" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Beschikking_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Beschikking_trajectoryId_idx" ON "Beschikking"("trajectoryId");

-- AddForeignKey
ALTER TABLE "Beschikking" ADD CONSTRAINT "Beschikking_trajectoryId_fkey" FOREIGN KEY ("trajectoryId") REFERENCES "Trajectory"("id") ON DELETE CASCADE ON UPDATE CASCADE;
