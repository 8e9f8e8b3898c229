-- HIPAA audit log: hash chain, one-round-trip append, append-only enforcement.
-- Hand-written: Prisma's schema language cannot express functions or triggers.
-- Works on PostgreSQL >= 13 and PGlite (builtin sha256 and gen_random_uuid, no pgcrypto).

-- The canonical hash of one audit row. Both audit_append (on insert) and the
-- verifier (lib/server/audit/verify.ts) call this one expression, so they can never
-- drift apart. jsonb's text output is deterministic (keys sorted, fixed spacing),
-- and the timestamp enters as epoch milliseconds so DateStyle/TimeZone settings
-- cannot change the serialization. STABLE (not IMMUTABLE) because convert_to and
-- jsonb_build_object are STABLE; declaring it no stricter than its body lets the
-- planner inline it, which keeps a full-table verify fast.
CREATE FUNCTION audit_row_hash(
  p_prev text, p_id uuid, p_chain_key text, p_seq bigint, p_workspace_id uuid,
  p_actor_user_id uuid, p_actor_type text, p_event_type text, p_end_user_id text,
  p_ts timestamptz, p_ip text, p_user_agent text, p_request_id text,
  p_target_type text, p_target_id text, p_changes jsonb
) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT encode(sha256(convert_to(p_prev || '|' || jsonb_build_object(
    'id', p_id, 'chainKey', p_chain_key, 'seq', p_seq, 'workspaceId', p_workspace_id,
    'actorUserId', p_actor_user_id, 'actorType', p_actor_type, 'eventType', p_event_type,
    'endUserId', p_end_user_id, 'timestampMs', (extract(epoch FROM p_ts) * 1000)::bigint,
    'ip', p_ip, 'userAgent', p_user_agent, 'requestId', p_request_id,
    'targetType', p_target_type, 'targetId', p_target_id, 'changes', p_changes
  )::text, 'UTF8')), 'hex')
$$;

-- Appends one row in a single round trip. The upsert on the chain head takes a
-- row lock that is held until the caller's transaction ends, so appends to one
-- chain are serialized and the chain cannot fork; other chains are not blocked.
-- The first append of a chain inserts its head (seq 1, previous hash = genesis).
CREATE FUNCTION audit_append(
  p_workspace_id uuid, p_actor_user_id uuid, p_actor_type "ActorType", p_event_type text,
  p_end_user_id text, p_target_type text, p_target_id text, p_changes jsonb,
  p_ip text, p_user_agent text, p_request_id text
) RETURNS TABLE (audit_id uuid, audit_seq bigint, audit_hash text)
LANGUAGE plpgsql
AS $$
DECLARE
  v_key  text := coalesce(p_workspace_id::text, 'global');
  v_id   uuid := gen_random_uuid();
  v_seq  bigint;
  v_prev text;
  v_ts   timestamptz;
  v_hash text;
BEGIN
  INSERT INTO "AuditChainHead" AS h ("chainKey", "seq", "hash")
  VALUES (v_key, 1, repeat('0', 64))
  ON CONFLICT ("chainKey") DO UPDATE SET "seq" = h."seq" + 1
  RETURNING h."seq", h."hash" INTO v_seq, v_prev;

  -- Taken after the lock so timestamps follow seq order within a chain; truncated
  -- to the column's millisecond precision so the hashed value is the stored value.
  v_ts := date_trunc('milliseconds', clock_timestamp());
  v_hash := audit_row_hash(v_prev, v_id, v_key, v_seq, p_workspace_id, p_actor_user_id,
    p_actor_type::text, p_event_type, p_end_user_id, v_ts, p_ip, p_user_agent, p_request_id,
    p_target_type, p_target_id, p_changes);

  INSERT INTO "AuditLog" ("id", "chainKey", "seq", "workspaceId", "actorUserId", "actorType",
    "eventType", "endUserId", "timestamp", "ip", "userAgent", "requestId", "targetType",
    "targetId", "changes", "prevHash", "hash")
  VALUES (v_id, v_key, v_seq, p_workspace_id, p_actor_user_id, p_actor_type, p_event_type,
    p_end_user_id, v_ts, p_ip, p_user_agent, p_request_id, p_target_type, p_target_id,
    p_changes, v_prev, v_hash);

  UPDATE "AuditChainHead" SET "hash" = v_hash WHERE "chainKey" = v_key;

  RETURN QUERY SELECT v_id, v_seq, v_hash;
END
$$;

-- Append-only. HIPAA requires audit records to be retained (>= 6 years) and
-- protected; no application code path updates or deletes them, and the database
-- refuses to as well. A deliberate, audited purge after the retention period
-- would have to disable this trigger as the table owner.
CREATE FUNCTION audit_reject_change() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  RAISE EXCEPTION 'audit log is append-only: % on "%" is not allowed', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege',
          HINT = 'Audit rows are retained for at least 6 years and are never modified or deleted.';
END
$$;

CREATE TRIGGER "AuditLog_append_only_row"
  BEFORE UPDATE OR DELETE ON "AuditLog"
  FOR EACH ROW EXECUTE FUNCTION audit_reject_change();

CREATE TRIGGER "AuditLog_append_only_truncate"
  BEFORE TRUNCATE ON "AuditLog"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_change();

-- The head must move forward (audit_append updates it), but removing it would
-- restart the chain at seq 1, so DELETE and TRUNCATE are refused here too.
CREATE TRIGGER "AuditChainHead_no_delete"
  BEFORE DELETE ON "AuditChainHead"
  FOR EACH ROW EXECUTE FUNCTION audit_reject_change();

CREATE TRIGGER "AuditChainHead_no_truncate"
  BEFORE TRUNCATE ON "AuditChainHead"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_change();
