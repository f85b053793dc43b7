-- CreateTable
CREATE TABLE "MonitorTalkSummary" (
    "gemeente" TEXT NOT NULL,
    "dueDate" DATE NOT NULL,
    "uitkomst" TEXT NOT NULL,
    "aantal" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "MonitorTalkSummary_pkey" PRIMARY KEY ("gemeente","dueDate","uitkomst")
);

-- The outcome of one voortgangsgesprek task, as the voortgang figure counts it: held (closed
-- with the talk recorded) on or before the planned day, later, held without a known day, still
-- open, closed without a talk (vervallen). The talk's day is the one recorded in the result,
-- else the Dutch day the task was closed; a malformed recorded day counts as unknown.
CREATE FUNCTION "MonitorTalkSummary_uitkomst"(status TEXT, result JSONB, "closedAt" TIMESTAMP(3), "dueDate" DATE)
RETURNS TEXT LANGUAGE plpgsql STABLE AS $$
DECLARE
  held BOOLEAN := status = 'CLOSED' AND COALESCE(result->>'reden' = 'voortgangsgesprek gevoerd' OR result->>'type' = 'VOORTGANGSGESPREK', false);
  talk DATE;
BEGIN
  IF NOT held THEN
    RETURN CASE status WHEN 'OPEN' THEN 'OPEN' WHEN 'CLOSED' THEN 'VERVALLEN' ELSE 'ANDERS' END;
  END IF;
  BEGIN
    talk := (result->'voortgangsgesprek'->>'date')::date;
  EXCEPTION WHEN others THEN
    talk := NULL;
  END;
  talk := COALESCE(talk, (("closedAt" AT TIME ZONE 'UTC') AT TIME ZONE 'Europe/Amsterdam')::date);
  RETURN CASE WHEN talk IS NULL THEN 'GEVOERD' WHEN talk <= "dueDate" THEN 'OP_TIJD' ELSE 'TE_LAAT' END;
END
$$;

-- The summary follows every change of "Task" in the same transaction (statement triggers with
-- the changed rows; a change that moves nothing of the summary writes nothing). Never refreshed.
CREATE FUNCTION "MonitorTalkSummary_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "MonitorTalkSummary" AS s (gemeente, "dueDate", uitkomst, aantal)
    SELECT gemeente, "dueDate", uitkomst, sum(aantal)
    FROM (SELECT gemeente, "dueDate", "MonitorTalkSummary_uitkomst"(status, result, "closedAt", "dueDate") AS uitkomst, 1 AS aantal
      FROM new_rows WHERE type = 'VOORTGANGSGESPREK' AND "dueDate" IS NOT NULL) AS delta
    GROUP BY gemeente, "dueDate", uitkomst
    HAVING sum(aantal) <> 0
    ORDER BY gemeente, "dueDate", uitkomst
  ON CONFLICT (gemeente, "dueDate", uitkomst) DO UPDATE SET aantal = s.aantal + EXCLUDED.aantal;
  RETURN NULL;
END
$$;

CREATE FUNCTION "MonitorTalkSummary_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "MonitorTalkSummary" AS s (gemeente, "dueDate", uitkomst, aantal)
    SELECT gemeente, "dueDate", uitkomst, sum(aantal)
    FROM (SELECT gemeente, "dueDate", "MonitorTalkSummary_uitkomst"(status, result, "closedAt", "dueDate") AS uitkomst, -1 AS aantal
      FROM old_rows WHERE type = 'VOORTGANGSGESPREK' AND "dueDate" IS NOT NULL) AS delta
    GROUP BY gemeente, "dueDate", uitkomst
    HAVING sum(aantal) <> 0
    ORDER BY gemeente, "dueDate", uitkomst
  ON CONFLICT (gemeente, "dueDate", uitkomst) DO UPDATE SET aantal = s.aantal + EXCLUDED.aantal;
  RETURN NULL;
END
$$;

CREATE FUNCTION "MonitorTalkSummary_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "MonitorTalkSummary" AS s (gemeente, "dueDate", uitkomst, aantal)
    SELECT gemeente, "dueDate", uitkomst, sum(aantal)
    FROM (SELECT gemeente, "dueDate", "MonitorTalkSummary_uitkomst"(status, result, "closedAt", "dueDate") AS uitkomst, 1 AS aantal
      FROM new_rows WHERE type = 'VOORTGANGSGESPREK' AND "dueDate" IS NOT NULL
      UNION ALL
      SELECT gemeente, "dueDate", "MonitorTalkSummary_uitkomst"(status, result, "closedAt", "dueDate") AS uitkomst, -1 AS aantal
      FROM old_rows WHERE type = 'VOORTGANGSGESPREK' AND "dueDate" IS NOT NULL) AS delta
    GROUP BY gemeente, "dueDate", uitkomst
    HAVING sum(aantal) <> 0
    ORDER BY gemeente, "dueDate", uitkomst
  ON CONFLICT (gemeente, "dueDate", uitkomst) DO UPDATE SET aantal = s.aantal + EXCLUDED.aantal;
  RETURN NULL;
END
$$;

CREATE FUNCTION "MonitorTalkSummary_truncate"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "MonitorTalkSummary";
  RETURN NULL;
END
$$;

CREATE TRIGGER "MonitorTalkSummary_insert" AFTER INSERT ON "Task"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "MonitorTalkSummary_insert"();
CREATE TRIGGER "MonitorTalkSummary_update" AFTER UPDATE ON "Task"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "MonitorTalkSummary_update"();
CREATE TRIGGER "MonitorTalkSummary_delete" AFTER DELETE ON "Task"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "MonitorTalkSummary_delete"();
CREATE TRIGGER "MonitorTalkSummary_truncate" AFTER TRUNCATE ON "Task"
  FOR EACH STATEMENT EXECUTE FUNCTION "MonitorTalkSummary_truncate"();

-- The tasks there are now.
INSERT INTO "MonitorTalkSummary" (gemeente, "dueDate", uitkomst, aantal)
  SELECT gemeente, "dueDate", uitkomst, sum(aantal)
  FROM (SELECT gemeente, "dueDate", "MonitorTalkSummary_uitkomst"(status, result, "closedAt", "dueDate") AS uitkomst, 1 AS aantal
      FROM "Task" WHERE type = 'VOORTGANGSGESPREK' AND "dueDate" IS NOT NULL) AS now
  GROUP BY gemeente, "dueDate", uitkomst;
