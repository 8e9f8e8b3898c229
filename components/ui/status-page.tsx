import type { ReactNode } from 'react';

/**
 * The body of a page that could not be shown (not found, refused, failed):
 * a heading, what happened, and where to go next. Never given an error's
 * message or stack: those can carry PHI.
 */
export function StatusPage({
  eyebrow,
  title,
  children,
  actions,
}: {
  eyebrow: string;
  title: string;
  children: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <section
      aria-labelledby="status-page-title"
      className="mx-auto mt-8 max-w-xl rounded-lg border border-slate-200 bg-white p-8 shadow-sm"
    >
      <p className="text-sm font-semibold uppercase tracking-wide text-brand-700">{eyebrow}</p>
      <h1 id="status-page-title" className="mt-1 text-2xl font-semibold">
        {title}
      </h1>
      <div className="mt-3 space-y-2 text-sm text-slate-700">{children}</div>
      {actions && <div className="mt-6 flex flex-wrap gap-3">{actions}</div>}
    </section>
  );
}
