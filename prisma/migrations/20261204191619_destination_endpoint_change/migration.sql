-- AlterEnum
ALTER TYPE "DeliveryStatus" ADD VALUE 'held';

-- AlterTable
ALTER TABLE "Destination" ADD COLUMN     "endpointChangedAt" TIMESTAMPTZ(3),
ADD COLUMN     "previousEndpoint" TEXT;
