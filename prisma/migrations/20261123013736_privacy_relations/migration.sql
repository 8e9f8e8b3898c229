-- CreateIndex
CREATE INDEX "ObservedFieldOccurrence_workspaceId_sourceId_idx" ON "ObservedFieldOccurrence"("workspaceId", "sourceId");

-- AddForeignKey
ALTER TABLE "Matcher" ADD CONSTRAINT "Matcher_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Synonym" ADD CONSTRAINT "Synonym_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ObservedField" ADD CONSTRAINT "ObservedField_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
