'use client';
import type { EncryptionStateView } from '@/lib/schemas/encryption';
import { useEncryptionState } from '@/lib/queries/encryption';
import { useDestinations } from '@/lib/queries/destinations';
import { useReauth } from '@/components/session/reauth-dialog';
import { EncryptionPanel } from './encryption-panel';
import { HashingPanel } from './hashing-panel';

/** The Data Encryption tab: encryption, hashing, and one "Confirm it's you" prompt shared by both. */
export function EncryptionTab({ workspaceId, initial }: { workspaceId: string; initial: EncryptionStateView }) {
  const { data: state } = useEncryptionState(workspaceId, initial.destinationId, initial);
  const reauth = useReauth();
  // What still leaves in clear, from the blast radius (the pipeline's own computation, which the
  // destination header shares): turning protection on does not by itself cover every field.
  const { data: destinations } = useDestinations(workspaceId);
  const exposed = destinations?.find((d) => d.id === state.destinationId)?.exposed ?? [];
  const unprotected = !state.encryption.enabled && !state.hashing.enabled;
  return (
    <div className="space-y-6">
      {state.effectiveBaa !== 'signs' && (unprotected || exposed.length > 0) && (
        <p role="note" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          {state.destinationName} is not covered by a BAA.{' '}
          {unprotected ? (
            'Encrypt or hash Yellow fields before they leave, or block Red fields at the source.'
          ) : (
            <>
              {exposed.length} Red/Yellow field{exposed.length === 1 ? '' : 's'} still leave
              {exposed.length === 1 ? 's' : ''} in clear:{' '}
              {exposed.map((f, i) => (
                <span key={f.keyPath} className="font-mono">
                  {f.keyPath}
                  {i < exposed.length - 1 ? ', ' : ''}
                </span>
              ))}
              . Encrypt or hash them, or block Red fields at the source.
            </>
          )}
        </p>
      )}
      <EncryptionPanel workspaceId={workspaceId} state={state} run={reauth.run} />
      <HashingPanel workspaceId={workspaceId} state={state} run={reauth.run} />
      {reauth.dialog}
    </div>
  );
}
