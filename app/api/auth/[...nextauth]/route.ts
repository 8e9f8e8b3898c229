import NextAuth from 'next-auth';
import type { NextRequest } from 'next/server';
import { publicRoute } from '@/lib/server/http';
import { audited, noAudit } from '@/lib/server/audit/route-scope';
import { authOptions } from '@/lib/server/sessions/next-auth-options';

const handler = NextAuth(authOptions) as (
  req: NextRequest,
  ctx: { params: Promise<{ nextauth: string[] }> },
) => Promise<Response>;

// next-auth answers these itself (its own CSRF token guards the sign-in POST).
export const GET = publicRoute<{ nextauth: string[] }>(
  (req, _meta, params) => handler(req, { params: Promise.resolve(params) }),
  {
    audit: noAudit('next-auth CSRF token and provider list'),
  },
);
export const POST = publicRoute<{ nextauth: string[] }>(
  (req, _meta, params) => handler(req, { params: Promise.resolve(params) }),
  {
    audit: audited('auth.signed_in', 'auth.sign_in_failed', 'auth.account_locked'),
  },
);
