'use client';
import { useCallback, useState, type FormEvent } from 'react';
import type { FunctionVersionSummary } from '@/lib/schemas/functions';
import { Dialog, buttonClass } from '@/components/ui/dialog';

function reason(v: FunctionVersionSummary): string | null {
  if (v.deployed) return 'Already deployed.';
  if (!v.deployable) return 'Cannot deploy: this version has code errors. Fix them and save a new version.';
  return null;
}

/**
 * Deploy is explicit: the owner picks the version that connected destinations run.
 * Versions that cannot be deployed are listed, disabled, with the reason.
 */
export function DeployDialog({
  open,
  onClose,
  versions,
  unsaved,
  pending,
  error,
  onDeploy,
}: {
  open: boolean;
  onClose: () => void;
  versions: FunctionVersionSummary[];
  /** The editor holds changes that are in no version yet. */
  unsaved: boolean;
  pending: boolean;
  error: string | null;
  onDeploy: (versionId: string) => void;
}) {
  const sorted = [...versions].sort((a, b) => b.number - a.number);
  const firstChoice = sorted.find((v) => reason(v) === null)?.id ?? '';
  const [picked, setPicked] = useState<string | null>(null);
  const choice = picked ?? firstChoice;

  function submit(e: FormEvent) {
    e.preventDefault();
    if (choice) onDeploy(choice);
  }
  // Stable: the Dialog moves focus whenever its onClose changes.
  const close = useCallback(() => {
    setPicked(null);
    onClose();
  }, [onClose]);

  return (
    <Dialog open={open} title="Deploy a version" onClose={close}>
      <form onSubmit={submit} className="space-y-4 text-sm">
        <p>Connected destinations run the deployed version from their next event on.</p>
        {unsaved && (
          <p role="note" className="rounded-md border border-amber-300 bg-amber-50 p-2 text-amber-900">
            The editor has unsaved changes. They are in no version: save first to deploy them.
          </p>
        )}
        <fieldset>
          <legend className="font-medium">Version to deploy</legend>
          <div className="mt-2 space-y-2">
            {sorted.map((v) => {
              const why = reason(v);
              return (
                <label
                  key={v.id}
                  className={`flex items-start gap-2 rounded-md border border-slate-200 p-2 ${why ? 'text-slate-500' : ''}`}
                >
                  <input
                    type="radio"
                    name="deploy-version"
                    value={v.id}
                    checked={choice === v.id}
                    disabled={why !== null}
                    aria-describedby={why ? `deploy-why-${v.id}` : undefined}
                    onChange={() => setPicked(v.id)}
                    className="mt-1"
                  />
                  <span>
                    <span className="block font-medium">
                      Version {v.number}
                      {v.number === sorted[0]?.number ? ' (latest)' : ''}
                    </span>
                    <span className="block text-xs">Saved {new Date(v.createdAt).toLocaleString()}</span>
                    {why && (
                      <span id={`deploy-why-${v.id}`} className="block text-xs">
                        {why}
                      </span>
                    )}
                  </span>
                </label>
              );
            })}
          </div>
        </fieldset>
        {error && (
          <p role="alert" className="text-red-700">
            {error}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <button type="button" onClick={close} className={buttonClass.secondary}>
            Cancel
          </button>
          <button type="submit" disabled={!choice || pending} className={buttonClass.primary}>
            {pending ? 'Deploying…' : 'Deploy'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
