-- AlterTable
ALTER TABLE "InboxEvent" ALTER COLUMN "trajectoryId" DROP NOT NULL;

-- DUO notifications stored before this migration used '' for 'no trajectory yet'.
UPDATE "InboxEvent" SET "trajectoryId" = NULL WHERE "trajectoryId" = '';
