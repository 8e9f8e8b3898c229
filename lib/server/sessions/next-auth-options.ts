import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { z } from 'zod';
import { signInWithPassword } from '@/lib/server/sessions/sign-in';
import { createSession } from '@/lib/server/sessions/sessions';
import { metaFromHeaders } from '@/lib/server/platform/request-meta';
import { ABSOLUTE_LIFETIME_SECONDS } from '@/lib/sessions/policy';

const credentialsSchema = z.object({
  email: z.string().trim().min(3).max(320),
  password: z.string().min(1).max(1024),
  code: z
    .string()
    .trim()
    .max(32)
    .optional()
    .transform((v) => v || undefined),
});

/**
 * next-auth handles the credentials form, CSRF on its endpoints and the
 * encrypted cookie. The cookie carries nothing but an opaque session token; the
 * session itself is a database row (lib/server/sessions/sessions.ts), so logout,
 * member removal and password changes revoke it at once, and idle/absolute
 * limits are enforced there on every request.
 */
export const authOptions: NextAuthOptions = {
  secret: process.env.NEXTAUTH_SECRET,
  session: { strategy: 'jwt', maxAge: ABSOLUTE_LIFETIME_SECONDS },
  pages: { signIn: '/login', error: '/login' },
  providers: [
    CredentialsProvider({
      name: 'Email and password',
      credentials: { email: { type: 'email' }, password: { type: 'password' }, code: { type: 'text' } },
      async authorize(credentials, req) {
        const parsed = credentialsSchema.safeParse(credentials ?? {});
        if (!parsed.success) throw new Error('invalid');
        const headers = new Headers();
        for (const [k, v] of Object.entries(req.headers ?? {})) if (typeof v === 'string') headers.set(k, v);
        const meta = metaFromHeaders(headers);
        const r = await signInWithPassword(parsed.data, meta);
        if (!r.ok) throw new Error(r.reason);
        const sessionToken = await createSession(r.user.id, meta, r.mfaVerified);
        return { id: r.user.id, sessionToken };
      },
    }),
  ],
  callbacks: {
    // Keep only the opaque reference: no name, email or role travels in the cookie.
    async jwt({ token, user }) {
      if (user && 'sessionToken' in user) return { sid: String(user.sessionToken) };
      return token;
    },
    async session({ session }) {
      return { expires: session.expires };
    },
  },
};
