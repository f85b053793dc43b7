-- CreateTable
CREATE TABLE "werkplek_session" (
    "sid" VARCHAR NOT NULL,
    "sess" JSON NOT NULL,
    "expire" TIMESTAMP(6) NOT NULL,

    CONSTRAINT "werkplek_session_pkey" PRIMARY KEY ("sid")
);

-- CreateTable
CREATE TABLE "WerkplekUser" (
    "subject" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "gemeente" TEXT,
    "lastSignInAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WerkplekUser_pkey" PRIMARY KEY ("subject")
);

-- CreateIndex
CREATE INDEX "werkplek_session_expire_idx" ON "werkplek_session"("expire");

-- CreateIndex
CREATE INDEX "WerkplekUser_gemeente_role_idx" ON "WerkplekUser"("gemeente", "role");
