-- The beheer list is ordered by PIP deadline (none last), then id. Within one gemeente the
-- (gemeente, pipDeadline) index serves it; the regional beheerder's list spans every gemeente
-- and sorted all its trajectories for the first page.
-- CreateIndex
CREATE INDEX "Trajectory_pipDeadline_id_idx" ON "Trajectory"("pipDeadline", "id");
