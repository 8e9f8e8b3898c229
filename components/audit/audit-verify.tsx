'use client';
import { useAuditCheckpointStatus, useVerifyAudit } from '@/lib/queries/audit';
import type { AuditCheckpointStatusView, AuditCheckpointView } from '@/lib/schemas/audit';
import { buttonClass } from '@/components/ui/dialog';

const REASONS: Record<string, string> = {
  hash_mismatch: 'the row’s contents no longer match its hash (edited)',
  prev_mismatch: 'the row does not link to the row before it (an earlier row was rewritten)',
  gap: 'a row is missing (deleted)',
  head_mismatch: 'the newest rows do not match the recorded chain head',
};

const CHECKPOINT_PROBLEMS: Record<string, string> = {
  hash_mismatch: 'the log was rewritten and re-hashed after it was signed',
  row_missing: 'the signed event is no longer in the log',
  count_mismatch: 'the log has a different number of events up to the signed one',
  bad_signature: 'the checkpoint itself was edited',
  unknown_key: 'it was signed by a key this server does not trust',
};

const utc = (iso: string) => `${iso.slice(0, 19).replace('T', ' ')} UTC`;

/** "kept in the database, the checkpoint file (.data/…) and the webhook (siem.example)". */
function whereItWent(c: AuditCheckpointView, status: AuditCheckpointStatusView | undefined): string {
  const places = ['the database'];
  if (c.targets.includes('file'))
    places.push(`the checkpoint file${status?.destinations.file ? ` (${status.destinations.file})` : ''}`);
  if (c.targets.includes('webhook'))
    places.push(`the webhook${status?.destinations.webhook ? ` (${status.destinations.webhook})` : ''}`);
  return places.length === 1 ? places[0]! : `${places.slice(0, -1).join(', ')} and ${places.at(-1)}`;
}

function CheckpointLine({ last, status }: { last: AuditCheckpointView | null; status?: AuditCheckpointStatusView }) {
  if (status && !status.signing.configured)
    return <p className="text-amber-800">No signed checkpoints: no audit signing key is configured.</p>;
  if (!last) return <p className="text-slate-600">No signed checkpoint of this log yet.</p>;
  return (
    <p className="text-slate-600">
      Last signed checkpoint: <time dateTime={last.signedAt}>{utc(last.signedAt)}</time> (event #{last.seq}), kept in{' '}
      {whereItWent(last, status)}.
    </p>
  );
}

/**
 * "Verify integrity": recomputes the workspace hash chain on the server, checks it
 * against its signed checkpoints and signs it again when intact (owner and
 * compliance). Beside it: when the last checkpoint was made and where it went.
 */
export function AuditVerify({ workspaceId }: { workspaceId: string }) {
  const verify = useVerifyAudit(workspaceId);
  const status = useAuditCheckpointStatus(workspaceId);
  const r = verify.data;
  const bad = r?.checkpoints.firstBad;
  // The newer of the two: a verification signs the chain before the status is refetched.
  const last =
    [status.data?.lastCheckpoint, r?.lastCheckpoint]
      .filter((c): c is AuditCheckpointView => !!c)
      .sort((a, b) => b.signedAt.localeCompare(a.signedAt))[0] ?? null;
  return (
    <div className="flex flex-col items-end gap-2">
      <button
        type="button"
        className={buttonClass.secondary}
        onClick={() => verify.mutate()}
        disabled={verify.isPending}
        aria-describedby="audit-verify-result audit-checkpoint-status"
      >
        {verify.isPending ? 'Verifying…' : 'Verify integrity'}
      </button>
      <div id="audit-verify-result" role="status" aria-live="polite" className="max-w-md text-right text-sm">
        {verify.error && <p className="text-red-700">{(verify.error as Error).message}</p>}
        {r && r.ok && (
          <p className="text-brand-800">
            Intact: {r.checked.toLocaleString()} events checked
            {r.headSeq !== null && (
              <>
                , head #{r.headSeq}{' '}
                <code className="text-xs" title={r.headHash ?? ''}>
                  {r.headHash?.slice(0, 12)}…
                </code>
              </>
            )}
            {r.checkpoints.checked > 0 && <>, matching {r.checkpoints.checked.toLocaleString()} signed checkpoints</>}.
          </p>
        )}
        {r && !r.ok && r.firstBroken && (
          <p className="text-red-700">
            Broken at event #{r.firstBroken.seq}: {REASONS[r.firstBroken.reason] ?? r.firstBroken.reason}.{' '}
            {r.checked.toLocaleString()} events checked.
          </p>
        )}
        {r && !r.ok && bad && (
          <p className="text-red-700">
            The checkpoint signed {utc(bad.signedAt)} at event #{bad.seq} no longer matches:{' '}
            {CHECKPOINT_PROBLEMS[bad.problem] ?? bad.problem}.
          </p>
        )}
      </div>
      <div id="audit-checkpoint-status" className="max-w-md text-right text-xs">
        {status.error ? (
          <p className="text-red-700">{(status.error as Error).message}</p>
        ) : (
          (status.data || r) && <CheckpointLine last={last} status={status.data} />
        )}
      </div>
    </div>
  );
}
