-- The monitor's summaries are spread over 16 slots per key (the row's own id hashed), so that
-- turns of different trajectories of one gemeente no longer queue behind one summary row.
-- Before, every change of a gemeente's open trajectories (hours reported, a module done), its
-- voortgangsgesprek tasks and its pending outbox messages updated the same row, held locked
-- until the writing transaction committed: under load the workflow turns of a whole gemeente
-- waited for each other (seen in pg_stat_activity as Lock:transactionid on the projection's
-- UPDATE, the Task and the OutboxMessage INSERT). Readers sum over the slots; a row's add and
-- subtract use the same slot (same id, same function), and a sum over the slots is exact
-- whatever slot a change used, so the rows already there stay in slot 0.

ALTER TABLE "MonitorOpenSummary" ADD COLUMN "slot" SMALLINT NOT NULL DEFAULT 0;
ALTER TABLE "MonitorOpenSummary" DROP CONSTRAINT "MonitorOpenSummary_pkey";
ALTER TABLE "MonitorOpenSummary" ADD CONSTRAINT "MonitorOpenSummary_pkey" PRIMARY KEY ("gemeente", "begun", "slot");

ALTER TABLE "MonitorTalkSummary" ADD COLUMN "slot" SMALLINT NOT NULL DEFAULT 0;
ALTER TABLE "MonitorTalkSummary" DROP CONSTRAINT "MonitorTalkSummary_pkey";
ALTER TABLE "MonitorTalkSummary" ADD CONSTRAINT "MonitorTalkSummary_pkey" PRIMARY KEY ("gemeente", "dueDate", "uitkomst", "slot");

ALTER TABLE "MonitorOutboxPending" ADD COLUMN "slot" SMALLINT NOT NULL DEFAULT 0;
ALTER TABLE "MonitorOutboxPending" DROP CONSTRAINT "MonitorOutboxPending_pkey";
ALTER TABLE "MonitorOutboxPending" ADD CONSTRAINT "MonitorOutboxPending_pkey" PRIMARY KEY ("gemeente", "recipient", "status", "slot");

CREATE OR REPLACE FUNCTION "MonitorOpenSummary_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "MonitorOpenSummary" AS s (gemeente, begun, slot, "trajecten", "pvt", "map", "knm", "hoursTaalKnm", "hoursParticipatie", "hoursMap", "hoursPvt")
    SELECT gemeente, begun, slot, sum("trajecten"), sum("pvt"), sum("map"), sum("knm"), sum("hoursTaalKnm"), sum("hoursParticipatie"), sum("hoursMap"), sum("hoursPvt")
    FROM (SELECT gemeente,
        COALESCE("instroomOn", (("createdAt" AT TIME ZONE 'UTC') AT TIME ZONE 'Europe/Amsterdam')::date) AS begun,
        (hashtext(id) & 15)::smallint AS slot,
        1 AS trajecten, 1 * "pvtDone"::int AS pvt, 1 * "mapDone"::int AS map, 1 * "knmDone"::int AS knm,
        1 * "hoursTaalKnm"::bigint AS "hoursTaalKnm", 1 * "hoursParticipatie"::bigint AS "hoursParticipatie",
        1 * "hoursMap"::bigint AS "hoursMap", 1 * "hoursPvt"::bigint AS "hoursPvt"
      FROM new_rows WHERE status <> 'CANCELLED' AND "closedOn" IS NULL) AS delta
    GROUP BY gemeente, begun, slot
    HAVING sum("trajecten") <> 0 OR sum("pvt") <> 0 OR sum("map") <> 0 OR sum("knm") <> 0 OR sum("hoursTaalKnm") <> 0 OR sum("hoursParticipatie") <> 0 OR sum("hoursMap") <> 0 OR sum("hoursPvt") <> 0
    ORDER BY gemeente, begun, slot
  ON CONFLICT (gemeente, begun, slot) DO UPDATE SET "trajecten" = s."trajecten" + EXCLUDED."trajecten", "pvt" = s."pvt" + EXCLUDED."pvt", "map" = s."map" + EXCLUDED."map", "knm" = s."knm" + EXCLUDED."knm", "hoursTaalKnm" = s."hoursTaalKnm" + EXCLUDED."hoursTaalKnm", "hoursParticipatie" = s."hoursParticipatie" + EXCLUDED."hoursParticipatie", "hoursMap" = s."hoursMap" + EXCLUDED."hoursMap", "hoursPvt" = s."hoursPvt" + EXCLUDED."hoursPvt";
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION "MonitorOpenSummary_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "MonitorOpenSummary" AS s (gemeente, begun, slot, "trajecten", "pvt", "map", "knm", "hoursTaalKnm", "hoursParticipatie", "hoursMap", "hoursPvt")
    SELECT gemeente, begun, slot, sum("trajecten"), sum("pvt"), sum("map"), sum("knm"), sum("hoursTaalKnm"), sum("hoursParticipatie"), sum("hoursMap"), sum("hoursPvt")
    FROM (SELECT gemeente,
        COALESCE("instroomOn", (("createdAt" AT TIME ZONE 'UTC') AT TIME ZONE 'Europe/Amsterdam')::date) AS begun,
        (hashtext(id) & 15)::smallint AS slot,
        -1 AS trajecten, -1 * "pvtDone"::int AS pvt, -1 * "mapDone"::int AS map, -1 * "knmDone"::int AS knm,
        -1 * "hoursTaalKnm"::bigint AS "hoursTaalKnm", -1 * "hoursParticipatie"::bigint AS "hoursParticipatie",
        -1 * "hoursMap"::bigint AS "hoursMap", -1 * "hoursPvt"::bigint AS "hoursPvt"
      FROM old_rows WHERE status <> 'CANCELLED' AND "closedOn" IS NULL) AS delta
    GROUP BY gemeente, begun, slot
    HAVING sum("trajecten") <> 0 OR sum("pvt") <> 0 OR sum("map") <> 0 OR sum("knm") <> 0 OR sum("hoursTaalKnm") <> 0 OR sum("hoursParticipatie") <> 0 OR sum("hoursMap") <> 0 OR sum("hoursPvt") <> 0
    ORDER BY gemeente, begun, slot
  ON CONFLICT (gemeente, begun, slot) DO UPDATE SET "trajecten" = s."trajecten" + EXCLUDED."trajecten", "pvt" = s."pvt" + EXCLUDED."pvt", "map" = s."map" + EXCLUDED."map", "knm" = s."knm" + EXCLUDED."knm", "hoursTaalKnm" = s."hoursTaalKnm" + EXCLUDED."hoursTaalKnm", "hoursParticipatie" = s."hoursParticipatie" + EXCLUDED."hoursParticipatie", "hoursMap" = s."hoursMap" + EXCLUDED."hoursMap", "hoursPvt" = s."hoursPvt" + EXCLUDED."hoursPvt";
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION "MonitorOpenSummary_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "MonitorOpenSummary" AS s (gemeente, begun, slot, "trajecten", "pvt", "map", "knm", "hoursTaalKnm", "hoursParticipatie", "hoursMap", "hoursPvt")
    SELECT gemeente, begun, slot, sum("trajecten"), sum("pvt"), sum("map"), sum("knm"), sum("hoursTaalKnm"), sum("hoursParticipatie"), sum("hoursMap"), sum("hoursPvt")
    FROM (SELECT gemeente,
        COALESCE("instroomOn", (("createdAt" AT TIME ZONE 'UTC') AT TIME ZONE 'Europe/Amsterdam')::date) AS begun,
        (hashtext(id) & 15)::smallint AS slot,
        1 AS trajecten, 1 * "pvtDone"::int AS pvt, 1 * "mapDone"::int AS map, 1 * "knmDone"::int AS knm,
        1 * "hoursTaalKnm"::bigint AS "hoursTaalKnm", 1 * "hoursParticipatie"::bigint AS "hoursParticipatie",
        1 * "hoursMap"::bigint AS "hoursMap", 1 * "hoursPvt"::bigint AS "hoursPvt"
      FROM new_rows WHERE status <> 'CANCELLED' AND "closedOn" IS NULL
      UNION ALL
      SELECT gemeente,
        COALESCE("instroomOn", (("createdAt" AT TIME ZONE 'UTC') AT TIME ZONE 'Europe/Amsterdam')::date) AS begun,
        (hashtext(id) & 15)::smallint AS slot,
        -1 AS trajecten, -1 * "pvtDone"::int AS pvt, -1 * "mapDone"::int AS map, -1 * "knmDone"::int AS knm,
        -1 * "hoursTaalKnm"::bigint AS "hoursTaalKnm", -1 * "hoursParticipatie"::bigint AS "hoursParticipatie",
        -1 * "hoursMap"::bigint AS "hoursMap", -1 * "hoursPvt"::bigint AS "hoursPvt"
      FROM old_rows WHERE status <> 'CANCELLED' AND "closedOn" IS NULL) AS delta
    GROUP BY gemeente, begun, slot
    HAVING sum("trajecten") <> 0 OR sum("pvt") <> 0 OR sum("map") <> 0 OR sum("knm") <> 0 OR sum("hoursTaalKnm") <> 0 OR sum("hoursParticipatie") <> 0 OR sum("hoursMap") <> 0 OR sum("hoursPvt") <> 0
    ORDER BY gemeente, begun, slot
  ON CONFLICT (gemeente, begun, slot) DO UPDATE SET "trajecten" = s."trajecten" + EXCLUDED."trajecten", "pvt" = s."pvt" + EXCLUDED."pvt", "map" = s."map" + EXCLUDED."map", "knm" = s."knm" + EXCLUDED."knm", "hoursTaalKnm" = s."hoursTaalKnm" + EXCLUDED."hoursTaalKnm", "hoursParticipatie" = s."hoursParticipatie" + EXCLUDED."hoursParticipatie", "hoursMap" = s."hoursMap" + EXCLUDED."hoursMap", "hoursPvt" = s."hoursPvt" + EXCLUDED."hoursPvt";
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION "MonitorTalkSummary_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "MonitorTalkSummary" AS s (gemeente, "dueDate", uitkomst, slot, aantal)
    SELECT gemeente, "dueDate", uitkomst, slot, sum(aantal)
    FROM (SELECT gemeente, "dueDate", "MonitorTalkSummary_uitkomst"(status, result, "closedAt", "dueDate") AS uitkomst, (hashtext(id) & 15)::smallint AS slot, 1 AS aantal
      FROM new_rows WHERE type = 'VOORTGANGSGESPREK' AND "dueDate" IS NOT NULL) AS delta
    GROUP BY gemeente, "dueDate", uitkomst, slot
    HAVING sum(aantal) <> 0
    ORDER BY gemeente, "dueDate", uitkomst, slot
  ON CONFLICT (gemeente, "dueDate", uitkomst, slot) DO UPDATE SET aantal = s.aantal + EXCLUDED.aantal;
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION "MonitorTalkSummary_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "MonitorTalkSummary" AS s (gemeente, "dueDate", uitkomst, slot, aantal)
    SELECT gemeente, "dueDate", uitkomst, slot, sum(aantal)
    FROM (SELECT gemeente, "dueDate", "MonitorTalkSummary_uitkomst"(status, result, "closedAt", "dueDate") AS uitkomst, (hashtext(id) & 15)::smallint AS slot, -1 AS aantal
      FROM old_rows WHERE type = 'VOORTGANGSGESPREK' AND "dueDate" IS NOT NULL) AS delta
    GROUP BY gemeente, "dueDate", uitkomst, slot
    HAVING sum(aantal) <> 0
    ORDER BY gemeente, "dueDate", uitkomst, slot
  ON CONFLICT (gemeente, "dueDate", uitkomst, slot) DO UPDATE SET aantal = s.aantal + EXCLUDED.aantal;
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION "MonitorTalkSummary_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "MonitorTalkSummary" AS s (gemeente, "dueDate", uitkomst, slot, aantal)
    SELECT gemeente, "dueDate", uitkomst, slot, sum(aantal)
    FROM (SELECT gemeente, "dueDate", "MonitorTalkSummary_uitkomst"(status, result, "closedAt", "dueDate") AS uitkomst, (hashtext(id) & 15)::smallint AS slot, 1 AS aantal
      FROM new_rows WHERE type = 'VOORTGANGSGESPREK' AND "dueDate" IS NOT NULL
      UNION ALL
      SELECT gemeente, "dueDate", "MonitorTalkSummary_uitkomst"(status, result, "closedAt", "dueDate") AS uitkomst, (hashtext(id) & 15)::smallint AS slot, -1 AS aantal
      FROM old_rows WHERE type = 'VOORTGANGSGESPREK' AND "dueDate" IS NOT NULL) AS delta
    GROUP BY gemeente, "dueDate", uitkomst, slot
    HAVING sum(aantal) <> 0
    ORDER BY gemeente, "dueDate", uitkomst, slot
  ON CONFLICT (gemeente, "dueDate", uitkomst, slot) DO UPDATE SET aantal = s.aantal + EXCLUDED.aantal;
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION "MonitorOutboxPending_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "MonitorOutboxPending" AS s (gemeente, recipient, status, slot, aantal)
    SELECT gemeente, recipient, status, slot, sum(aantal)
    FROM (SELECT gemeente, recipient, status, (hashtext(id) & 15)::smallint AS slot, 1 AS aantal FROM new_rows
      WHERE gemeente IS NOT NULL AND status IN ('PENDING', 'RETRYING', 'WACHT_OP_DUO', 'WACHT_OP_PARTNER', 'HELD_NO_CONSENT')) AS delta
    GROUP BY gemeente, recipient, status, slot
    HAVING sum(aantal) <> 0
    ORDER BY gemeente, recipient, status, slot
  ON CONFLICT (gemeente, recipient, status, slot) DO UPDATE SET aantal = s.aantal + EXCLUDED.aantal;
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION "MonitorOutboxPending_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "MonitorOutboxPending" AS s (gemeente, recipient, status, slot, aantal)
    SELECT gemeente, recipient, status, slot, sum(aantal)
    FROM (SELECT gemeente, recipient, status, (hashtext(id) & 15)::smallint AS slot, -1 AS aantal FROM old_rows
      WHERE gemeente IS NOT NULL AND status IN ('PENDING', 'RETRYING', 'WACHT_OP_DUO', 'WACHT_OP_PARTNER', 'HELD_NO_CONSENT')) AS delta
    GROUP BY gemeente, recipient, status, slot
    HAVING sum(aantal) <> 0
    ORDER BY gemeente, recipient, status, slot
  ON CONFLICT (gemeente, recipient, status, slot) DO UPDATE SET aantal = s.aantal + EXCLUDED.aantal;
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION "MonitorOutboxPending_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "MonitorOutboxPending" AS s (gemeente, recipient, status, slot, aantal)
    SELECT gemeente, recipient, status, slot, sum(aantal)
    FROM (SELECT gemeente, recipient, status, (hashtext(id) & 15)::smallint AS slot, 1 AS aantal FROM new_rows
      WHERE gemeente IS NOT NULL AND status IN ('PENDING', 'RETRYING', 'WACHT_OP_DUO', 'WACHT_OP_PARTNER', 'HELD_NO_CONSENT')
      UNION ALL
      SELECT gemeente, recipient, status, (hashtext(id) & 15)::smallint AS slot, -1 AS aantal FROM old_rows
      WHERE gemeente IS NOT NULL AND status IN ('PENDING', 'RETRYING', 'WACHT_OP_DUO', 'WACHT_OP_PARTNER', 'HELD_NO_CONSENT')) AS delta
    GROUP BY gemeente, recipient, status, slot
    HAVING sum(aantal) <> 0
    ORDER BY gemeente, recipient, status, slot
  ON CONFLICT (gemeente, recipient, status, slot) DO UPDATE SET aantal = s.aantal + EXCLUDED.aantal;
  RETURN NULL;
END
$$;
