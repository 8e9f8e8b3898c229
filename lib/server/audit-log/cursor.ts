import 'server-only';
import { AppError } from '@/lib/server/errors';

// Keyset position in (timestamp desc, id desc) order plus the direction to read.
// Opaque to clients (base64url) so the API can change its shape without breaking
// bookmarked URLs any worse than an "invalid cursor" 400.
export interface AuditCursor {
  dir: 'older' | 'newer';
  ts: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCursor(c: AuditCursor): string {
  return Buffer.from(JSON.stringify([c.dir === 'older' ? 'o' : 'n', c.ts.getTime(), c.id])).toString('base64url');
}

export function decodeCursor(s: string): AuditCursor {
  try {
    const v: unknown = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 3) {
      const [d, t, id] = v as unknown[];
      if ((d === 'o' || d === 'n') && Number.isSafeInteger(t) && typeof id === 'string' && UUID.test(id)) {
        return { dir: d === 'o' ? 'older' : 'newer', ts: new Date(t as number), id };
      }
    }
  } catch {
    // fall through to the 400 below
  }
  throw new AppError('bad_request', 'Invalid page cursor.');
}
