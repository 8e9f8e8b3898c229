'use client';
import { useCallback, useState } from 'react';
import { ApiError } from '@/lib/api-client';
import { useReplay, type ReplayInput } from '@/lib/queries/delivery';
import { endpointChangeConflict, type EndpointChangeConflict } from '@/lib/schemas/delivery';
import { useReauth } from '@/components/session/reauth-dialog';
import { useWorkspace } from '@/components/shell/workspace-context';
import { Dialog, buttonClass } from '@/components/ui/dialog';

type Crossing = EndpointChangeConflict & { deliveryIds?: string[] };

/**
 * Replay as the Event Delivery tab runs it. The server refuses (409) to send
 * deliveries queued before the destination's endpoint changed unless an owner
 * confirms; the answer names both endpoints, and this shows them in a dialog
 * before asking again with confirmEndpointChange. In a HIPAA-eligible workspace
 * that confirmation also needs "Confirm it's you" (useReauth).
 */
export function useReplayFlow(workspaceId: string, destinationId: string) {
  const replay = useReplay(workspaceId, destinationId);
  const { mutateAsync, reset } = replay;
  const reauth = useReauth();
  const { run } = reauth;
  const [crossing, setCrossing] = useState<Crossing | null>(null);

  const send = useCallback(
    async (input: ReplayInput) => {
      try {
        await run(() => mutateAsync(input));
      } catch (e) {
        const conflict = e instanceof ApiError && e.status === 409 ? endpointChangeConflict.safeParse(e.details) : null;
        if (conflict?.success) {
          reset();
          setCrossing({ ...conflict.data, ...(input.deliveryIds ? { deliveryIds: input.deliveryIds } : {}) });
        }
        // Any other error stays on the mutation for the tab to show.
      }
    },
    [run, mutateAsync, reset],
  );

  const start = useCallback((deliveryIds?: string[]) => send(deliveryIds ? { deliveryIds } : {}), [send]);
  const close = useCallback(() => setCrossing(null), []);
  const confirm = useCallback(() => {
    if (!crossing) return;
    setCrossing(null);
    void send({ ...(crossing.deliveryIds ? { deliveryIds: crossing.deliveryIds } : {}), confirmEndpointChange: true });
  }, [crossing, send]);

  const dialogs = (
    <>
      <EndpointChangeDialog crossing={crossing} onClose={close} onConfirm={confirm} />
      {reauth.dialog}
    </>
  );
  return { replay, start, dialogs };
}

function EndpointChangeDialog({
  crossing,
  onClose,
  onConfirm,
}: {
  crossing: Crossing | null;
  onClose: () => void;
  onConfirm: () => void;
}) {
  const { role } = useWorkspace();
  const n = crossing?.queuedBeforeChange ?? 0;
  return (
    <Dialog open={crossing !== null} title="Send to the new endpoint?" onClose={onClose}>
      {crossing && (
        <div className="space-y-3 text-sm">
          <p>
            {n.toLocaleString()} {n === 1 ? 'delivery was' : 'deliveries were'} queued before this destination’s
            endpoint changed ({new Date(crossing.endpointChangedAt).toLocaleString()}). They were meant for the old
            endpoint.
          </p>
          <p className="break-all rounded bg-slate-50 p-2 font-mono text-xs">
            {crossing.previousEndpoint} → {crossing.currentEndpoint}
          </p>
          <dl className="grid grid-cols-[6rem_1fr] gap-y-1">
            <dt className="text-slate-600">Old endpoint</dt>
            <dd className="break-all">{crossing.previousEndpoint}</dd>
            <dt className="text-slate-600">New endpoint</dt>
            <dd className="break-all">{crossing.currentEndpoint}</dd>
          </dl>
          {role === 'owner' ? (
            <p>
              Replaying sends them, with the data they carry, to the new endpoint. The audit log records your
              confirmation with both endpoints.
            </p>
          ) : (
            <p>Only a workspace owner can confirm this. Nothing was replayed.</p>
          )}
          <div className="flex justify-end gap-2">
            <button type="button" className={buttonClass.secondary} onClick={onClose}>
              {role === 'owner' ? 'Cancel' : 'Close'}
            </button>
            {role === 'owner' && (
              <button type="button" className={buttonClass.danger} onClick={onConfirm}>
                Send to the new endpoint
              </button>
            )}
          </div>
        </div>
      )}
    </Dialog>
  );
}
