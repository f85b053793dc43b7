-- AlterTable
ALTER TABLE "Partner" ADD COLUMN     "signingKey" TEXT,
ADD COLUMN     "signingKeyId" TEXT;
