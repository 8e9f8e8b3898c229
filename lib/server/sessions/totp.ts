import 'server-only';
import { generateSecret, generateURI, verify } from 'otplib';
import { getDb, type Db, type Tx } from '@/lib/server/db';
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

/** Ten fresh one-time recovery codes and the hashes that are stored (the codes are shown once). */
export function newRecoveryCodes(): { codes: string[]; hashes: string[] } {
  const codes = Array.from({ length: 10 }, () => randomToken(6).replace(/[-_]/g, 'x').slice(0, 8).toLowerCase());
  return { codes, hashes: codes.map((c) => sha256Hex(`recovery:${c}`)) };
}

/** The stored (sealed) form of a TOTP secret. */
export function sealTotpSecret(userId: string, secret: string): string {
  return seal(secret, aad(userId));
}

export type MfaCodeKind = 'totp' | 'recovery_code';

/**
 * Checks a current TOTP code, or consumes one recovery code, and says which it
 * was (null: neither). Consuming is one conditional UPDATE, so two requests
 * racing with the same recovery code cannot both succeed; inside a transaction
 * the code is given back if the transaction rolls back.
 */
export async function consumeMfaCode(db: Tx | Db, userId: string, code: string): Promise<MfaCodeKind | null> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { totpSecretEnc: true },
  });
  if (!user?.totpSecretEnc) return null;
  const trimmed = code.replace(/\s+/g, '').toLowerCase();
  if (await checkTotp(unseal(user.totpSecretEnc, aad(userId)), trimmed)) return 'totp';
  const h = sha256Hex(`recovery:${trimmed}`);
  const n = await db.$executeRaw`
    UPDATE "User" SET "recoveryCodeHashes" = array_remove("recoveryCodeHashes", ${h})
     WHERE id = ${userId}::uuid AND ${h} = ANY("recoveryCodeHashes")`;
  return n > 0 ? 'recovery_code' : null;
}

/** Accepts a current TOTP code, or consumes one recovery code. */
export async function verifyMfaCode(userId: string, code: string): Promise<boolean> {
  return (await consumeMfaCode(await getDb(), userId, code)) !== null;
}
