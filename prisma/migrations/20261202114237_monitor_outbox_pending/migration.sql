-- CreateTable
CREATE TABLE "MonitorOutboxPending" (
    "gemeente" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "aantal" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "MonitorOutboxPending_pkey" PRIMARY KEY ("gemeente","recipient","status")
);

-- The counts follow every change of "OutboxMessage" in the same transaction (statement triggers
-- with the changed rows; a delivery moves one message out of PENDING). Never refreshed. The
-- statuses are those of src/monitor/figures.ts (PENDING_STATUSES and HELD_NO_CONSENT).
CREATE FUNCTION "MonitorOutboxPending_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "MonitorOutboxPending" AS s (gemeente, recipient, status, aantal)
    SELECT gemeente, recipient, status, sum(aantal)
    FROM (SELECT gemeente, recipient, status, 1 AS aantal FROM new_rows
      WHERE gemeente IS NOT NULL AND status IN ('PENDING', 'RETRYING', 'WACHT_OP_DUO', 'WACHT_OP_PARTNER', 'HELD_NO_CONSENT')) AS delta
    GROUP BY gemeente, recipient, status
    HAVING sum(aantal) <> 0
    ORDER BY gemeente, recipient, status
  ON CONFLICT (gemeente, recipient, status) DO UPDATE SET aantal = s.aantal + EXCLUDED.aantal;
  RETURN NULL;
END
$$;

CREATE FUNCTION "MonitorOutboxPending_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "MonitorOutboxPending" AS s (gemeente, recipient, status, aantal)
    SELECT gemeente, recipient, status, sum(aantal)
    FROM (SELECT gemeente, recipient, status, -1 AS aantal FROM old_rows
      WHERE gemeente IS NOT NULL AND status IN ('PENDING', 'RETRYING', 'WACHT_OP_DUO', 'WACHT_OP_PARTNER', 'HELD_NO_CONSENT')) AS delta
    GROUP BY gemeente, recipient, status
    HAVING sum(aantal) <> 0
    ORDER BY gemeente, recipient, status
  ON CONFLICT (gemeente, recipient, status) DO UPDATE SET aantal = s.aantal + EXCLUDED.aantal;
  RETURN NULL;
END
$$;

CREATE FUNCTION "MonitorOutboxPending_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "MonitorOutboxPending" AS s (gemeente, recipient, status, aantal)
    SELECT gemeente, recipient, status, sum(aantal)
    FROM (SELECT gemeente, recipient, status, 1 AS aantal FROM new_rows
      WHERE gemeente IS NOT NULL AND status IN ('PENDING', 'RETRYING', 'WACHT_OP_DUO', 'WACHT_OP_PARTNER', 'HELD_NO_CONSENT')
      UNION ALL
      SELECT gemeente, recipient, status, -1 AS aantal FROM old_rows
      WHERE gemeente IS NOT NULL AND status IN ('PENDING', 'RETRYING', 'WACHT_OP_DUO', 'WACHT_OP_PARTNER', 'HELD_NO_CONSENT')) AS delta
    GROUP BY gemeente, recipient, status
    HAVING sum(aantal) <> 0
    ORDER BY gemeente, recipient, status
  ON CONFLICT (gemeente, recipient, status) DO UPDATE SET aantal = s.aantal + EXCLUDED.aantal;
  RETURN NULL;
END
$$;

CREATE FUNCTION "MonitorOutboxPending_truncate"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "MonitorOutboxPending";
  RETURN NULL;
END
$$;

CREATE TRIGGER "MonitorOutboxPending_insert" AFTER INSERT ON "OutboxMessage"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "MonitorOutboxPending_insert"();
CREATE TRIGGER "MonitorOutboxPending_update" AFTER UPDATE ON "OutboxMessage"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "MonitorOutboxPending_update"();
CREATE TRIGGER "MonitorOutboxPending_delete" AFTER DELETE ON "OutboxMessage"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "MonitorOutboxPending_delete"();
CREATE TRIGGER "MonitorOutboxPending_truncate" AFTER TRUNCATE ON "OutboxMessage"
  FOR EACH STATEMENT EXECUTE FUNCTION "MonitorOutboxPending_truncate"();

-- The messages there are now.
INSERT INTO "MonitorOutboxPending" (gemeente, recipient, status, aantal)
  SELECT gemeente, recipient, status, sum(aantal) FROM (SELECT gemeente, recipient, status, 1 AS aantal FROM "OutboxMessage"
      WHERE gemeente IS NOT NULL AND status IN ('PENDING', 'RETRYING', 'WACHT_OP_DUO', 'WACHT_OP_PARTNER', 'HELD_NO_CONSENT')) AS now
  GROUP BY gemeente, recipient, status;
