-- CreateIndex
CREATE INDEX "Trajectory_heldMessages_gemeente_status_idx" ON "Trajectory"("heldMessages", "gemeente", "status");
