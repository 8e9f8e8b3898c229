'use client';
import type { EncryptionStateView } from '@/lib/schemas/encryption';
import { useEncryptionState } from '@/lib/queries/encryption';
import { useReauth } from '@/components/session/reauth-dialog';
import { EncryptionPanel } from './encryption-panel';
import { HashingPanel } from './hashing-panel';

/** The Data Encryption tab: encryption, hashing, and one "Confirm it's you" prompt shared by both. */
export function EncryptionTab({ workspaceId, initial }: { workspaceId: string; initial: EncryptionStateView }) {
  const { data: state } = useEncryptionState(workspaceId, initial.destinationId, initial);
  const reauth = useReauth();
  return (
    <div className="space-y-6">
      {state.effectiveBaa !== 'signs' && !state.encryption.enabled && !state.hashing.enabled && (
        <p role="note" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          {state.destinationName} is not covered by a BAA. Encrypt or hash Yellow fields before they leave, or block Red
          fields at the source.
        </p>
      )}
      <EncryptionPanel workspaceId={workspaceId} state={state} run={reauth.run} />
      <HashingPanel workspaceId={workspaceId} state={state} run={reauth.run} />
      {reauth.dialog}
    </div>
  );
}
