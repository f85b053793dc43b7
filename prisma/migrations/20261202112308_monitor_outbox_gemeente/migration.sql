-- DropIndex
DROP INDEX "OutboxMessage_status_createdAt_idx";

-- DropIndex
DROP INDEX "OutboxMessage_status_deliveredAt_idx";

-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN     "gemeente" TEXT;

-- CreateIndex
CREATE INDEX "OutboxMessage_status_deliveredAt_recipient_gemeente_idx" ON "OutboxMessage"("status", "deliveredAt", "recipient", "gemeente");

-- CreateIndex
CREATE INDEX "OutboxMessage_status_createdAt_recipient_gemeente_idx" ON "OutboxMessage"("status", "createdAt", "recipient", "gemeente");

-- CreateIndex
CREATE INDEX "OutboxMessage_trajectoryId_idx" ON "OutboxMessage"("trajectoryId");

-- The sender gemeente of each outbox message: the gemeente of its trajectory when the message
-- was made. Filled by the database, so every producer (workflow activities, API, redelivery)
-- gets it without code; a message made before its trajectory's row existed gets it when that
-- row is made (below). Only messages of no trajectory have none.
CREATE FUNCTION "OutboxMessage_gemeente"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."gemeente" IS NULL AND NEW."trajectoryId" IS NOT NULL THEN
    SELECT t."gemeente" INTO NEW."gemeente" FROM "Trajectory" t WHERE t."id" = NEW."trajectoryId";
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER "OutboxMessage_gemeente" BEFORE INSERT ON "OutboxMessage"
  FOR EACH ROW EXECUTE FUNCTION "OutboxMessage_gemeente"();

CREATE FUNCTION "OutboxMessage_gemeente_of_new_trajectory"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "OutboxMessage" o SET "gemeente" = n."gemeente"
    FROM new_rows n WHERE o."trajectoryId" = n."id" AND o."gemeente" IS NULL;
  RETURN NULL;
END
$$;

CREATE TRIGGER "OutboxMessage_gemeente_of_new_trajectory" AFTER INSERT ON "Trajectory"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "OutboxMessage_gemeente_of_new_trajectory"();

-- Existing messages: their trajectory's gemeente now.
UPDATE "OutboxMessage" o SET "gemeente" = t."gemeente"
  FROM "Trajectory" t WHERE t."id" = o."trajectoryId" AND o."gemeente" IS NULL;
