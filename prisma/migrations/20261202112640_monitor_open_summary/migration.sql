-- CreateTable
CREATE TABLE "MonitorOpenSummary" (
    "gemeente" TEXT NOT NULL,
    "begun" DATE NOT NULL,
    "trajecten" INTEGER NOT NULL DEFAULT 0,
    "pvt" INTEGER NOT NULL DEFAULT 0,
    "map" INTEGER NOT NULL DEFAULT 0,
    "knm" INTEGER NOT NULL DEFAULT 0,
    "hoursTaalKnm" BIGINT NOT NULL DEFAULT 0,
    "hoursParticipatie" BIGINT NOT NULL DEFAULT 0,
    "hoursMap" BIGINT NOT NULL DEFAULT 0,
    "hoursPvt" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "MonitorOpenSummary_pkey" PRIMARY KEY ("gemeente","begun")
);

-- CreateIndex
CREATE INDEX "Trajectory_gemeente_ontzorgenEnd_idx" ON "Trajectory"("gemeente", "ontzorgenEnd");

-- The summary follows every change of "Trajectory" in the same transaction: one statement
-- trigger per operation adds the contribution of the new rows and takes off that of the old
-- ones (a change that moves nothing of the summary writes nothing). Rows are locked in key
-- order. Never refreshed, never stale.
CREATE FUNCTION "MonitorOpenSummary_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "MonitorOpenSummary" AS s (gemeente, begun, "trajecten", "pvt", "map", "knm", "hoursTaalKnm", "hoursParticipatie", "hoursMap", "hoursPvt")
    SELECT gemeente, begun, sum("trajecten"), sum("pvt"), sum("map"), sum("knm"), sum("hoursTaalKnm"), sum("hoursParticipatie"), sum("hoursMap"), sum("hoursPvt")
    FROM (SELECT gemeente,
        COALESCE("instroomOn", (("createdAt" AT TIME ZONE 'UTC') AT TIME ZONE 'Europe/Amsterdam')::date) AS begun,
        1 AS trajecten, 1 * "pvtDone"::int AS pvt, 1 * "mapDone"::int AS map, 1 * "knmDone"::int AS knm,
        1 * "hoursTaalKnm"::bigint AS "hoursTaalKnm", 1 * "hoursParticipatie"::bigint AS "hoursParticipatie",
        1 * "hoursMap"::bigint AS "hoursMap", 1 * "hoursPvt"::bigint AS "hoursPvt"
      FROM new_rows WHERE status <> 'CANCELLED' AND "closedOn" IS NULL) AS delta
    GROUP BY gemeente, begun
    HAVING sum("trajecten") <> 0 OR sum("pvt") <> 0 OR sum("map") <> 0 OR sum("knm") <> 0 OR sum("hoursTaalKnm") <> 0 OR sum("hoursParticipatie") <> 0 OR sum("hoursMap") <> 0 OR sum("hoursPvt") <> 0
    ORDER BY gemeente, begun
  ON CONFLICT (gemeente, begun) DO UPDATE SET "trajecten" = s."trajecten" + EXCLUDED."trajecten", "pvt" = s."pvt" + EXCLUDED."pvt", "map" = s."map" + EXCLUDED."map", "knm" = s."knm" + EXCLUDED."knm", "hoursTaalKnm" = s."hoursTaalKnm" + EXCLUDED."hoursTaalKnm", "hoursParticipatie" = s."hoursParticipatie" + EXCLUDED."hoursParticipatie", "hoursMap" = s."hoursMap" + EXCLUDED."hoursMap", "hoursPvt" = s."hoursPvt" + EXCLUDED."hoursPvt";
  RETURN NULL;
END
$$;

CREATE FUNCTION "MonitorOpenSummary_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "MonitorOpenSummary" AS s (gemeente, begun, "trajecten", "pvt", "map", "knm", "hoursTaalKnm", "hoursParticipatie", "hoursMap", "hoursPvt")
    SELECT gemeente, begun, sum("trajecten"), sum("pvt"), sum("map"), sum("knm"), sum("hoursTaalKnm"), sum("hoursParticipatie"), sum("hoursMap"), sum("hoursPvt")
    FROM (SELECT gemeente,
        COALESCE("instroomOn", (("createdAt" AT TIME ZONE 'UTC') AT TIME ZONE 'Europe/Amsterdam')::date) AS begun,
        -1 AS trajecten, -1 * "pvtDone"::int AS pvt, -1 * "mapDone"::int AS map, -1 * "knmDone"::int AS knm,
        -1 * "hoursTaalKnm"::bigint AS "hoursTaalKnm", -1 * "hoursParticipatie"::bigint AS "hoursParticipatie",
        -1 * "hoursMap"::bigint AS "hoursMap", -1 * "hoursPvt"::bigint AS "hoursPvt"
      FROM old_rows WHERE status <> 'CANCELLED' AND "closedOn" IS NULL) AS delta
    GROUP BY gemeente, begun
    HAVING sum("trajecten") <> 0 OR sum("pvt") <> 0 OR sum("map") <> 0 OR sum("knm") <> 0 OR sum("hoursTaalKnm") <> 0 OR sum("hoursParticipatie") <> 0 OR sum("hoursMap") <> 0 OR sum("hoursPvt") <> 0
    ORDER BY gemeente, begun
  ON CONFLICT (gemeente, begun) DO UPDATE SET "trajecten" = s."trajecten" + EXCLUDED."trajecten", "pvt" = s."pvt" + EXCLUDED."pvt", "map" = s."map" + EXCLUDED."map", "knm" = s."knm" + EXCLUDED."knm", "hoursTaalKnm" = s."hoursTaalKnm" + EXCLUDED."hoursTaalKnm", "hoursParticipatie" = s."hoursParticipatie" + EXCLUDED."hoursParticipatie", "hoursMap" = s."hoursMap" + EXCLUDED."hoursMap", "hoursPvt" = s."hoursPvt" + EXCLUDED."hoursPvt";
  RETURN NULL;
END
$$;

CREATE FUNCTION "MonitorOpenSummary_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "MonitorOpenSummary" AS s (gemeente, begun, "trajecten", "pvt", "map", "knm", "hoursTaalKnm", "hoursParticipatie", "hoursMap", "hoursPvt")
    SELECT gemeente, begun, sum("trajecten"), sum("pvt"), sum("map"), sum("knm"), sum("hoursTaalKnm"), sum("hoursParticipatie"), sum("hoursMap"), sum("hoursPvt")
    FROM (SELECT gemeente,
        COALESCE("instroomOn", (("createdAt" AT TIME ZONE 'UTC') AT TIME ZONE 'Europe/Amsterdam')::date) AS begun,
        1 AS trajecten, 1 * "pvtDone"::int AS pvt, 1 * "mapDone"::int AS map, 1 * "knmDone"::int AS knm,
        1 * "hoursTaalKnm"::bigint AS "hoursTaalKnm", 1 * "hoursParticipatie"::bigint AS "hoursParticipatie",
        1 * "hoursMap"::bigint AS "hoursMap", 1 * "hoursPvt"::bigint AS "hoursPvt"
      FROM new_rows WHERE status <> 'CANCELLED' AND "closedOn" IS NULL
      UNION ALL
      SELECT gemeente,
        COALESCE("instroomOn", (("createdAt" AT TIME ZONE 'UTC') AT TIME ZONE 'Europe/Amsterdam')::date) AS begun,
        -1 AS trajecten, -1 * "pvtDone"::int AS pvt, -1 * "mapDone"::int AS map, -1 * "knmDone"::int AS knm,
        -1 * "hoursTaalKnm"::bigint AS "hoursTaalKnm", -1 * "hoursParticipatie"::bigint AS "hoursParticipatie",
        -1 * "hoursMap"::bigint AS "hoursMap", -1 * "hoursPvt"::bigint AS "hoursPvt"
      FROM old_rows WHERE status <> 'CANCELLED' AND "closedOn" IS NULL) AS delta
    GROUP BY gemeente, begun
    HAVING sum("trajecten") <> 0 OR sum("pvt") <> 0 OR sum("map") <> 0 OR sum("knm") <> 0 OR sum("hoursTaalKnm") <> 0 OR sum("hoursParticipatie") <> 0 OR sum("hoursMap") <> 0 OR sum("hoursPvt") <> 0
    ORDER BY gemeente, begun
  ON CONFLICT (gemeente, begun) DO UPDATE SET "trajecten" = s."trajecten" + EXCLUDED."trajecten", "pvt" = s."pvt" + EXCLUDED."pvt", "map" = s."map" + EXCLUDED."map", "knm" = s."knm" + EXCLUDED."knm", "hoursTaalKnm" = s."hoursTaalKnm" + EXCLUDED."hoursTaalKnm", "hoursParticipatie" = s."hoursParticipatie" + EXCLUDED."hoursParticipatie", "hoursMap" = s."hoursMap" + EXCLUDED."hoursMap", "hoursPvt" = s."hoursPvt" + EXCLUDED."hoursPvt";
  RETURN NULL;
END
$$;

CREATE TRIGGER "MonitorOpenSummary_insert" AFTER INSERT ON "Trajectory"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "MonitorOpenSummary_insert"();
CREATE TRIGGER "MonitorOpenSummary_update" AFTER UPDATE ON "Trajectory"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "MonitorOpenSummary_update"();
CREATE TRIGGER "MonitorOpenSummary_delete" AFTER DELETE ON "Trajectory"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "MonitorOpenSummary_delete"();

CREATE FUNCTION "MonitorOpenSummary_truncate"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "MonitorOpenSummary";
  RETURN NULL;
END
$$;
CREATE TRIGGER "MonitorOpenSummary_truncate" AFTER TRUNCATE ON "Trajectory"
  FOR EACH STATEMENT EXECUTE FUNCTION "MonitorOpenSummary_truncate"();

-- The trajectories there are now.
INSERT INTO "MonitorOpenSummary" (gemeente, begun, "trajecten", "pvt", "map", "knm", "hoursTaalKnm", "hoursParticipatie", "hoursMap", "hoursPvt")
  SELECT gemeente, begun, sum("trajecten"), sum("pvt"), sum("map"), sum("knm"), sum("hoursTaalKnm"), sum("hoursParticipatie"), sum("hoursMap"), sum("hoursPvt")
  FROM (SELECT gemeente,
        COALESCE("instroomOn", (("createdAt" AT TIME ZONE 'UTC') AT TIME ZONE 'Europe/Amsterdam')::date) AS begun,
        1 AS trajecten, 1 * "pvtDone"::int AS pvt, 1 * "mapDone"::int AS map, 1 * "knmDone"::int AS knm,
        1 * "hoursTaalKnm"::bigint AS "hoursTaalKnm", 1 * "hoursParticipatie"::bigint AS "hoursParticipatie",
        1 * "hoursMap"::bigint AS "hoursMap", 1 * "hoursPvt"::bigint AS "hoursPvt"
      FROM "Trajectory" WHERE status <> 'CANCELLED' AND "closedOn" IS NULL) AS now
  GROUP BY gemeente, begun;
