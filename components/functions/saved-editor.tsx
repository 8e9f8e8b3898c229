'use client';
import { useRouter } from 'next/navigation';
import { useCallback, useState } from 'react';
import type { FunctionSettingDef } from '@/lib/functions/types';
import { useFunction, useFunctionMutations, type FunctionView } from '@/lib/queries/functions';
import { fieldErrorsOf } from '@/lib/queries/field-errors';
import { useWorkspace } from '@/components/shell/workspace-context';
import { buttonClass } from '@/components/ui/dialog';
import { TypedConfirmDialog } from '@/components/ui/typed-confirm-dialog';
import { ConfigureDialog } from './configure-dialog';
import { DeployDialog } from './deploy-dialog';
import { EditorShell } from './editor-shell';
import { FunctionConnections } from './function-connections';
import { settingsErrors } from './settings-panel';
import { VersionsPanel } from './versions-panel';

/** A saved function: its latest version in the editor, Save (a new version), Deploy, history and diff. */
export function SavedFunctionEditor({ workspaceId, initial }: { workspaceId: string; initial: FunctionView }) {
  const q = useFunction(workspaceId, initial.id, initial);
  return (
    <>
      {q.error && (
        <p role="alert" className="mb-4 text-sm text-red-700">
          The function could not be reloaded: {q.error.message}
        </p>
      )}
      <Loaded workspaceId={workspaceId} fn={q.data ?? initial} />
    </>
  );
}

const sameSettings = (a: readonly FunctionSettingDef[], b: readonly FunctionSettingDef[]) =>
  JSON.stringify(a) === JSON.stringify(b);

function Loaded({ workspaceId, fn }: { workspaceId: string; fn: FunctionView }) {
  const router = useRouter();
  const { can } = useWorkspace();
  const write = can('functions.write');
  const m = useFunctionMutations(workspaceId, fn.id);
  // Initialised once: refetches after Save or Deploy must not replace what is being edited.
  const [code, setCode] = useState(fn.latest.code);
  const [settings, setSettings] = useState<FunctionSettingDef[]>(fn.latest.settings);
  const [dialog, setDialog] = useState<'deploy' | 'details' | 'delete' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const close = useCallback(() => setDialog(null), []);
  const dirty = code !== fn.latest.code || !sameSettings(settings, fn.latest.settings);
  const localErrors = settingsErrors(settings);
  const errors = { ...fieldErrorsOf(m.saveVersion.error), ...localErrors };

  async function onSave() {
    if (!dirty) return setNotice('No changes to save.');
    setNotice(null);
    if (Object.keys(localErrors).length) return setNotice('Fix the highlighted settings before saving.');
    const v = await m.saveVersion.mutateAsync({ code, settings }).catch(() => null);
    if (!v) return;
    setNotice(
      v.deployable
        ? `Saved as version ${v.number}.`
        : `Saved as version ${v.number}. It has errors and cannot be deployed: ${v.errors
            .map((e) => `line ${e.line}, column ${e.column}: ${e.message}`)
            .join('; ')}`,
    );
  }

  async function onDeploy(versionId: string) {
    const ok = await m.deploy.mutateAsync(versionId).then(
      () => true,
      () => false,
    );
    if (!ok) return;
    setDialog(null);
    const n = fn.versions.find((v) => v.id === versionId)?.number;
    setNotice(n ? `Version ${n} deployed.` : 'Deployed.');
  }

  async function onDelete(typed: string) {
    const ok = await m.remove.mutateAsync(typed).then(
      () => true,
      () => false,
    );
    if (ok) router.push(`/w/${workspaceId}/destinations/catalog/functions`);
  }

  const deployed = fn.deployedVersion === null ? 'Not deployed' : `Deployed: version ${fn.deployedVersion}`;
  const latest = Math.max(...fn.versions.map((v) => v.number), fn.latest.number);
  const saveError = m.saveVersion.error && !Object.keys(fieldErrorsOf(m.saveVersion.error)).length;
  return (
    <EditorShell
      workspaceId={workspaceId}
      kind={fn.kind}
      title={fn.name}
      subtitle={`${deployed} · latest version ${latest}`}
      logo={fn.logo}
      code={code}
      onCode={setCode}
      settings={settings}
      onSettings={setSettings}
      settingsErrors={errors}
      readOnly={!write}
      toolbar={
        write ? (
          <>
            <span role="status" className="max-w-md text-sm text-slate-700">
              {notice ?? (dirty ? 'Unsaved changes' : `All changes saved (version ${fn.latest.number})`)}
            </span>
            {saveError && (
              <span role="alert" className="text-sm text-red-700">
                {m.saveVersion.error?.message}
              </span>
            )}
            <button
              type="button"
              onClick={() => void onSave()}
              // Focusable even with nothing to save, so keyboard users meet it in the tab order.
              aria-disabled={!dirty || undefined}
              disabled={m.saveVersion.isPending}
              className={`${buttonClass.secondary} aria-disabled:opacity-50`}
            >
              {m.saveVersion.isPending ? 'Saving…' : 'Save'}
            </button>
            <button
              type="button"
              onClick={() => {
                m.deploy.reset();
                setDialog('deploy');
              }}
              className={buttonClass.primary}
            >
              Deploy
            </button>
          </>
        ) : null
      }
    >
      <VersionsPanel workspaceId={workspaceId} functionId={fn.id} versions={fn.versions} />
      <FunctionConnections workspaceId={workspaceId} fn={fn} />
      {write && (
        <section aria-labelledby="fn-manage-heading" className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="fn-manage-heading" className="text-lg font-semibold">
            Manage
          </h2>
          <div className="mt-3 flex flex-wrap gap-2">
            <button type="button" onClick={() => setDialog('details')} className={buttonClass.secondary}>
              Edit name, description and logo
            </button>
            <button type="button" onClick={() => setDialog('delete')} className={buttonClass.danger}>
              Delete function
            </button>
          </div>
        </section>
      )}
      <DeployDialog
        open={dialog === 'deploy'}
        onClose={close}
        versions={fn.versions}
        unsaved={dirty}
        pending={m.deploy.isPending}
        error={m.deploy.error?.message ?? null}
        onDeploy={(id) => void onDeploy(id)}
      />
      {dialog === 'details' && (
        <ConfigureDialog
          open
          title="Function details"
          action="Save details"
          initial={{ name: fn.name, description: fn.description, logo: fn.logo }}
          pending={m.update.isPending}
          error={m.update.error?.message ?? null}
          fieldErrors={fieldErrorsOf(m.update.error)}
          onClose={close}
          onSubmit={(d) =>
            void m.update
              .mutateAsync({ name: d.name, description: d.description, logo: d.logo })
              .then(close, () => undefined)
          }
        />
      )}
      <TypedConfirmDialog
        open={dialog === 'delete'}
        title={`Delete ${fn.name}?`}
        name={fn.name}
        onClose={() => {
          close();
          m.remove.reset();
        }}
        onConfirm={(t) => void onDelete(t)}
        pending={m.remove.isPending}
        error={m.remove.error?.message}
      >
        <p>Its code and every version are deleted. A function still connected to a destination cannot be deleted.</p>
      </TypedConfirmDialog>
    </EditorShell>
  );
}
