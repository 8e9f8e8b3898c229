-- CreateEnum
CREATE TYPE "Role" AS ENUM ('owner', 'member', 'compliance');

-- CreateEnum
CREATE TYPE "ActorType" AS ENUM ('user', 'system', 'api_key', 'anonymous');

-- CreateEnum
CREATE TYPE "SourceType" AS ENUM ('http_api', 'nodejs', 'website');

-- CreateEnum
CREATE TYPE "Classification" AS ENUM ('red', 'yellow', 'green');

-- CreateEnum
CREATE TYPE "MatchOn" AS ENUM ('key', 'value');

-- CreateEnum
CREATE TYPE "MatchMode" AS ENUM ('exact', 'regex');

-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('pending', 'delivering', 'delivered', 'retrying', 'failed', 'dead', 'filtered');

-- CreateTable
CREATE TABLE "User" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "passwordChangedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "totpSecretEnc" TEXT,
    "totpEnabledAt" TIMESTAMPTZ(3),
    "recoveryCodeHashes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "failedLoginCount" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "userId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastActivityAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "idleTimeoutSec" INTEGER NOT NULL,
    "mfaVerified" BOOLEAN NOT NULL DEFAULT false,
    "ip" TEXT,
    "userAgent" TEXT,
    "revokedAt" TIMESTAMPTZ(3),
    "revokedReason" TEXT,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LoginAttempt" (
    "id" BIGSERIAL NOT NULL,
    "emailHash" TEXT NOT NULL,
    "ip" TEXT NOT NULL,
    "success" BOOLEAN NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LoginAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Workspace" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "requireMfa" BOOLEAN NOT NULL DEFAULT false,
    "blockEventsWithoutConsent" BOOLEAN NOT NULL DEFAULT false,
    "quarantineNewFields" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Workspace_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Baa" (
    "id" UUID NOT NULL,
    "workspaceId" UUID NOT NULL,
    "signedAt" DATE NOT NULL,
    "signatory" TEXT NOT NULL,
    "planTier" TEXT NOT NULL,
    "recordedById" UUID NOT NULL,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMPTZ(3),
    "revokedById" UUID,

    CONSTRAINT "Baa_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Membership" (
    "id" UUID NOT NULL,
    "workspaceId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "role" "Role" NOT NULL,
    "piiAccess" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Membership_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Invite" (
    "id" UUID NOT NULL,
    "workspaceId" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "invitedById" UUID NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "acceptedAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Invite_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Source" (
    "id" UUID NOT NULL,
    "workspaceId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "type" "SourceType" NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "blockRed" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Source_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WriteKey" (
    "id" UUID NOT NULL,
    "workspaceId" UUID NOT NULL,
    "sourceId" UUID NOT NULL,
    "keyHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3),

    CONSTRAINT "WriteKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Destination" (
    "id" UUID NOT NULL,
    "workspaceId" UUID NOT NULL,
    "sourceId" UUID NOT NULL,
    "catalogId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "baaOverride" BOOLEAN,
    "settings" JSONB NOT NULL DEFAULT '{}',
    "secretsEnc" TEXT,
    "consentCategories" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "encryptionEnabled" BOOLEAN NOT NULL DEFAULT false,
    "encryptedFields" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "hashingEnabled" BOOLEAN NOT NULL DEFAULT false,
    "hashedFields" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "hashMode" TEXT NOT NULL DEFAULT 'hmac',
    "hmacSecretEnc" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Destination_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EncryptionKey" (
    "id" UUID NOT NULL,
    "workspaceId" UUID NOT NULL,
    "destinationId" UUID NOT NULL,
    "publicKeyPem" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "modulusBits" INTEGER NOT NULL,
    "origin" TEXT NOT NULL,
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retiredAt" TIMESTAMPTZ(3),

    CONSTRAINT "EncryptionKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" UUID NOT NULL,
    "chainKey" TEXT NOT NULL,
    "seq" BIGINT NOT NULL,
    "workspaceId" UUID,
    "actorUserId" UUID,
    "actorType" "ActorType" NOT NULL,
    "eventType" TEXT NOT NULL,
    "endUserId" TEXT,
    "timestamp" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ip" TEXT,
    "userAgent" TEXT,
    "requestId" TEXT,
    "targetType" TEXT,
    "targetId" TEXT,
    "changes" JSONB,
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditChainHead" (
    "chainKey" TEXT NOT NULL,
    "seq" BIGINT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "AuditChainHead_pkey" PRIMARY KEY ("chainKey")
);

-- CreateTable
CREATE TABLE "Matcher" (
    "id" UUID NOT NULL,
    "workspaceId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "builtIn" BOOLEAN NOT NULL DEFAULT false,
    "matchOn" "MatchOn" NOT NULL,
    "mode" "MatchMode" NOT NULL,
    "pattern" TEXT NOT NULL,
    "preset" TEXT,
    "color" "Classification" NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Matcher_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Synonym" (
    "id" UUID NOT NULL,
    "workspaceId" UUID NOT NULL,
    "matcherId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "normalizedKey" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Synonym_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ObservedField" (
    "id" UUID NOT NULL,
    "workspaceId" UUID NOT NULL,
    "keyPath" TEXT NOT NULL,
    "normalizedKey" TEXT NOT NULL,
    "matcherName" TEXT,
    "suggestedColor" "Classification",
    "classification" "Classification",
    "classifiedById" UUID,
    "classifiedAt" TIMESTAMPTZ(3),
    "sampleValueEnc" TEXT,
    "firstSeenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "count" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "ObservedField_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ObservedFieldOccurrence" (
    "id" UUID NOT NULL,
    "workspaceId" UUID NOT NULL,
    "fieldId" UUID NOT NULL,
    "sourceId" UUID NOT NULL,
    "eventName" TEXT NOT NULL,
    "count" BIGINT NOT NULL DEFAULT 0,
    "lastSeenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ObservedFieldOccurrence_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Event" (
    "id" UUID NOT NULL,
    "workspaceId" UUID NOT NULL,
    "sourceId" UUID NOT NULL,
    "messageId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "eventName" TEXT,
    "userId" TEXT,
    "anonymousId" TEXT,
    "payload" JSONB NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "timestamp" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Delivery" (
    "id" UUID NOT NULL,
    "workspaceId" UUID NOT NULL,
    "eventId" UUID NOT NULL,
    "destinationId" UUID NOT NULL,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedUntil" TIMESTAMPTZ(3),
    "lastError" TEXT,
    "lastStatus" INTEGER,
    "payload" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliveredAt" TIMESTAMPTZ(3),

    CONSTRAINT "Delivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE UNIQUE INDEX "Session_tokenHash_key" ON "Session"("tokenHash");

-- CreateIndex
CREATE INDEX "Session_userId_revokedAt_idx" ON "Session"("userId", "revokedAt");

-- CreateIndex
CREATE INDEX "LoginAttempt_emailHash_createdAt_idx" ON "LoginAttempt"("emailHash", "createdAt");

-- CreateIndex
CREATE INDEX "LoginAttempt_ip_createdAt_idx" ON "LoginAttempt"("ip", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Workspace_slug_key" ON "Workspace"("slug");

-- CreateIndex
CREATE INDEX "Baa_workspaceId_revokedAt_idx" ON "Baa"("workspaceId", "revokedAt");

-- CreateIndex
CREATE INDEX "Membership_userId_idx" ON "Membership"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Membership_workspaceId_userId_key" ON "Membership"("workspaceId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "Invite_tokenHash_key" ON "Invite"("tokenHash");

-- CreateIndex
CREATE INDEX "Invite_workspaceId_email_idx" ON "Invite"("workspaceId", "email");

-- CreateIndex
CREATE UNIQUE INDEX "Source_workspaceId_name_key" ON "Source"("workspaceId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "WriteKey_keyHash_key" ON "WriteKey"("keyHash");

-- CreateIndex
CREATE INDEX "WriteKey_sourceId_idx" ON "WriteKey"("sourceId");

-- CreateIndex
CREATE INDEX "Destination_sourceId_idx" ON "Destination"("sourceId");

-- CreateIndex
CREATE UNIQUE INDEX "Destination_workspaceId_name_key" ON "Destination"("workspaceId", "name");

-- CreateIndex
CREATE INDEX "EncryptionKey_destinationId_retiredAt_idx" ON "EncryptionKey"("destinationId", "retiredAt");

-- CreateIndex
CREATE INDEX "AuditLog_workspaceId_timestamp_id_idx" ON "AuditLog"("workspaceId", "timestamp" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "AuditLog_workspaceId_eventType_timestamp_idx" ON "AuditLog"("workspaceId", "eventType", "timestamp" DESC);

-- CreateIndex
CREATE INDEX "AuditLog_workspaceId_actorUserId_timestamp_idx" ON "AuditLog"("workspaceId", "actorUserId", "timestamp" DESC);

-- CreateIndex
CREATE INDEX "AuditLog_workspaceId_endUserId_timestamp_idx" ON "AuditLog"("workspaceId", "endUserId", "timestamp" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "AuditLog_chainKey_seq_key" ON "AuditLog"("chainKey", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "Matcher_workspaceId_name_key" ON "Matcher"("workspaceId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Synonym_workspaceId_normalizedKey_key" ON "Synonym"("workspaceId", "normalizedKey");

-- CreateIndex
CREATE INDEX "ObservedField_workspaceId_classification_lastSeenAt_idx" ON "ObservedField"("workspaceId", "classification", "lastSeenAt");

-- CreateIndex
CREATE UNIQUE INDEX "ObservedField_workspaceId_keyPath_key" ON "ObservedField"("workspaceId", "keyPath");

-- CreateIndex
CREATE UNIQUE INDEX "ObservedFieldOccurrence_fieldId_sourceId_eventName_key" ON "ObservedFieldOccurrence"("fieldId", "sourceId", "eventName");

-- CreateIndex
CREATE INDEX "Event_sourceId_receivedAt_idx" ON "Event"("sourceId", "receivedAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "Event_sourceId_messageId_key" ON "Event"("sourceId", "messageId");

-- CreateIndex
CREATE INDEX "Delivery_status_nextAttemptAt_idx" ON "Delivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "Delivery_destinationId_createdAt_idx" ON "Delivery"("destinationId", "createdAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "Delivery_eventId_destinationId_key" ON "Delivery"("eventId", "destinationId");

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Baa" ADD CONSTRAINT "Baa_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invite" ADD CONSTRAINT "Invite_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Source" ADD CONSTRAINT "Source_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WriteKey" ADD CONSTRAINT "WriteKey_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "Source"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Destination" ADD CONSTRAINT "Destination_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Destination" ADD CONSTRAINT "Destination_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "Source"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EncryptionKey" ADD CONSTRAINT "EncryptionKey_destinationId_fkey" FOREIGN KEY ("destinationId") REFERENCES "Destination"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Synonym" ADD CONSTRAINT "Synonym_matcherId_fkey" FOREIGN KEY ("matcherId") REFERENCES "Matcher"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ObservedFieldOccurrence" ADD CONSTRAINT "ObservedFieldOccurrence_fieldId_fkey" FOREIGN KEY ("fieldId") REFERENCES "ObservedField"("id") ON DELETE CASCADE ON UPDATE CASCADE;
