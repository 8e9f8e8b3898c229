-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "passwordReauthAt" TIMESTAMPTZ(3);
