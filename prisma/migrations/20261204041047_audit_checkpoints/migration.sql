-- CreateTable
CREATE TABLE "AuditCheckpoint" (
    "id" UUID NOT NULL,
    "chainKey" TEXT NOT NULL,
    "seq" BIGINT NOT NULL,
    "rowCount" BIGINT NOT NULL,
    "lastHash" TEXT NOT NULL,
    "signedAt" TIMESTAMPTZ(3) NOT NULL,
    "reason" TEXT NOT NULL,
    "keyId" TEXT NOT NULL,
    "signature" TEXT NOT NULL,
    "targets" TEXT[],

    CONSTRAINT "AuditCheckpoint_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AuditCheckpoint_chainKey_signedAt_idx" ON "AuditCheckpoint"("chainKey", "signedAt" DESC);

-- Hand-written: checkpoints are append-only like the log they anchor (the same
-- rejecting function as migration 20261123010000_audit_append_only). Removing one
-- hides nothing (the JSONL copy and the verifier's file still hold it), but no code
-- path needs to, so the database refuses.
CREATE TRIGGER "AuditCheckpoint_append_only_row"
  BEFORE UPDATE OR DELETE ON "AuditCheckpoint"
  FOR EACH ROW EXECUTE FUNCTION audit_reject_change();

CREATE TRIGGER "AuditCheckpoint_append_only_truncate"
  BEFORE TRUNCATE ON "AuditCheckpoint"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_change();
