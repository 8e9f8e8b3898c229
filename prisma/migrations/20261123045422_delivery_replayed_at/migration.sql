-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN     "replayedAt" TIMESTAMPTZ(3);
