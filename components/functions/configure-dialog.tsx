'use client';
import Image from 'next/image';
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { MAX_LOGO_BYTES } from '@/lib/schemas/functions';
import { entityName } from '@/lib/schemas/names';
import { Dialog, buttonClass, inputClass } from '@/components/ui/dialog';

export interface FunctionDetails {
  name: string;
  description: string;
  logo: string | null;
}

const LOGO_TYPES = ['image/png', 'image/jpeg', 'image/webp'];

function readDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result));
    r.onerror = () => reject(r.error ?? new Error('The file could not be read.'));
    r.readAsDataURL(file);
  });
}

/** Configure: name, optional description and logo. Creates the function (draft) or saves its details. */
export function ConfigureDialog({
  open,
  title,
  action,
  initial,
  pending,
  error,
  fieldErrors = {},
  onClose,
  onSubmit,
}: {
  open: boolean;
  title: string;
  action: string;
  initial: FunctionDetails;
  pending: boolean;
  error: string | null;
  fieldErrors?: Record<string, string>;
  onClose: () => void;
  onSubmit: (d: FunctionDetails) => void;
}) {
  const [name, setName] = useState(initial.name);
  const [description, setDescription] = useState(initial.description);
  const [logo, setLogo] = useState<string | null>(initial.logo);
  const [local, setLocal] = useState<Record<string, string>>({});
  const errors = { ...fieldErrors, ...local };

  async function onFile(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    setLocal((l) => ({ ...l, logo: '' }));
    if (!file) return;
    if (!LOGO_TYPES.includes(file.type)) {
      e.target.value = '';
      return setLocal((l) => ({ ...l, logo: 'The logo must be a PNG, JPEG or WebP image.' }));
    }
    if (file.size > MAX_LOGO_BYTES) {
      e.target.value = '';
      return setLocal((l) => ({ ...l, logo: `The logo must be at most ${MAX_LOGO_BYTES / 1024} KB.` }));
    }
    setLogo(await readDataUrl(file));
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    const n = entityName('Function name').safeParse(name);
    if (!n.success) return setLocal((l) => ({ ...l, name: n.error.issues[0].message }));
    setLocal({});
    onSubmit({ name: n.data, description: description.trim(), logo });
  }

  return (
    <Dialog open={open} title={title} onClose={onClose}>
      <form onSubmit={submit} className="space-y-4 text-sm" noValidate>
        <div>
          <label htmlFor="fn-name" className="block font-medium">
            Function name
          </label>
          <input
            id="fn-name"
            value={name}
            maxLength={100}
            onChange={(e) => setName(e.target.value)}
            aria-invalid={Boolean(errors.name)}
            aria-describedby="fn-name-msg"
            className={inputClass}
          />
          <p id="fn-name-msg" className="mt-1 text-xs text-red-700">
            {errors.name}
          </p>
        </div>
        <div>
          <label htmlFor="fn-description" className="block font-medium">
            Description <span className="font-normal text-slate-500">(optional)</span>
          </label>
          <textarea
            id="fn-description"
            value={description}
            maxLength={500}
            rows={3}
            onChange={(e) => setDescription(e.target.value)}
            className={inputClass}
          />
        </div>
        <div>
          <label htmlFor="fn-logo" className="block font-medium">
            Logo <span className="font-normal text-slate-500">(optional)</span>
          </label>
          <input
            id="fn-logo"
            type="file"
            accept={LOGO_TYPES.join(',')}
            onChange={(e) => void onFile(e)}
            aria-invalid={Boolean(errors.logo)}
            aria-describedby="fn-logo-msg"
            className="mt-1 block text-sm"
          />
          <p id="fn-logo-msg" className={`mt-1 text-xs ${errors.logo ? 'text-red-700' : 'text-slate-500'}`}>
            {errors.logo || `PNG, JPEG or WebP, at most ${MAX_LOGO_BYTES / 1024} KB.`}
          </p>
          {logo && (
            <div className="mt-2 flex items-center gap-3">
              <Image src={logo} alt="Logo preview" width={48} height={48} unoptimized className="rounded-md" />
              <button type="button" onClick={() => setLogo(null)} className="text-red-700 hover:underline">
                Remove logo
              </button>
            </div>
          )}
        </div>
        {error && (
          <p role="alert" className="text-red-700">
            {error}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <button type="button" onClick={onClose} className={buttonClass.secondary}>
            Cancel
          </button>
          <button type="submit" disabled={pending} className={buttonClass.primary}>
            {pending ? `${action}…` : action}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
