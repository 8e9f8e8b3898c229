import { NextResponse, type NextRequest } from 'next/server';
import { databaseReachable } from '@/lib/server/health/db-probe';
import { acceptRequestId } from '@/lib/server/platform/request-meta';

// Runs before every console page and API request (Node runtime in Next 16).
// When the database is down, answer a clean 503 here instead of letting a
// page fail half-way through rendering. The probe result is cached for a
// second, so the cost is at most one `SELECT 1` per second.
export async function proxy(req: NextRequest) {
  const requestId = acceptRequestId(req.headers.get('x-request-id'));
  if (!(await databaseReachable())) {
    const headers = { 'Retry-After': '5', 'Cache-Control': 'no-store', 'x-request-id': requestId };
    if (req.nextUrl.pathname.startsWith('/api/') || req.headers.get('accept')?.includes('application/json')) {
      return NextResponse.json(
        { error: { code: 'db_unavailable', message: 'The database is unavailable. Try again shortly.', requestId } },
        { status: 503, headers },
      );
    }
    return new NextResponse(UNAVAILABLE_HTML, {
      status: 503,
      headers: { ...headers, 'content-type': 'text/html; charset=utf-8' },
    });
  }
  const forwarded = new Headers(req.headers);
  forwarded.set('x-request-id', requestId);
  const res = NextResponse.next({ request: { headers: forwarded } });
  res.headers.set('x-request-id', requestId);
  // HSTS only when the browser really reached us over HTTPS (directly or via a TLS-terminating proxy).
  if (req.nextUrl.protocol === 'https:' || req.headers.get('x-forwarded-proto') === 'https') {
    res.headers.set('Strict-Transport-Security', 'max-age=63072000; includeSubDomains');
  }
  return res;
}

// The tracking API (/v1/*) is left out: it answers a database outage with its own
// 503 (lib/server/ingest/handle.ts) and renders no pages, and running the proxy for
// every event request (which also makes Next clone the request body for it) was a
// large share of a /v1/track request's cost.
export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico|v1/).*)'],
};

const UNAVAILABLE_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Service unavailable · Privacy Console</title>
<meta http-equiv="refresh" content="10"><style>body{font-family:system-ui,sans-serif;background:#f8fafc;color:#0f172a;display:flex;min-height:100vh;align-items:center;justify-content:center;margin:0}main{max-width:28rem;padding:2rem;background:#fff;border:1px solid #e2e8f0;border-radius:.5rem}</style></head>
<body><main><h1>Service unavailable</h1><p>The console cannot reach its database right now. Nothing you saved has been lost. This page retries every 10 seconds.</p></main></body></html>`;
