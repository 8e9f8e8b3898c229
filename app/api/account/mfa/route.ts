import QRCode from 'qrcode';
import { withSession, json, parseBody } from '@/lib/server/http';
import { audited, noAudit } from '@/lib/server/audit/route-scope';
import { confirmMfaEnrolment } from '@/lib/server/sessions/mfa-enrolment';
import { newTotpSecret } from '@/lib/server/sessions/totp';
import { mfaConfirmedResponse, mfaConfirmInput, mfaSetupResponse } from '@/lib/schemas/members';

/** Starts enrolment: a fresh secret and its QR code. Nothing is stored until a code is confirmed. */
export const GET = withSession(
  async (_req, ctx) => {
    const { secret, uri } = newTotpSecret(ctx.user.email);
    return json(mfaSetupResponse.parse({ secret, qrDataUrl: await QRCode.toDataURL(uri, { margin: 1, width: 200 }) }));
  },
  { audit: noAudit("the signed-in user's own MFA state") },
);

/** Confirms enrolment; the recovery codes in the answer are shown once. */
export const POST = withSession(
  async (req, ctx) => {
    const { secret, code } = await parseBody(req, mfaConfirmInput);
    return json(mfaConfirmedResponse.parse({ recoveryCodes: await confirmMfaEnrolment(ctx, secret, code) }), {
      status: 201,
    });
  },
  { audit: audited('auth.mfa_enrolled', 'auth.mfa_disabled') },
);
