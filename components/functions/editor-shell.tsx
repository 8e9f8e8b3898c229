'use client';
import Link from 'next/link';
import { useCallback, useState } from 'react';
import type { FunctionKind, FunctionSettingDef } from '@/lib/functions/types';
import type { TestResultView } from '@/lib/schemas/functions';
import { checkFunctionCode } from '@/lib/queries/functions';
import { CodeEditor, type CheckState } from './code-editor';
import { SettingsPanel } from './settings-panel';
import { TestPanel } from './test-panel';
import { TestResult } from './test-result';
import { FunctionLogo, KIND_LABELS } from './function-logo';

interface Props {
  workspaceId: string;
  kind: FunctionKind;
  title: string;
  subtitle: string;
  logo: string | null;
  code: string;
  onCode: (code: string) => void;
  settings: FunctionSettingDef[];
  onSettings: (defs: FunctionSettingDef[]) => void;
  settingsErrors: Record<string, string>;
  readOnly: boolean;
  /** Save / Deploy / Configure, and the save status. */
  toolbar: React.ReactNode;
  /** Versions, details, delete. */
  children?: React.ReactNode;
}

/** The function editor's page body, shared by the unsaved draft and a saved function. */
export function EditorShell(p: Props) {
  const { workspaceId } = p;
  const [check, setCheck] = useState<CheckState>({ state: 'idle' });
  const [result, setResult] = useState<TestResultView | null>(null);
  const runCheck = useCallback((code: string) => checkFunctionCode(workspaceId, code), [workspaceId]);
  const settingsBlocked = Object.keys(p.settingsErrors).length
    ? 'Fix the highlighted settings before running a test.'
    : null;
  return (
    <div className="space-y-6">
      <div>
        <p className="mb-2 text-sm">
          <Link href={`/w/${workspaceId}/destinations`} className="text-brand-700 hover:underline">
            Destinations
          </Link>{' '}
          /{' '}
          <Link href={`/w/${workspaceId}/destinations/catalog/functions`} className="text-brand-700 hover:underline">
            Functions
          </Link>{' '}
          /
        </p>
        <div className="flex flex-wrap items-center justify-between gap-4">
          <div className="flex items-center gap-3">
            <FunctionLogo logo={p.logo} kind={p.kind} size="lg" />
            <div>
              <h1 className="text-2xl font-semibold">{p.title}</h1>
              <p className="text-sm text-slate-600">
                {KIND_LABELS[p.kind]} · {p.subtitle}
              </p>
            </div>
          </div>
          <div role="toolbar" aria-label="Function actions" className="flex flex-wrap items-center gap-2">
            {p.toolbar}
          </div>
        </div>
        {p.readOnly && (
          <p role="note" className="mt-3 rounded-md border border-slate-300 bg-slate-50 p-2 text-sm text-slate-800">
            Read-only: your role is Compliance. You can read the code, its settings and its versions.
          </p>
        )}
      </div>

      <div className="grid gap-6 lg:grid-cols-5">
        <section aria-labelledby="fn-code-heading" className="min-w-0 space-y-2 lg:col-span-3">
          <h2 id="fn-code-heading" className="text-lg font-semibold">
            Code
          </h2>
          <p id="fn-code-help" className="text-xs text-slate-600">
            Handlers: onTrack, onIdentify, onPage, onScreen, onGroup, onAlias, onDelete, onBatch, each{' '}
            <code>async (event, settings)</code>. <code>fetch</code>, <code>crypto</code> and the error classes
            (RetryError, DropEvent, ValidationError…) are globals.
            {p.readOnly ? '' : ' Tab indents; press Esc, then Tab, to move on.'}
          </p>
          <CodeEditor
            value={p.code}
            onChange={p.onCode}
            readOnly={p.readOnly}
            check={p.readOnly ? undefined : runCheck}
            onChecked={setCheck}
            describedBy="fn-code-help"
          />
          <Problems check={check} />
        </section>
        <div className="min-w-0 space-y-6 lg:col-span-2">
          <SettingsPanel defs={p.settings} onChange={p.onSettings} errors={p.settingsErrors} readOnly={p.readOnly} />
          {!p.readOnly && (
            <TestPanel
              workspaceId={workspaceId}
              kind={p.kind}
              code={p.code}
              settings={p.settings}
              blocked={settingsBlocked}
              onResult={setResult}
            />
          )}
        </div>
      </div>
      {result && <TestResult result={result} />}
      {p.children}
    </div>
  );
}

function Problems({ check }: { check: CheckState }) {
  return (
    <div role="status" aria-label="Problems" className="text-sm">
      {check.state === 'ok' && (
        <p className="text-emerald-800">No problems. Handlers found: {check.handlers.join(', ') || 'none'}.</p>
      )}
      {check.state === 'failed' && <p className="text-amber-800">The code could not be checked: {check.message}</p>}
      {check.state === 'errors' && (
        <ul className="space-y-1 text-red-800">
          {check.errors.map((e, i) => (
            <li key={i}>
              Line {e.line}, column {e.column}: {e.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
