-- CreateEnum
CREATE TYPE "FunctionKind" AS ENUM ('destination', 'insert');

-- AlterTable
ALTER TABLE "DeliveryAttempt" ADD COLUMN     "functionLog" JSONB;

-- AlterTable
ALTER TABLE "Destination" ADD COLUMN     "functionId" UUID,
ADD COLUMN     "insertFunctionId" UUID,
ADD COLUMN     "insertSecretsEnc" TEXT,
ADD COLUMN     "insertSettings" JSONB NOT NULL DEFAULT '{}';

-- CreateTable
CREATE TABLE "UserFunction" (
    "id" UUID NOT NULL,
    "workspaceId" UUID NOT NULL,
    "kind" "FunctionKind" NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "logo" TEXT,
    "deployedVersionId" UUID,
    "deployedAt" TIMESTAMPTZ(3),
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UserFunction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UserFunctionVersion" (
    "id" UUID NOT NULL,
    "workspaceId" UUID NOT NULL,
    "functionId" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "settingsSchema" JSONB NOT NULL DEFAULT '[]',
    "handlers" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "errors" JSONB NOT NULL DEFAULT '[]',
    "authorId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UserFunctionVersion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "UserFunction_workspaceId_name_key" ON "UserFunction"("workspaceId", "name");

-- CreateIndex
CREATE INDEX "UserFunctionVersion_workspaceId_idx" ON "UserFunctionVersion"("workspaceId");

-- CreateIndex
CREATE UNIQUE INDEX "UserFunctionVersion_functionId_number_key" ON "UserFunctionVersion"("functionId", "number");

-- CreateIndex
CREATE INDEX "Destination_functionId_idx" ON "Destination"("functionId");

-- CreateIndex
CREATE INDEX "Destination_insertFunctionId_idx" ON "Destination"("insertFunctionId");

-- AddForeignKey
ALTER TABLE "Destination" ADD CONSTRAINT "Destination_functionId_fkey" FOREIGN KEY ("functionId") REFERENCES "UserFunction"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Destination" ADD CONSTRAINT "Destination_insertFunctionId_fkey" FOREIGN KEY ("insertFunctionId") REFERENCES "UserFunction"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UserFunction" ADD CONSTRAINT "UserFunction_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UserFunctionVersion" ADD CONSTRAINT "UserFunctionVersion_functionId_fkey" FOREIGN KEY ("functionId") REFERENCES "UserFunction"("id") ON DELETE CASCADE ON UPDATE CASCADE;
