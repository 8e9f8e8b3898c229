// Building blocks of the response schemas. A response schema is an allow-list:
// route handlers answer with `json(XResponse.parse(out))`, and zod objects strip
// every key they do not name, so a column added to a query (a hash, a sealed
// secret) cannot reach the browser by accident. The view types the UI uses are
// inferred from the same schemas, so client code never needs lib/server.
import { z } from 'zod';
import type { BaaStatus } from '@/lib/destinations/catalog';

/** An instant as the API sends it: `Date.toISOString()` (UTC, "Z"). */
export const isoTimestamp = z.iso.datetime();

/**
 * The same, for services that hand back a Prisma `Date` and leave the
 * conversion to JSON serialisation: accepted as a Date or an ISO string,
 * always sent as the ISO string (exactly what JSON.stringify would write).
 */
export const timestampOut = z
  .union([z.date(), isoTimestamp])
  .transform((v) => (typeof v === 'string' ? v : v.toISOString()));

export const namedRef = z.object({ id: z.string(), name: z.string() });
export type NamedRef = z.infer<typeof namedRef>;

export const okResponse = z.object({ ok: z.literal(true) });
export const deletedResponse = z.object({ deleted: z.literal(true) });

/** GET /health. */
export const healthResponse = z.object({ status: z.literal('ok'), database: z.literal('up') });

/** A destination's effective BAA status (lib/destinations/catalog.ts). */
export const BAA_STATUSES = ['signs', 'does_not_sign', 'you_decide'] as const satisfies readonly BaaStatus[];
export const baaStatus = z.enum(BAA_STATUSES);

/** What a destination gets of a sensitive field: sent in clear, encrypted, hashed, or dropped (blocked at source). */
export const TREATMENTS = ['clear', 'encrypted', 'hashed', 'dropped'] as const;
export const treatment = z.enum(TREATMENTS);
export type Treatment = z.infer<typeof treatment>;
