'use client';
import { useState, type FormEvent } from 'react';
import { useMatcherMutations } from '@/lib/queries/privacy';
import { buttonClass, inputClass } from '@/components/ui/dialog';
import { MAX_PATTERN_LENGTH } from '@/lib/privacy/safe-regex';
import { MATCHER_NAME_MAX, type MatchersView, type MatcherType } from '@/lib/schemas/privacy';

/** New custom matcher: Symbol Name, Red or Yellow, Key or Value, Exact / Regex / ready-made value pattern. */
export function MatcherForm({ workspaceId, view }: { workspaceId: string; view: MatchersView }) {
  const m = useMatcherMutations(workspaceId);
  const [matchOn, setMatchOn] = useState<'key' | 'value'>('key');
  const [type, setType] = useState<MatcherType>('exact');
  const [preset, setPreset] = useState(view.presets[0]?.id ?? '');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const full = view.custom.length >= view.limit;
  const effectiveType = matchOn === 'key' && type === 'preset' ? 'exact' : type;

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setError(null);
    setDone(null);
    const form = e.currentTarget;
    const f = new FormData(form);
    try {
      const created = await m.create.mutateAsync({
        name: String(f.get('name') ?? ''),
        color: String(f.get('color')) as 'red' | 'yellow',
        matchOn,
        type: effectiveType,
        ...(effectiveType === 'preset' ? { preset } : { pattern: String(f.get('pattern') ?? '') }),
      });
      setDone(`Matcher "${created.name}" added. It applies to events processed from now on.`);
      form.reset();
    } catch (err) {
      setError((err as Error).message);
    }
  }

  const preset_ = view.presets.find((p) => p.id === preset);
  return (
    <form
      onSubmit={(e) => void submit(e)}
      aria-label="Add a custom matcher"
      className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2"
    >
      <p className="text-sm text-slate-600 sm:col-span-2">
        {view.custom.length} of {view.limit} custom matchers used.
      </p>
      <div>
        <label htmlFor="matcher-name" className="block text-sm font-medium">
          Symbol name
        </label>
        <input
          id="matcher-name"
          name="name"
          required
          maxLength={MATCHER_NAME_MAX}
          className={inputClass}
          placeholder="Medical record number"
        />
      </div>
      <div>
        <label htmlFor="matcher-color" className="block text-sm font-medium">
          Classification
        </label>
        <select id="matcher-color" name="color" defaultValue="yellow" className={inputClass}>
          <option value="red">Red</option>
          <option value="yellow">Yellow</option>
        </select>
      </div>
      <div>
        <label htmlFor="matcher-on" className="block text-sm font-medium">
          Match on
        </label>
        <select
          id="matcher-on"
          value={matchOn}
          onChange={(e) => setMatchOn(e.target.value as 'key' | 'value')}
          className={inputClass}
        >
          <option value="key">Key</option>
          <option value="value">Value</option>
        </select>
      </div>
      <div>
        <label htmlFor="matcher-type" className="block text-sm font-medium">
          Type
        </label>
        <select
          id="matcher-type"
          value={effectiveType}
          onChange={(e) => setType(e.target.value as MatcherType)}
          className={inputClass}
        >
          <option value="exact">Exact</option>
          <option value="regex">Regular expression</option>
          {matchOn === 'value' && <option value="preset">Ready-made value pattern</option>}
        </select>
      </div>
      {effectiveType === 'preset' ? (
        <div className="sm:col-span-2">
          <label htmlFor="matcher-preset" className="block text-sm font-medium">
            Value pattern
          </label>
          <select
            id="matcher-preset"
            value={preset}
            onChange={(e) => setPreset(e.target.value)}
            className={inputClass}
            aria-describedby="matcher-preset-help"
          >
            {view.presets.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
          <p id="matcher-preset-help" className="mt-1 text-xs text-slate-600">
            {preset_?.description}
          </p>
        </div>
      ) : (
        <div className="sm:col-span-2">
          <label htmlFor="matcher-pattern" className="block text-sm font-medium">
            {effectiveType === 'regex' ? 'Regular expression' : matchOn === 'key' ? 'Key' : 'Value'}
          </label>
          <input
            id="matcher-pattern"
            name="pattern"
            required
            maxLength={MAX_PATTERN_LENGTH}
            className={`${inputClass} font-mono`}
            aria-describedby="matcher-pattern-help"
            placeholder={
              effectiveType === 'regex' ? '^mrn(_|-)?(no|number)?$' : matchOn === 'key' ? 'medical_record_number' : ''
            }
          />
          <p id="matcher-pattern-help" className="mt-1 text-xs text-slate-600">
            {effectiveType === 'regex'
              ? `Up to ${MAX_PATTERN_LENGTH} characters. Patterns that can backtrack catastrophically (nested quantifiers such as (a+)+) are refused. Key regexes are tried on the raw key and on its normalised form.`
              : matchOn === 'key'
                ? 'Matched exactly after normalisation: MRN, mrn and Mrn are the same key; mrn_id is not.'
                : 'The whole value must be exactly this text.'}
          </p>
        </div>
      )}
      <div className="flex items-center gap-3 sm:col-span-2">
        <button type="submit" className={buttonClass.primary} disabled={full || m.create.isPending}>
          Add matcher
        </button>
        {full && (
          <span className="text-sm text-slate-600">The workspace has the maximum of {view.limit} custom matchers.</span>
        )}
      </div>
      {error && (
        <p role="alert" className="text-sm text-red-700 sm:col-span-2">
          {error}
        </p>
      )}
      <p role="status" className="text-sm text-slate-700 sm:col-span-2">
        {done}
      </p>
    </form>
  );
}
