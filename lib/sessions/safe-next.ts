// Where to go after signing in (`/login?next=…`). The value is attacker-chosen,
// and browsers read URLs loosely: `/\evil.example`, `/<TAB>/evil.example` and
// `//evil.example` all leave the site. So it is parsed exactly as the browser
// will parse it (WHATWG URL, against our own origin), kept only when it stays on
// that origin, and rebuilt from its path, query and fragment, so nothing but a
// same-origin path is ever navigated to. The sign-in page (server) and the
// sign-in form (browser) both use this one function.

/**
 * `next` as a same-origin path ("/w/…?x#y"), or `fallback` when it is missing,
 * unparsable or points anywhere else (another host, `javascript:`, `data:`, …).
 */
export function safeNextPath(next: string | null | undefined, origin: string, fallback = '/'): string {
  if (typeof next !== 'string' || next === '' || !URL.canParse(origin)) return fallback;
  const base = new URL(origin);
  if (!URL.canParse(next, base)) return fallback;
  const url = new URL(next, base);
  if (url.origin !== base.origin) return fallback;
  // A same-origin absolute URL can still carry a path starting with "//"
  // (http://us//evil.example): as a relative reference that would be another host.
  const path = url.pathname.replace(/^[/\\]+/, '/');
  return `${path}${url.search}${url.hash}`;
}
