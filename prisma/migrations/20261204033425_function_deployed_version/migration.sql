-- AddForeignKey
ALTER TABLE "UserFunction" ADD CONSTRAINT "UserFunction_deployedVersionId_fkey" FOREIGN KEY ("deployedVersionId") REFERENCES "UserFunctionVersion"("id") ON DELETE SET NULL ON UPDATE CASCADE;
