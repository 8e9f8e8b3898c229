import 'server-only';
import { generateSecret, generateURI, verify } from 'otplib';
import { getDb } from '@/lib/server/db';
import { seal, unseal } from '@/lib/server/platform/seal';
import { randomToken, sha256Hex } from '@/lib/server/platform/tokens';

const ISSUER = 'Privacy Console';
const aad = (userId: string) => `totp:${userId}`;

/** A fresh secret for enrolment; nothing is stored until the user proves a code. */
export function newTotpSecret(email: string): { secret: string; uri: string } {
  const secret = generateSecret();
  return { secret, uri: generateURI({ issuer: ISSUER, label: email, secret }) };
}

export async function checkTotp(secret: string, code: string): Promise<boolean> {
  if (!/^\d{6}$/.test(code)) return false;
  // One 30-second step either side tolerates clock drift on the phone.
  const r = await verify({ secret, token: code, epochTolerance: 30 }).catch(() => null);
  return Boolean(r?.valid);
}

/** Confirms enrolment: stores the sealed secret and returns one-time recovery codes (shown once). */
export async function enableTotp(userId: string, secret: string, code: string): Promise<string[] | null> {
  if (!(await checkTotp(secret, code))) return null;
  const codes = Array.from({ length: 10 }, () => randomToken(6).replace(/[-_]/g, 'x').slice(0, 8).toLowerCase());
  const db = await getDb();
  await db.user.update({
    where: { id: userId },
    data: {
      totpSecretEnc: seal(secret, aad(userId)),
      totpEnabledAt: new Date(),
      recoveryCodeHashes: codes.map((c) => sha256Hex(`recovery:${c}`)),
    },
  });
  return codes;
}

/** Accepts a current TOTP code, or consumes one recovery code. */
export async function verifyMfaCode(userId: string, code: string): Promise<boolean> {
  const db = await getDb();
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { totpSecretEnc: true, recoveryCodeHashes: true },
  });
  if (!user?.totpSecretEnc) return false;
  const trimmed = code.replace(/\s+/g, '').toLowerCase();
  if (await checkTotp(unseal(user.totpSecretEnc, aad(userId)), trimmed)) return true;
  const h = sha256Hex(`recovery:${trimmed}`);
  if (!user.recoveryCodeHashes.includes(h)) return false;
  await db.user.update({
    where: { id: userId },
    data: { recoveryCodeHashes: user.recoveryCodeHashes.filter((x) => x !== h) },
  });
  return true;
}
