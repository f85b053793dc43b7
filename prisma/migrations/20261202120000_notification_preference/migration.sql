-- CreateTable
CREATE TABLE "NotificationPreference" (
    "subject" TEXT NOT NULL,
    "gemeente" TEXT,
    "mode" TEXT NOT NULL DEFAULT 'DIRECT',
    "email" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "NotificationPreference_pkey" PRIMARY KEY ("subject")
);
