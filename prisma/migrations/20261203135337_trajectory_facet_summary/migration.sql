-- CreateTable
CREATE TABLE "TrajectoryFacetSummary" (
    "gemeente" TEXT NOT NULL,
    "phase" TEXT NOT NULL,
    "leerroute" TEXT NOT NULL,
    "targetGroup" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "slot" SMALLINT NOT NULL,
    "aantal" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "TrajectoryFacetSummary_pkey" PRIMARY KEY ("gemeente","phase","leerroute","targetGroup","status","slot")
);


-- The counts follow every change of "Trajectory" in the same transaction (statement triggers
-- with the changed rows, as the monitor's summaries): an insert adds one, a delete takes one
-- away, an update moves one from its old key to its new key (and writes nothing when the facets
-- and the status stayed the same: the sum is 0). Never refreshed. Spread over 16 slots by the
-- trajectory id and written in key order, so that concurrent turns neither queue behind one row
-- nor deadlock.
CREATE FUNCTION "TrajectoryFacetSummary_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "TrajectoryFacetSummary" AS s (gemeente, phase, leerroute, "targetGroup", status, slot, aantal)
    SELECT gemeente, phase, leerroute, "targetGroup", status, slot, sum(aantal)
    FROM (SELECT gemeente, phase, COALESCE(leerroute, '') AS leerroute, "targetGroup", status, (hashtext(id) & 15)::smallint AS slot, 1 AS aantal FROM new_rows) AS delta
    GROUP BY gemeente, phase, leerroute, "targetGroup", status, slot
    HAVING sum(aantal) <> 0
    ORDER BY gemeente, phase, leerroute, "targetGroup", status, slot
  ON CONFLICT (gemeente, phase, leerroute, "targetGroup", status, slot) DO UPDATE SET aantal = s.aantal + EXCLUDED.aantal;
  RETURN NULL;
END
$$;

CREATE FUNCTION "TrajectoryFacetSummary_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "TrajectoryFacetSummary" AS s (gemeente, phase, leerroute, "targetGroup", status, slot, aantal)
    SELECT gemeente, phase, leerroute, "targetGroup", status, slot, sum(aantal)
    FROM (SELECT gemeente, phase, COALESCE(leerroute, '') AS leerroute, "targetGroup", status, (hashtext(id) & 15)::smallint AS slot, -1 AS aantal FROM old_rows) AS delta
    GROUP BY gemeente, phase, leerroute, "targetGroup", status, slot
    HAVING sum(aantal) <> 0
    ORDER BY gemeente, phase, leerroute, "targetGroup", status, slot
  ON CONFLICT (gemeente, phase, leerroute, "targetGroup", status, slot) DO UPDATE SET aantal = s.aantal + EXCLUDED.aantal;
  RETURN NULL;
END
$$;

CREATE FUNCTION "TrajectoryFacetSummary_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "TrajectoryFacetSummary" AS s (gemeente, phase, leerroute, "targetGroup", status, slot, aantal)
    SELECT gemeente, phase, leerroute, "targetGroup", status, slot, sum(aantal)
    FROM (SELECT gemeente, phase, COALESCE(leerroute, '') AS leerroute, "targetGroup", status, (hashtext(id) & 15)::smallint AS slot, 1 AS aantal FROM new_rows
      UNION ALL
      SELECT gemeente, phase, COALESCE(leerroute, '') AS leerroute, "targetGroup", status, (hashtext(id) & 15)::smallint AS slot, -1 AS aantal FROM old_rows) AS delta
    GROUP BY gemeente, phase, leerroute, "targetGroup", status, slot
    HAVING sum(aantal) <> 0
    ORDER BY gemeente, phase, leerroute, "targetGroup", status, slot
  ON CONFLICT (gemeente, phase, leerroute, "targetGroup", status, slot) DO UPDATE SET aantal = s.aantal + EXCLUDED.aantal;
  RETURN NULL;
END
$$;

CREATE FUNCTION "TrajectoryFacetSummary_truncate"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "TrajectoryFacetSummary";
  RETURN NULL;
END
$$;

CREATE TRIGGER "TrajectoryFacetSummary_insert" AFTER INSERT ON "Trajectory"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "TrajectoryFacetSummary_insert"();
CREATE TRIGGER "TrajectoryFacetSummary_update" AFTER UPDATE ON "Trajectory"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "TrajectoryFacetSummary_update"();
CREATE TRIGGER "TrajectoryFacetSummary_delete" AFTER DELETE ON "Trajectory"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "TrajectoryFacetSummary_delete"();
CREATE TRIGGER "TrajectoryFacetSummary_truncate" AFTER TRUNCATE ON "Trajectory"
  FOR EACH STATEMENT EXECUTE FUNCTION "TrajectoryFacetSummary_truncate"();

-- The trajectories there are now.
INSERT INTO "TrajectoryFacetSummary" (gemeente, phase, leerroute, "targetGroup", status, slot, aantal)
  SELECT gemeente, phase, leerroute, "targetGroup", status, slot, sum(aantal)
  FROM (SELECT gemeente, phase, COALESCE(leerroute, '') AS leerroute, "targetGroup", status, (hashtext(id) & 15)::smallint AS slot, 1 AS aantal FROM "Trajectory") AS now
  GROUP BY gemeente, phase, leerroute, "targetGroup", status, slot;
