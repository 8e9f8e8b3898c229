'use client';
import CodeMirror, { EditorView, type Text } from '@uiw/react-codemirror';
import { javascript } from '@codemirror/lang-javascript';
import { linter, lintGutter, type Diagnostic } from '@codemirror/lint';
import { useMemo } from 'react';
import type { SyntaxCheckView } from '@/lib/schemas/functions';
import { codeHighlighting } from './code-highlight';

export interface CodeProblem {
  line: number;
  column: number;
  message: string;
}

/** What the last check said, for the Problems list outside the editor (screen readers, keyboard users). */
export type CheckState =
  | { state: 'idle' }
  | { state: 'ok'; handlers: string[] }
  | { state: 'errors'; errors: CodeProblem[] }
  | { state: 'failed'; message: string };

/** The server reports 1-based line and column; CodeMirror wants document offsets. */
export function toDiagnostic(doc: Text, p: CodeProblem): Diagnostic {
  const line = doc.line(Math.min(Math.max(Math.trunc(p.line) || 1, 1), doc.lines));
  const from = Math.min(line.from + Math.max(Math.trunc(p.column) - 1, 0), line.to);
  return { from, to: line.to > from ? line.to : from, severity: 'error', message: p.message, source: 'compiler' };
}

// A constant: a new object on each render would reconfigure the editor (closing its search panel).
const BASIC_SETUP = { autocompletion: false, foldGutter: false } as const;

interface Props {
  value: string;
  onChange: (code: string) => void;
  readOnly?: boolean;
  /** Compiles the code on the server (POST /functions/check); absent when read-only. */
  check?: (code: string) => Promise<SyntaxCheckView>;
  onChecked?: (s: CheckState) => void;
  describedBy?: string;
}

/**
 * CodeMirror 6 with JavaScript highlighting and inline lint from the server's
 * compiler (the one the runtime uses), debounced. Tab indents; Esc then Tab
 * moves focus on, as CodeMirror documents for keyboard users.
 */
export function CodeEditor({ value, onChange, readOnly, check, onChecked, describedBy }: Props) {
  // Pass stable callbacks: a new one rebuilds the extensions (and restarts the linter).
  const extensions = useMemo(
    () => [
      javascript(),
      codeHighlighting,
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({
        'aria-label': 'Function code',
        // In the tab order even when read-only, so keyboard users can scroll the code (axe:
        // scrollable-region-focusable does not count contenteditable as focusable).
        tabindex: '0',
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
      }),
      lintGutter(),
      linter(
        async (view) => {
          if (!check) return [];
          const doc = view.state.doc;
          try {
            const r = await check(doc.toString());
            if (r.ok) {
              onChecked?.({ state: 'ok', handlers: r.handlers });
              return [];
            }
            onChecked?.({ state: 'errors', errors: r.errors });
            return r.errors.map((e) => toDiagnostic(doc, e));
          } catch (e) {
            onChecked?.({ state: 'failed', message: (e as Error).message });
            return [];
          }
        },
        { delay: 600 },
      ),
    ],
    [check, onChecked, describedBy],
  );

  return (
    <CodeMirror
      value={value}
      onChange={onChange}
      readOnly={readOnly}
      editable={!readOnly}
      extensions={extensions}
      basicSetup={BASIC_SETUP}
      minHeight="28rem"
      maxHeight="44rem"
      className="overflow-hidden rounded-md border border-slate-300 text-sm"
    />
  );
}
