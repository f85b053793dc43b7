-- DropIndex
DROP INDEX "Trajectory_gemeente_phase_idx";

-- DropIndex
DROP INDEX "Trajectory_gemeente_pipDeadline_idx";

-- CreateIndex
CREATE INDEX "Task_gemeente_audience_status_dueDate_createdAt_id_idx" ON "Task"("gemeente", "audience", "status", "dueDate", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Trajectory_gemeente_phase_leerroute_targetGroup_status_idx" ON "Trajectory"("gemeente", "phase", "leerroute", "targetGroup", "status");

-- CreateIndex
CREATE INDEX "Trajectory_gemeente_pipDeadline_id_idx" ON "Trajectory"("gemeente", "pipDeadline", "id");
