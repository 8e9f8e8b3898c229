'use client';
import { useState } from 'react';
import { apiSend } from '@/lib/api-client';
import { useToast } from '@/components/ui/toast';

export function RequireMfaToggle({
  workspaceId,
  initial,
  editable,
  eligible,
}: {
  workspaceId: string;
  initial: boolean;
  editable: boolean;
  eligible: boolean;
}) {
  const [value, setValue] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { notify } = useToast();
  async function change(next: boolean) {
    setBusy(true);
    setError(null);
    try {
      await apiSend('PATCH', `/api/workspaces/${workspaceId}/security`, { requireMfa: next });
      setValue(next);
      notify(next ? 'Two-factor authentication is now required' : 'Two-factor authentication is no longer required');
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="mt-4">
      <label className="inline-flex items-center gap-2">
        <input
          type="checkbox"
          checked={value}
          disabled={!editable || busy || (!eligible && !value)}
          onChange={(e) => void change(e.target.checked)}
        />
        Require two-factor authentication for every member
      </label>
      {!eligible && <p className="mt-1 text-slate-500">Available once the workspace is HIPAA eligible.</p>}
      {error && (
        <p role="alert" className="mt-1 text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
