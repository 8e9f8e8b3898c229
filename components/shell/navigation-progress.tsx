'use client';
import { usePathname, useSearchParams } from 'next/navigation';
import { useEffect, useState } from 'react';

/** The same-origin page a click on a link is about to open, or null (new tab, download, same page, other site). */
function linkTarget(e: MouseEvent): URL | null {
  if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || e.defaultPrevented) return null;
  const a = e.target instanceof Element ? e.target.closest('a[href]') : null;
  if (!(a instanceof HTMLAnchorElement) || a.hasAttribute('download')) return null;
  if (a.target && a.target !== '_self') return null;
  const url = new URL(a.href, window.location.href);
  if (url.origin !== window.location.origin) return null;
  if (url.pathname === window.location.pathname && url.search === window.location.search) return null;
  return url;
}

/**
 * A top progress bar while a page is on its way. Console pages render on the
 * server (they check the session and the permission first), so after a click
 * on a link the old page stays until the new one arrives; this says it is
 * coming: a bar, role="status" "Loading…" for screen readers, and aria-busy
 * on <main>.
 *
 * Not loading.tsx skeletons: a loading boundary starts streaming the response
 * with status 200 before the page runs, so a refused page or an unknown id
 * (notFound() in the page) would no longer answer 404.
 */
export function NavigationProgress() {
  const at = `${usePathname()}?${useSearchParams().toString()}`;
  const [pending, setPending] = useState(false);
  // Arriving anywhere (the page clicked, a redirect, back) ends the wait.
  const [shown, setShown] = useState(at);
  if (shown !== at) {
    setShown(at);
    setPending(false);
  }

  useEffect(() => {
    // Capture phase: next/link's own click handler prevents the default, so run before it.
    const onClick = (e: MouseEvent) => {
      if (linkTarget(e)) setPending(true);
    };
    document.addEventListener('click', onClick, true);
    return () => document.removeEventListener('click', onClick, true);
  }, []);

  useEffect(() => {
    const main = document.getElementById('main');
    if (!main) return;
    if (pending) main.setAttribute('aria-busy', 'true');
    else main.removeAttribute('aria-busy');
  }, [pending]);

  return (
    <div aria-live="polite" className="pointer-events-none fixed inset-x-0 top-0 z-[70]">
      {pending && (
        <div role="status" className="h-1 w-full bg-brand-100">
          <div className="h-full w-full animate-pulse bg-brand-600 motion-reduce:animate-none" />
          <span className="sr-only">Loading…</span>
        </div>
      )}
    </div>
  );
}
