'use client';
import { useState, type FormEvent } from 'react';
import { useMembers, useMemberMutations, type MemberRow } from '@/lib/queries/members';
import { useWorkspace } from '@/components/shell/workspace-context';
import { Dialog, buttonClass, inputClass } from '@/components/ui/dialog';
import { useToast } from '@/components/ui/toast';
import { ROLES, type Role } from '@/lib/permissions';

const ROLE_HELP: Record<Role, string> = {
  owner: 'Everything, including members, BAA and security.',
  member: 'Configures sources and destinations. Sees masked PHI unless granted PII access.',
  compliance: 'Reads settings and the audit log, exports it, changes nothing.',
};

export function MembersPanel({ workspaceId, currentUserId }: { workspaceId: string; currentUserId: string }) {
  const { can } = useWorkspace();
  const manage = can('members.manage');
  const { data, error, isLoading } = useMembers(workspaceId);
  const m = useMemberMutations(workspaceId);
  const { notify } = useToast();
  const [inviteUrl, setInviteUrl] = useState<string | null>(null);
  const [removing, setRemoving] = useState<MemberRow | null>(null);
  const [formError, setFormError] = useState<string | null>(null);

  async function onInvite(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setFormError(null);
    const f = new FormData(e.currentTarget);
    try {
      const r = await m.invite.mutateAsync({ email: String(f.get('email')), role: String(f.get('role')) as Role });
      setInviteUrl(r.inviteUrl);
      e.currentTarget?.reset();
    } catch (err) {
      setFormError((err as Error).message);
    }
  }

  if (isLoading) return <p>Loading members…</p>;
  if (error)
    return (
      <p role="alert" className="text-red-700">
        {(error as Error).message}
      </p>
    );
  const mutationError = m.update.error ?? m.remove.error ?? m.revokeInvite.error;

  return (
    <div className="space-y-6">
      {manage && (
        <form
          onSubmit={onInvite}
          className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4"
          aria-label="Invite a member"
        >
          <div className="min-w-64 flex-1">
            <label htmlFor="invite-email" className="block text-sm font-medium">
              Email
            </label>
            <input id="invite-email" name="email" type="email" required className={inputClass} />
          </div>
          <div>
            <label htmlFor="invite-role" className="block text-sm font-medium">
              Role
            </label>
            <select id="invite-role" name="role" defaultValue="member" className={inputClass}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className={buttonClass.primary} disabled={m.invite.isPending}>
            Send invite
          </button>
          {formError && (
            <p role="alert" className="w-full text-sm text-red-700">
              {formError}
            </p>
          )}
        </form>
      )}
      {mutationError && (
        <p role="alert" className="text-sm text-red-700">
          {(mutationError as Error).message}
        </p>
      )}
      <table className="w-full rounded-lg border border-slate-200 bg-white text-sm">
        <caption className="sr-only">Members</caption>
        <thead className="bg-slate-50 text-left text-slate-600">
          <tr>
            <th scope="col" className="px-4 py-2">
              Name
            </th>
            <th scope="col" className="px-4 py-2">
              Role
            </th>
            <th scope="col" className="px-4 py-2">
              PII access
            </th>
            <th scope="col" className="px-4 py-2">
              2FA
            </th>
            <th scope="col" className="px-4 py-2">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {data!.members.map((row) => (
            <tr key={row.id} className="border-t border-slate-100">
              <td className="px-4 py-2">
                <div className="font-medium">{row.name}</div>
                <div className="text-xs text-slate-500">{row.email}</div>
              </td>
              <td className="px-4 py-2">
                {manage ? (
                  <select
                    aria-label={`Role of ${row.name}`}
                    value={row.role}
                    onChange={(e) => {
                      const role = e.target.value as Role;
                      m.update.mutate(
                        { memberId: row.id, role },
                        { onSuccess: () => notify(`${row.name} is now ${role === 'owner' ? 'an' : 'a'} ${role}`) },
                      );
                    }}
                    className="rounded border border-slate-300 px-2 py-1"
                    title={ROLE_HELP[row.role]}
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {r}
                      </option>
                    ))}
                  </select>
                ) : (
                  row.role
                )}
              </td>
              <td className="px-4 py-2">
                {row.role === 'owner' ? (
                  'Always'
                ) : manage ? (
                  <label className="inline-flex items-center gap-2">
                    <input
                      type="checkbox"
                      checked={row.piiAccess}
                      onChange={(e) => {
                        const piiAccess = e.target.checked;
                        m.update.mutate(
                          { memberId: row.id, piiAccess },
                          {
                            onSuccess: () =>
                              notify(
                                piiAccess ? `PII access granted to ${row.name}` : `PII access removed for ${row.name}`,
                              ),
                          },
                        );
                      }}
                    />
                    <span className="sr-only">PII access for {row.name}</span>
                    {row.piiAccess ? 'Granted' : 'Masked'}
                  </label>
                ) : row.piiAccess ? (
                  'Granted'
                ) : (
                  'Masked'
                )}
              </td>
              <td className="px-4 py-2">{row.mfa ? 'On' : 'Off'}</td>
              <td className="px-4 py-2 text-right">
                {manage && row.userId !== currentUserId && (
                  <button
                    type="button"
                    className="text-sm text-red-700 hover:underline"
                    onClick={() => setRemoving(row)}
                  >
                    Remove<span className="sr-only"> {row.name}</span>
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {data!.invites.length > 0 && (
        <section aria-labelledby="pending-invites">
          <h2 id="pending-invites" className="mb-2 font-semibold">
            Pending invites
          </h2>
          <ul className="divide-y rounded-lg border border-slate-200 bg-white text-sm">
            {data!.invites.map((i) => (
              <li key={i.id} className="flex items-center justify-between px-4 py-2">
                <span>
                  {i.email} · {i.role} · expires {new Date(i.expiresAt).toLocaleDateString()}
                </span>
                {manage && (
                  <button
                    type="button"
                    className="text-red-700 hover:underline"
                    onClick={() => m.revokeInvite.mutate(i.id)}
                  >
                    Revoke<span className="sr-only"> invite for {i.email}</span>
                  </button>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      <Dialog open={inviteUrl !== null} title="Invite link" onClose={() => setInviteUrl(null)}>
        <p className="text-sm text-slate-700">
          Send this one-time link to the person you invited. It is shown only now and expires in 7 days.
        </p>
        <label htmlFor="invite-link" className="mt-3 block text-sm font-medium">
          Invite link
        </label>
        <input
          id="invite-link"
          readOnly
          value={inviteUrl ?? ''}
          className={`${inputClass} font-mono`}
          onFocus={(e) => e.currentTarget.select()}
        />
        <div className="mt-4 flex justify-end gap-2">
          <button
            type="button"
            className={buttonClass.secondary}
            onClick={() => void navigator.clipboard?.writeText(inviteUrl ?? '')}
          >
            Copy
          </button>
          <button type="button" className={buttonClass.primary} onClick={() => setInviteUrl(null)}>
            Done
          </button>
        </div>
      </Dialog>
      <Dialog
        open={removing !== null}
        role="alertdialog"
        title={`Remove ${removing?.name ?? ''}?`}
        onClose={() => setRemoving(null)}
      >
        <p className="text-sm text-slate-700">
          They lose access to this workspace and are signed out of every session immediately.
        </p>
        <div className="mt-4 flex justify-end gap-2">
          <button type="button" className={buttonClass.secondary} onClick={() => setRemoving(null)}>
            Cancel
          </button>
          <button
            type="button"
            className={buttonClass.danger}
            onClick={() => {
              if (removing) {
                const { name } = removing;
                m.remove.mutate(removing.id, { onSuccess: () => notify(`${name} was removed`) });
              }
              setRemoving(null);
            }}
          >
            Remove member
          </button>
        </div>
      </Dialog>
    </div>
  );
}
