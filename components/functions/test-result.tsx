'use client';
import type { TestResultView } from '@/lib/schemas/functions';

const OUTCOME: Record<TestResultView['outcome'], { label: string; tone: string }> = {
  ok: { label: 'Succeeded', tone: 'border-emerald-300 bg-emerald-50 text-emerald-900' },
  retry: { label: 'Retry requested', tone: 'border-amber-300 bg-amber-50 text-amber-900' },
  dropped: { label: 'Event dropped', tone: 'border-slate-300 bg-slate-50 text-slate-900' },
  not_supported: { label: 'Event type not supported', tone: 'border-slate-300 bg-slate-50 text-slate-900' },
  failed: { label: 'Failed', tone: 'border-red-300 bg-red-50 text-red-900' },
};
const DELIVERY: Record<TestResultView['delivery'], string> = {
  delivered: 'Delivered',
  retrying: 'Retrying',
  filtered: 'Filtered',
  failed: 'Failed',
};

const BODY_PREVIEW = 2000;
const clip = (s: string | undefined) =>
  s === undefined ? '' : s.length > BODY_PREVIEW ? `${s.slice(0, BODY_PREVIEW)}… (${s.length} characters)` : s;
const ms = (n: number) => `${Math.round(n)} ms`;

/** What one test run did: outcome, the value returned, every fetch, and the console. */
export function TestResult({ result }: { result: TestResultView }) {
  const o = OUTCOME[result.outcome];
  return (
    <section aria-labelledby="fn-result-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="fn-result-heading" className="text-lg font-semibold">
        Test result
      </h2>
      <div role="status" className={`rounded-md border p-3 text-sm ${o.tone}`}>
        <p className="font-semibold">{o.label}</p>
        <dl className="mt-2 grid grid-cols-[10rem_1fr] gap-y-1">
          <dt>Delivery status</dt>
          <dd>{DELIVERY[result.delivery]}</dd>
          <dt>Duration</dt>
          <dd>{ms(result.durationMs)}</dd>
          {result.errorType && (
            <>
              <dt>Error type</dt>
              <dd className="font-mono">{result.errorType}</dd>
            </>
          )}
          {result.message && (
            <>
              <dt>Message</dt>
              <dd className="break-words">{result.message}</dd>
            </>
          )}
          <dt>Input</dt>
          <dd>
            {result.input.kind === 'pasted' ? 'Pasted event' : 'Source Debugger event'}
            {result.input.masked ? ' (Red and Yellow values masked: you do not have PII access)' : ''}
          </dd>
        </dl>
      </div>

      <figure>
        <figcaption id="fn-result-returned" className="mb-1 text-sm font-medium">
          Returned value
        </figcaption>
        <pre
          aria-labelledby="fn-result-returned"
          tabIndex={0}
          className="max-h-96 overflow-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100"
        >
          {result.returned === null || result.returned === undefined
            ? 'Nothing returned'
            : JSON.stringify(result.returned, null, 2)}
        </pre>
      </figure>

      <div>
        <h3 className="text-sm font-medium">Fetch calls ({result.fetches.length})</h3>
        {result.fetches.length === 0 ? (
          <p className="text-sm text-slate-500">The code made no fetch calls.</p>
        ) : (
          <table className="mt-1 w-full table-fixed text-left text-xs">
            <caption className="sr-only">Fetch calls made by the test run</caption>
            <thead className="bg-slate-50 text-slate-600">
              <tr>
                <th scope="col" className="w-16 px-2 py-1">
                  Method
                </th>
                <th scope="col" className="px-2 py-1">
                  URL
                </th>
                <th scope="col" className="w-20 px-2 py-1">
                  Status
                </th>
                <th scope="col" className="w-20 px-2 py-1">
                  Duration
                </th>
                <th scope="col" className="px-2 py-1">
                  Response body
                </th>
              </tr>
            </thead>
            <tbody>
              {result.fetches.map((f, i) => (
                <tr key={i} className="border-t border-slate-100 align-top">
                  <td className="px-2 py-1 font-mono">{f.method}</td>
                  <td className="break-all px-2 py-1 font-mono">{f.url}</td>
                  <td className="px-2 py-1">{f.status ?? `Error${f.error ? `: ${f.error}` : ''}`}</td>
                  <td className="px-2 py-1">{ms(f.durationMs)}</td>
                  <td className="px-2 py-1">
                    <pre className="max-h-40 overflow-auto whitespace-pre-wrap break-all font-mono">
                      {clip(f.responseBody)}
                    </pre>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>

      <div>
        <h3 className="text-sm font-medium">Console output</h3>
        {result.logs.length === 0 ? (
          <p className="text-sm text-slate-500">Nothing was logged.</p>
        ) : (
          <ol
            aria-label="Console output"
            className="mt-1 space-y-0.5 rounded-md bg-slate-900 p-3 font-mono text-xs text-slate-100"
          >
            {result.logs.map((l, i) => (
              <li key={i} className="whitespace-pre-wrap break-all">
                <span
                  className={
                    l.level === 'error' ? 'text-red-300' : l.level === 'warn' ? 'text-amber-300' : 'text-slate-400'
                  }
                >
                  [{l.level}]
                </span>{' '}
                {l.message}
              </li>
            ))}
          </ol>
        )}
        {result.logsTruncated && <p className="mt-1 text-xs text-slate-600">Console output was truncated.</p>}
      </div>
    </section>
  );
}
