'use client';
import { useVerifyAudit } from '@/lib/queries/audit';
import { buttonClass } from '@/components/ui/dialog';

const REASONS: Record<string, string> = {
  hash_mismatch: 'the row’s contents no longer match its hash (edited)',
  prev_mismatch: 'the row does not link to the row before it (an earlier row was rewritten)',
  gap: 'a row is missing (deleted)',
  head_mismatch: 'the newest rows do not match the recorded chain head',
};

/** "Verify integrity": recomputes the workspace hash chain on the server (owner and compliance). */
export function AuditVerify({ workspaceId }: { workspaceId: string }) {
  const verify = useVerifyAudit(workspaceId);
  const r = verify.data;
  return (
    <div className="flex flex-col items-end gap-2">
      <button
        type="button"
        className={buttonClass.secondary}
        onClick={() => verify.mutate()}
        disabled={verify.isPending}
        aria-describedby="audit-verify-result"
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
            .
          </p>
        )}
        {r && !r.ok && r.firstBroken && (
          <p className="text-red-700">
            Broken at event #{r.firstBroken.seq}: {REASONS[r.firstBroken.reason] ?? r.firstBroken.reason}.{' '}
            {r.checked.toLocaleString()} events checked.
          </p>
        )}
      </div>
    </div>
  );
}
