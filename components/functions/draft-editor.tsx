'use client';
import { useRouter } from 'next/navigation';
import { useCallback, useState } from 'react';
import { findFunctionTemplate } from '@/lib/functions/templates';
import type { FunctionKind, FunctionSettingDef } from '@/lib/functions/types';
import { useCreateFunction } from '@/lib/queries/functions';
import { fieldErrorsOf } from '@/lib/queries/field-errors';
import { buttonClass } from '@/components/ui/dialog';
import { blankCode, blankSettings } from './blank-code';
import { ConfigureDialog, type FunctionDetails } from './configure-dialog';
import { EditorShell } from './editor-shell';
import { settingsErrors } from './settings-panel';

/**
 * New Function after Build: the template's code, not saved anywhere yet.
 * Configure (name, description, logo) → Create Function saves it as version 1.
 */
export function DraftFunctionEditor({
  workspaceId,
  kind,
  templateId,
}: {
  workspaceId: string;
  kind: FunctionKind;
  templateId: string;
}) {
  const router = useRouter();
  const found = findFunctionTemplate(templateId);
  const template = found && found.kind === kind ? found : null;
  const [code, setCode] = useState(template?.code ?? blankCode(kind));
  const [settings, setSettings] = useState<FunctionSettingDef[]>(() =>
    (template?.settings ?? blankSettings(kind)).map((s) => ({ ...s })),
  );
  const [configuring, setConfiguring] = useState(false);
  const [blocked, setBlocked] = useState<string | null>(null);
  const create = useCreateFunction(workspaceId);
  const serverErrors = fieldErrorsOf(create.error);
  const errors = { ...serverErrors, ...settingsErrors(settings) };
  const close = useCallback(() => setConfiguring(false), []);

  function onConfigure() {
    if (Object.keys(settingsErrors(settings)).length) {
      setBlocked('Fix the highlighted settings first.');
      return;
    }
    setBlocked(null);
    create.reset();
    setConfiguring(true);
  }

  async function onCreate(d: FunctionDetails) {
    const f = await create
      .mutateAsync({
        kind,
        name: d.name,
        description: d.description,
        code,
        settings,
        ...(d.logo ? { logo: d.logo } : {}),
      })
      .catch(() => null);
    if (f) router.push(`/w/${workspaceId}/destinations/catalog/functions/${f.id}`);
  }

  const detailErrors = Object.fromEntries(Object.entries(serverErrors).filter(([k]) => !k.startsWith('settings')));
  return (
    <EditorShell
      workspaceId={workspaceId}
      kind={kind}
      title={`New ${kind === 'insert' ? 'Insert' : 'Destination'} Function`}
      subtitle={template ? `From the template "${template.name}" · not saved yet` : 'Blank · not saved yet'}
      logo={null}
      code={code}
      onCode={setCode}
      settings={settings}
      onSettings={setSettings}
      settingsErrors={errors}
      readOnly={false}
      toolbar={
        <>
          {blocked && (
            <span role="alert" className="text-sm text-red-700">
              {blocked}
            </span>
          )}
          <button type="button" onClick={onConfigure} className={buttonClass.primary}>
            Configure
          </button>
        </>
      }
    >
      {configuring && (
        <ConfigureDialog
          open
          title="Configure function"
          action="Create Function"
          initial={{ name: template?.name ?? '', description: template?.description ?? '', logo: null }}
          pending={create.isPending || create.isSuccess}
          error={create.error?.message ?? null}
          fieldErrors={detailErrors}
          onClose={close}
          onSubmit={(d) => void onCreate(d)}
        />
      )}
    </EditorShell>
  );
}
