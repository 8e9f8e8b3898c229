import QRCode from 'qrcode';
import { withSession, json, parseBody } from '@/lib/server/http';
import { audited, noAudit } from '@/lib/server/audit/route-scope';
import { confirmMfaEnrolment, disableMfa, startMfaEnrolment } from '@/lib/server/sessions/mfa-enrolment';
import {
  mfaConfirmedResponse,
  mfaConfirmInput,
  mfaDisabledResponse,
  mfaDisableInput,
  mfaSetupResponse,
} from '@/lib/schemas/members';

// Every method needs the password re-entered in this session within 5 minutes
// (403 reauth_required otherwise); POST and DELETE also need a current code once
// two-factor is on. See lib/server/sessions/mfa-enrolment.ts.

/** Starts enrolment (or a replacement): a fresh secret and its QR code. Nothing is stored until a code is confirmed. */
export const GET = withSession(
  async (_req, ctx) => {
    const { secret, uri } = await startMfaEnrolment(ctx);
    return json(mfaSetupResponse.parse({ secret, qrDataUrl: await QRCode.toDataURL(uri, { margin: 1, width: 200 }) }));
  },
  { audit: noAudit('a fresh secret that is not stored; nothing changes until POST') },
);

/** Turns two-factor on or replaces the authenticator; the recovery codes in the answer are shown once. */
export const POST = withSession(
  async (req, ctx) => {
    const input = await parseBody(req, mfaConfirmInput);
    return json(mfaConfirmedResponse.parse(await confirmMfaEnrolment(ctx, input)), { status: 201 });
  },
  { audit: audited('auth.mfa_enrolled', 'auth.mfa_reenrolled') },
);

/** Turns two-factor off, unless one of the user's workspaces requires it. */
export const DELETE = withSession(
  async (req, ctx) => {
    const input = await parseBody(req, mfaDisableInput);
    return json(mfaDisabledResponse.parse(await disableMfa(ctx, input)));
  },
  { audit: audited('auth.mfa_disabled') },
);
