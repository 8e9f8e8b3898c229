'use client';
import Link from 'next/link';
import { buttonClass } from './dialog';
import { StatusPage } from './status-page';

/**
 * The body of an error boundary. It shows the error's digest (an opaque id the
 * server logs beside the real error) and never the message or the stack, which
 * can carry PHI or internals.
 */
export function ErrorNotice({
  error,
  retry,
  home = { href: '/', label: 'Go to the console' },
}: {
  error: unknown;
  retry: () => void;
  home?: { href: string; label: string };
}) {
  // A server error arrives as an Error with a digest; a value thrown in the browser may be anything.
  const digest = error instanceof Error && 'digest' in error && typeof error.digest === 'string' ? error.digest : null;
  return (
    <StatusPage
      eyebrow="Error"
      title="Something went wrong"
      actions={
        <>
          <button type="button" onClick={retry} className={buttonClass.primary}>
            Try again
          </button>
          <Link href={home.href} className={buttonClass.secondary}>
            {home.label}
          </Link>
        </>
      }
    >
      <p>This page could not be shown. Nothing you saved before this was lost.</p>
      {digest && (
        <p>
          If it keeps happening, give your administrator this reference: <span className="font-mono">{digest}</span>
        </p>
      )}
    </StatusPage>
  );
}
