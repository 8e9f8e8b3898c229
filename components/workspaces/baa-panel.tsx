'use client';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { useBaaMutations, useBaaStatus, type BaaStatus } from '@/lib/queries/workspaces';
import { fieldErrorsOf } from '@/lib/queries/field-errors';
import { PLAN_TIER_LABELS, type RecordBaaInput } from '@/lib/schemas/workspaces';
import { useWorkspace } from '@/components/shell/workspace-context';
import { Dialog, buttonClass, inputClass } from '@/components/ui/dialog';

const tier = (t: string) => PLAN_TIER_LABELS[t as keyof typeof PLAN_TIER_LABELS] ?? t;
const day = (iso: string) => iso.slice(0, 10);

export function BaaPanel({ workspaceId, initial }: { workspaceId: string; initial: BaaStatus }) {
  const router = useRouter();
  const { can } = useWorkspace();
  const { data: s } = useBaaStatus(workspaceId, initial);
  const m = useBaaMutations(workspaceId);
  const [confirming, setConfirming] = useState(false);
  const errors = fieldErrorsOf(m.record.error);

  async function onRecord(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const ok = await m.record
      .mutateAsync({
        signedAt: String(f.get('signedAt')),
        signatory: String(f.get('signatory')),
        planTier: String(f.get('planTier')) as RecordBaaInput['planTier'],
      })
      .then(
        () => true,
        () => false,
      );
    if (ok) {
      form.reset();
      router.refresh();
    }
  }

  async function onRevoke() {
    const ok = await m.revoke.mutateAsync().then(
      () => true,
      () => false,
    );
    if (ok) {
      setConfirming(false);
      router.refresh();
    }
  }

  return (
    <section aria-labelledby="hipaa-heading" className="mt-6 space-y-4">
      <h3 id="hipaa-heading" className="text-base font-semibold">
        HIPAA eligibility
      </h3>
      {s.eligible && s.active ? (
        <div
          role="status"
          aria-label="HIPAA Eligible"
          className="flex items-start gap-3 rounded-md border border-brand-600/30 bg-brand-50 p-4"
        >
          <span aria-hidden className="mt-0.5 rounded bg-brand-600 px-2 py-0.5 text-xs font-bold text-white">
            HIPAA
          </span>
          <div>
            <p className="font-semibold text-brand-800">HIPAA Eligible — This workspace is HIPAA Eligible</p>
            <p className="text-sm text-slate-700">
              BAA signed {s.active.signedAt} by {s.active.signatory} ({tier(s.active.planTier)} plan).
            </p>
            <p className="mt-1 text-xs text-slate-600">
              Members of this workspace are signed out after 15 minutes of inactivity, in every workspace they belong
              to.
            </p>
          </div>
        </div>
      ) : (
        <div
          role="status"
          aria-label="Not HIPAA eligible"
          className="rounded-md border border-slate-200 bg-slate-50 p-4 text-sm"
        >
          <p className="font-semibold">This workspace is not HIPAA eligible</p>
          <ul className="mt-1 list-disc pl-5 text-slate-700">
            {s.gaps.map((g) => (
              <li key={g}>{g}</li>
            ))}
          </ul>
          {s.revoked && (
            <p className="mt-2 text-amber-800">
              The BAA signed {s.revoked.signedAt} by {s.revoked.signatory} was revoked on {day(s.revoked.revokedAt!)}.
            </p>
          )}
        </div>
      )}

      {can('baa.manage') && (
        <form
          onSubmit={onRecord}
          aria-label="Record BAA"
          className="grid max-w-2xl grid-cols-1 gap-3 rounded-md border border-slate-200 p-4 sm:grid-cols-3"
          noValidate
        >
          <p className="text-sm font-medium sm:col-span-3">
            {s.active ? 'Record a new BAA (it replaces the current one)' : 'Record the signed BAA'}
          </p>
          <div>
            <label htmlFor="baa-signed" className="block text-sm font-medium">
              Signed date
            </label>
            <input
              id="baa-signed"
              name="signedAt"
              type="date"
              required
              className={inputClass}
              aria-invalid={Boolean(errors.signedAt)}
            />
            {errors.signedAt && <p className="mt-1 text-xs text-red-700">{errors.signedAt}</p>}
          </div>
          <div>
            <label htmlFor="baa-signatory" className="block text-sm font-medium">
              Signatory
            </label>
            <input
              id="baa-signatory"
              name="signatory"
              required
              maxLength={100}
              className={inputClass}
              aria-invalid={Boolean(errors.signatory)}
            />
            {errors.signatory && <p className="mt-1 text-xs text-red-700">{errors.signatory}</p>}
          </div>
          <div>
            <label htmlFor="baa-tier" className="block text-sm font-medium">
              Plan tier
            </label>
            <select id="baa-tier" name="planTier" defaultValue="business" className={inputClass}>
              {Object.entries(PLAN_TIER_LABELS).map(([v, l]) => (
                <option key={v} value={v}>
                  {l}
                </option>
              ))}
            </select>
          </div>
          <p className="text-xs text-slate-500 sm:col-span-2">
            As with Segment, only a BAA on the Business tier makes the workspace HIPAA eligible.
          </p>
          <div className="flex items-end justify-end gap-2">
            {s.active && (
              <button type="button" onClick={() => setConfirming(true)} className={buttonClass.secondary}>
                Revoke BAA
              </button>
            )}
            <button type="submit" disabled={m.record.isPending} className={buttonClass.primary}>
              Record BAA
            </button>
          </div>
          {m.record.error && !Object.keys(errors).length && (
            <p role="alert" className="text-sm text-red-700 sm:col-span-3">
              {m.record.error.message}
            </p>
          )}
        </form>
      )}

      {s.history.length > 0 && (
        <table className="w-full max-w-2xl text-sm">
          <caption className="mb-1 text-left font-medium">BAA history</caption>
          <thead className="text-left text-slate-600">
            <tr>
              <th scope="col" className="py-1">
                Signed
              </th>
              <th scope="col">Signatory</th>
              <th scope="col">Plan</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {s.history.map((b) => (
              <tr key={b.id} className="border-t border-slate-100">
                <td className="py-1">{b.signedAt}</td>
                <td>{b.signatory}</td>
                <td>{tier(b.planTier)}</td>
                <td>{b.revokedAt ? `Revoked ${day(b.revokedAt)}` : 'Active'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <Dialog open={confirming} title="Revoke the BAA?" onClose={() => setConfirming(false)} role="alertdialog">
        <div className="space-y-3 text-sm">
          <p>
            This workspace stops being HIPAA eligible at once. The badge is removed and every screen that can show PHI
            carries a warning until a new Business-tier BAA is recorded.
          </p>
          <p>
            Do not send PHI to this workspace without a BAA. The revoked record is kept, and this action is written to
            the audit log.
          </p>
          {m.revoke.error && (
            <p role="alert" className="text-red-700">
              {m.revoke.error.message}
            </p>
          )}
          <div className="flex justify-end gap-2">
            <button type="button" onClick={() => setConfirming(false)} className={buttonClass.secondary}>
              Cancel
            </button>
            <button
              type="button"
              onClick={() => void onRevoke()}
              disabled={m.revoke.isPending}
              className={buttonClass.danger}
            >
              Revoke BAA
            </button>
          </div>
        </div>
      </Dialog>
    </section>
  );
}
