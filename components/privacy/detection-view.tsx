'use client';
import { useState, type FormEvent } from 'react';
import { useMatcherMutations, useMatchers } from '@/lib/queries/privacy';
import { useWorkspace } from '@/components/shell/workspace-context';
import { buttonClass, inputClass } from '@/components/ui/dialog';
import { ColorBadge, ColorSelect } from './color';
import { MatcherForm } from './matcher-form';
import { SYNONYM_MAX, type MatcherView } from '@/lib/schemas/privacy';

const TYPE_LABEL = { exact: 'Exact', regex: 'Regex', preset: 'Value pattern' } as const;

export function DetectionView({ workspaceId }: { workspaceId: string }) {
  const { can } = useWorkspace();
  const edit = can('privacy.matchers');
  const { data, error, isLoading } = useMatchers(workspaceId);
  const m = useMatcherMutations(workspaceId);
  if (isLoading) return <p>Loading matchers…</p>;
  if (error)
    return (
      <p role="alert" className="text-red-700">
        {(error as Error).message}
      </p>
    );
  const view = data!;
  const mutationError = m.update.error ?? m.remove.error ?? m.removeSynonym.error;
  const presetName = new Map(view.presets.map((p) => [p.id, p.name]));

  return (
    <div className="space-y-8">
      <div role="note" className="rounded-md border border-brand-100 bg-brand-50 px-4 py-3 text-sm text-brand-800">
        <strong>Matching is exact, never fuzzy.</strong> Keys are compared after normalisation (case, <code>_</code>,{' '}
        <code>-</code>, spaces and camelCase are folded, so <code>firstName</code> = <code>first_name</code> ={' '}
        <code>First Name</code>), or by the regular expressions you write. There is no &ldquo;similar&rdquo; matching:
        add a synonym for every other spelling you use. Matchers scan <code>context</code>, <code>traits</code> and{' '}
        <code>properties</code>. Changes apply to events processed after them.
      </div>
      {mutationError && (
        <p role="alert" className="text-sm text-red-700">
          {(mutationError as Error).message}
        </p>
      )}

      <section aria-labelledby="defaults-heading">
        <h2 id="defaults-heading" className="mb-2 text-lg font-semibold">
          Default matchers
        </h2>
        <div className="overflow-x-auto">
          <table className="w-full rounded-lg border border-slate-200 bg-white text-sm">
            <caption className="sr-only">Default matchers</caption>
            <thead className="bg-slate-50 text-left text-slate-600">
              <tr>
                <th scope="col" className="px-3 py-2">
                  Matcher
                </th>
                <th scope="col" className="px-3 py-2">
                  Matches On
                </th>
                <th scope="col" className="px-3 py-2">
                  Default Classification
                </th>
                <th scope="col" className="px-3 py-2">
                  Classification
                </th>
                <th scope="col" className="px-3 py-2">
                  On
                </th>
              </tr>
            </thead>
            <tbody>
              {view.builtIn.map((row) => (
                <tr key={row.id} className="border-t border-slate-100 align-top">
                  <th scope="row" className="px-3 py-2 text-left font-medium">
                    {row.name}
                  </th>
                  <td className="px-3 py-2">
                    Key{' '}
                    <span className="text-xs text-slate-500">
                      ({[...row.spellings, ...row.synonyms.map((s) => s.normalizedKey)].join(', ')})
                    </span>
                  </td>
                  <td className="px-3 py-2">
                    <ColorBadge color={row.defaultColor} />
                  </td>
                  <td className="px-3 py-2">
                    {edit ? (
                      <ColorSelect
                        id={`builtin-color-${row.id}`}
                        label={`Classification of ${row.name}`}
                        value={row.color}
                        onChange={(color) => m.update.mutate({ id: row.id, color })}
                      />
                    ) : (
                      <ColorBadge color={row.color} />
                    )}
                  </td>
                  <td className="px-3 py-2">
                    <input
                      type="checkbox"
                      aria-label={`${row.name} matcher on`}
                      checked={row.enabled}
                      disabled={!edit || m.update.isPending}
                      onChange={(e) => m.update.mutate({ id: row.id, enabled: e.target.checked })}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="custom-heading" className="space-y-3">
        <h2 id="custom-heading" className="text-lg font-semibold">
          Custom matchers
        </h2>
        {view.custom.length === 0 ? (
          <p className="text-sm text-slate-600">No custom matchers yet.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full rounded-lg border border-slate-200 bg-white text-sm">
              <caption className="sr-only">Custom matchers</caption>
              <thead className="bg-slate-50 text-left text-slate-600">
                <tr>
                  <th scope="col" className="px-3 py-2">
                    Symbol Name
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Matches On
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Type
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Pattern
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Classification
                  </th>
                  <th scope="col" className="px-3 py-2">
                    On
                  </th>
                  <th scope="col" className="px-3 py-2">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {view.custom.map((row) => (
                  <tr key={row.id} className="border-t border-slate-100 align-top">
                    <th scope="row" className="px-3 py-2 text-left font-medium">
                      {row.name}
                    </th>
                    <td className="px-3 py-2">{row.matchOn === 'key' ? 'Key' : 'Value'}</td>
                    <td className="px-3 py-2">{TYPE_LABEL[row.type]}</td>
                    <td className="px-3 py-2 font-mono text-xs">
                      {row.type === 'preset' ? (presetName.get(row.preset ?? '') ?? row.preset) : row.pattern}
                    </td>
                    <td className="px-3 py-2">
                      {edit ? (
                        <ColorSelect
                          id={`custom-color-${row.id}`}
                          label={`Classification of ${row.name}`}
                          colors={['red', 'yellow']}
                          value={row.color}
                          onChange={(color) => m.update.mutate({ id: row.id, color })}
                        />
                      ) : (
                        <ColorBadge color={row.color} />
                      )}
                    </td>
                    <td className="px-3 py-2">
                      <input
                        type="checkbox"
                        aria-label={`${row.name} matcher on`}
                        checked={row.enabled}
                        disabled={!edit || m.update.isPending}
                        onChange={(e) => m.update.mutate({ id: row.id, enabled: e.target.checked })}
                      />
                    </td>
                    <td className="px-3 py-2 text-right">
                      {edit && (
                        <button
                          type="button"
                          className="text-sm text-red-700 hover:underline"
                          onClick={() => m.remove.mutate(row.id)}
                        >
                          Delete<span className="sr-only"> {row.name}</span>
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {edit && <MatcherForm workspaceId={workspaceId} view={view} />}
      </section>

      <SynonymsPanel
        workspaceId={workspaceId}
        matchers={[...view.builtIn, ...view.custom].filter((x) => x.matchOn === 'key')}
        edit={edit}
      />
    </div>
  );
}

function SynonymsPanel({
  workspaceId,
  matchers,
  edit,
}: {
  workspaceId: string;
  matchers: MatcherView[];
  edit: boolean;
}) {
  const m = useMatcherMutations(workspaceId);
  const [error, setError] = useState<string | null>(null);
  const all = matchers.flatMap((x) => x.synonyms.map((s) => ({ ...s, matcher: x.name })));

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setError(null);
    const form = e.currentTarget;
    const f = new FormData(form);
    try {
      await m.addSynonym.mutateAsync({ matcherId: String(f.get('matcherId')), key: String(f.get('key') ?? '') });
      form.reset();
    } catch (err) {
      setError((err as Error).message);
    }
  }

  return (
    <section aria-labelledby="synonyms-heading" className="space-y-3">
      <h2 id="synonyms-heading" className="text-lg font-semibold">
        Synonyms
      </h2>
      <p className="text-sm text-slate-600">
        Other keys a key matcher should match exactly, for example <code>patient_email</code> → Email.
      </p>
      {all.length === 0 ? (
        <p className="text-sm text-slate-600">No synonyms yet.</p>
      ) : (
        <ul
          aria-label="Synonyms"
          className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm"
        >
          {all.map((s) => (
            <li key={s.id} className="flex items-center justify-between px-3 py-2">
              <span>
                <code className="font-mono">{s.key}</code> → {s.matcher}
              </span>
              {edit && (
                <button
                  type="button"
                  className="text-red-700 hover:underline"
                  onClick={() => m.removeSynonym.mutate(s.id)}
                >
                  Remove<span className="sr-only"> synonym {s.key}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {edit && (
        <form
          onSubmit={(e) => void submit(e)}
          aria-label="Add a synonym"
          className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4"
        >
          <div>
            <label htmlFor="synonym-key" className="block text-sm font-medium">
              Key
            </label>
            <input
              id="synonym-key"
              name="key"
              required
              maxLength={SYNONYM_MAX}
              className={`${inputClass} font-mono`}
              placeholder="patient_email"
            />
          </div>
          <div>
            <label htmlFor="synonym-matcher" className="block text-sm font-medium">
              Matcher
            </label>
            <select id="synonym-matcher" name="matcherId" className={inputClass}>
              {matchers.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className={buttonClass.primary} disabled={m.addSynonym.isPending}>
            Add synonym
          </button>
          {error && (
            <p role="alert" className="w-full text-sm text-red-700">
              {error}
            </p>
          )}
        </form>
      )}
    </section>
  );
}
